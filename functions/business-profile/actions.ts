import { getBusinessProfileApplyInstructions, markBusinessProfileApplied } from './apply-by-hand';
import { getBusinessProfile } from './get-business-profile';
import { updateBusinessProfile } from './update-business-profile';
import { uploadProfilePicture } from './upload-profile-picture';

export const businessProfileActions = [
  getBusinessProfile,
  updateBusinessProfile,
  uploadProfilePicture,
  getBusinessProfileApplyInstructions,
  markBusinessProfileApplied,
];
