import { defineAlias } from '../../shared/actions/alias';
import { getMediaTypes } from './get-media-types';

/** The seed's config names that an action here already does under a clearer name. */
export const configAliases = [defineAlias({ category: 'config', name: 'get_supported_formats', of: getMediaTypes })];
