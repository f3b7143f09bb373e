import * as z from '../zod';

/** The action categories; each is one Lambda function (see serverless.yml), plus the SNS ingest function. */
export const Categories = [
  'messaging',
  'media',
  'conversations',
  'templates',
  'business-profile',
  'marketing',
  'webhooks',
  'calling',
  'groups',
  'analytics',
  'catalogs',
  'payments',
  'flows',
  'config',
] as const;
export type Category = (typeof Categories)[number];

export interface ActionContext {
  requestId: string;
}

/** What a handler returns: merged into the seed's response object `{statusCode: 200, operation, ...}`. */
export type ActionResult = Record<string, unknown>;

export interface ActionDefinition<S extends z.ZodMiniType = z.ZodMiniType> {
  category: Category;
  /** snake_case, as in the seed (send_text, get_conversations). */
  name: string;
  description: string;
  input: S;
  handler: (input: z.output<S>, ctx: ActionContext) => Promise<ActionResult>;
  /** Set on aliases (defineAlias): the name of the action, or the actions, this name stands for. */
  aliasOf?: string;
  /**
   * The action sends through EUM Social's SendWhatsAppMessage: it takes an `idempotencyKey` (body field or
   * `Idempotency-Key` header) and runs once per key (shared/http/send-once.ts).
   */
  sends?: boolean;
}

/** Declares an action once: its route, its `help` entry and its dispatch all come from this. */
export function defineAction<S extends z.ZodMiniType>(def: ActionDefinition<S>): ActionDefinition<S> {
  if (!/^[a-z][a-z0-9_]*$/.test(def.name)) throw new Error(`Action name must be snake_case: ${def.name}`);
  return def;
}

export type AnyAction = ActionDefinition<z.ZodMiniType>;

/** How `help` and the README describe the idempotencyKey every sending action takes (validated before its schema). */
const IDEMPOTENCY_KEY_DOC = {
  type: 'string',
  minLength: 1,
  maxLength: 255,
  description:
    'Sends at most once per key: a repeat within 24 h returns the first answer (also the Idempotency-Key header)',
};

/**
 * A route that is not an API-key action: a caller outside our clients (WhatsApp) posts to it, so it has no
 * authorizer and its function authenticates the request itself. Declared once (functions/registry.ts
 * `publicRoutes`): serverless.yml's route, `help` / `list_actions` and the README reference come from it.
 */
export interface PublicRoute {
  category: Category;
  /** Its name, as the seed listed it among the actions. */
  action: string;
  method: 'POST';
  path: string;
  /** The function that answers it: functions/<functionDir>/handler.ts. */
  functionDir: string;
  description: string;
  /** How the function authenticates the caller, since no API key is asked. */
  authentication: string;
}

export function definePublicRoute(route: PublicRoute): PublicRoute {
  if (!/^[a-z][a-z0-9_]*$/.test(route.action)) throw new Error(`Route name must be snake_case: ${route.action}`);
  return route;
}

export const actionPath = (a: Pick<AnyAction, 'category' | 'name'>): string => `/${a.category}/${a.name}`;

export interface ActionSummary {
  category: Category;
  action: string;
  method: 'POST';
  path: string;
  description: string;
  required: string[];
  fields: Record<string, unknown>;
  /** For an alias: what it stands for (e.g. "send_contacts", or "send_image|send_video|…" chosen by a field). */
  aliasOf?: string;
}

/** Describes an action for `help` / `list_actions` from its zod schema, so docs cannot drift from validation. */
export function describeAction(a: AnyAction): ActionSummary {
  const schema = z.toJSONSchema(objectSchemaOf(a.input), { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return {
    category: a.category,
    action: a.name,
    method: 'POST',
    path: actionPath(a),
    description: a.description,
    required: schema.required ?? [],
    fields: a.sends ? { ...schema.properties, idempotencyKey: IDEMPOTENCY_KEY_DOC } : (schema.properties ?? {}),
    ...(a.aliasOf ? { aliasOf: a.aliasOf } : {}),
  };
}

/** Aliases and refinements wrap the object schema in pipes; the documented fields are the object's. */
function objectSchemaOf(schema: z.ZodMiniType): z.ZodMiniType {
  const def = (schema as unknown as { _zod: { def: { type: string; in?: z.ZodMiniType; out?: z.ZodMiniType } } })._zod.def;
  if (def.type === 'pipe' && def.out) return objectSchemaOf(def.out);
  return schema;
}
