import type { IngestContext } from '../context';
import { ACCOUNT_EVENT_FIELDS, handleAccountEvent, handleUnknownField } from './account-events';
import { handleCalls } from './calls';
import { GROUP_FIELDS, handleGroupEvent } from './groups';
import { handleMessages } from './messages';
import { handlePhoneQuality } from './phone-quality';
import { TEMPLATE_FIELDS, handleTemplateEvent } from './templates';
import { handleUserPreferences } from './user-preferences';

export type FieldHandler = (ctx: IngestContext, field: string, value: unknown) => Promise<void>;

/**
 * `changes[].field` → its handler. Anything not listed is kept raw (handleUnknownField): nothing is dropped.
 * The field modules' schemas are `z.lazy`: built on the first event of their field, not at every ingest cold start.
 */
export const fieldHandlers: Record<string, FieldHandler> = {
  messages: handleMessages,
  ...Object.fromEntries(TEMPLATE_FIELDS.map((f) => [f, handleTemplateEvent])),
  phone_number_quality_update: handlePhoneQuality,
  ...Object.fromEntries(ACCOUNT_EVENT_FIELDS.map((f) => [f, handleAccountEvent])),
  calls: handleCalls,
  user_preferences: handleUserPreferences,
  ...Object.fromEntries(GROUP_FIELDS.map((f) => [f, handleGroupEvent])),
};

export const handlerFor = (field: string): FieldHandler => fieldHandlers[field] ?? handleUnknownField;
