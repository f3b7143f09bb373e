import type { EumRoutes } from '../context';
import { flowOperations } from '../flows/operations';
import { templateOperations } from '../templates/operations';
import { accountOperations } from './accounts';
import { mediaOperations } from './media';
import { messageOperations } from './messages';

/** Every EUM Social operation the stand-in serves. A new group of operations is one file here and one line below. */
export const EUM_OPERATIONS: EumRoutes = {
  ...accountOperations,
  ...messageOperations,
  ...mediaOperations,
  ...templateOperations,
  ...flowOperations,
};
