import { configAliases } from './aliases';
import { getBestPractices } from './get-best-practices';
import { getConfig } from './get-config';
import { getInfra } from './get-infra';
import { getMediaTypes } from './get-media-types';
import { getPhoneInfo } from './get-phone-info';
import { getQuality } from './get-quality';
import { getWabas } from './get-wabas';
import { help, listActions } from './help';
import { ping } from './ping';
import { setGraphToken } from './set-graph-token';
import { refreshInfra } from './refresh-infra';
import { refreshMediaTypes } from './refresh-media-types';
import { refreshQuality } from './refresh-quality';

export const configActions = [
  ping,
  help,
  listActions,
  getConfig,
  getWabas,
  getPhoneInfo,
  getQuality,
  refreshQuality,
  getInfra,
  refreshInfra,
  getMediaTypes,
  refreshMediaTypes,
  getBestPractices,
  setGraphToken,
  ...configAliases,
];
