import { defineAlias } from '../../shared/actions/alias';
import { getMediaTypes } from '../config/get-media-types';
import { downloadMediaAction } from './download-media';
import { uploadMedia } from './upload-media';
import { validateMedia } from './validate-media';

/** The seed's EUM media names (its media_eum handlers) for actions here under clearer names. */
export const mediaAliases = [
  defineAlias({ category: 'media', name: 'eum_upload_media', of: uploadMedia }),
  defineAlias({ category: 'media', name: 'eum_download_media', of: downloadMediaAction }),
  defineAlias({ category: 'media', name: 'eum_get_supported_formats', of: getMediaTypes }),
  defineAlias({ category: 'media', name: 'eum_validate_media', of: validateMedia }),
];
