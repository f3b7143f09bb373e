import { createGroup } from './create-group';
import { deleteGroup } from './delete-group';
import { getGroupInfo } from './get-group-info';
import { getGroupMessages } from './get-group-messages';
import { getGroups } from './get-groups';
import { getGroupInviteLink, resetGroupInviteLink } from './invite-link';
import { approveGroupJoinRequests, getGroupJoinRequests, rejectGroupJoinRequests } from './join-requests';
import { addGroupParticipant, removeGroupParticipant } from './participants';
import { sendGroupMessage } from './send-group-message';
import { updateGroup } from './update-group';

export const groupActions = [
  createGroup,
  getGroups,
  getGroupInfo,
  updateGroup,
  deleteGroup,
  getGroupInviteLink,
  resetGroupInviteLink,
  addGroupParticipant,
  removeGroupParticipant,
  getGroupJoinRequests,
  approveGroupJoinRequests,
  rejectGroupJoinRequests,
  sendGroupMessage,
  getGroupMessages,
];
