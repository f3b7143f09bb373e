import { getCallSettings, updateCallSettings } from './call-settings';
import { createCallDeeplink } from './create-call-deeplink';
import { getCallLogs } from './get-call-logs';
import { initiateCall } from './initiate-call';
import { sendCallPermissionRequest } from './send-call-permission-request';
import { updateCallStatus } from './update-call-status';

export const callingActions = [getCallSettings, updateCallSettings, sendCallPermissionRequest, initiateCall, updateCallStatus, getCallLogs, createCallDeeplink];
