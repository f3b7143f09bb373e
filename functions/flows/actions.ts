import { flowAliases } from './aliases';
import { createFlowAction } from './create-flow';
import { flowCompletion } from './flow-completion';
import { deleteFlowAction, deprecateFlowAction, publishFlowAction } from './flow-transitions';
import { flowHealthCheck, getFlowAction } from './get-flow';
import { getFlowResponses } from './get-flow-responses';
import { getFlows } from './get-flows';
import { updateFlowAction } from './update-flow';

export const flowActions = [
  createFlowAction,
  getFlows,
  getFlowAction,
  updateFlowAction,
  publishFlowAction,
  deprecateFlowAction,
  deleteFlowAction,
  flowHealthCheck,
  getFlowResponses,
  flowCompletion,
  ...flowAliases,
];
