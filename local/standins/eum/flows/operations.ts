import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { EumContext, EumRoutes } from '../context';
import { constraintViolation, EumError, findWaba, parseMembers } from '../protocol';
import type { EumOperation } from '../templates/operations';
import { newMetaId } from '../templates/state';
import { decodeJsonBlob, pageOf } from '../wire';
import { flowJsonErrors, FLOW_CATEGORIES, FlowState, type StoredFlow } from './state';

/**
 * EUM Social's WhatsApp Flow operations on its wire format, with Meta's lifecycle: DRAFT → PUBLISHED → DEPRECATED;
 * only drafts are deleted; publishing needs Flow JSON without validation errors.
 */
export interface FlowDeps {
  state: FlowState;
  checkWaba: (id: string) => void;
  waba: { wabaId: string; wabaName: string };
  /** Base URL of the stand-in, for asset download and preview links. */
  baseUrl: () => string;
}

const Category = z.enum(FLOW_CATEGORIES);
const IdAndFlow = z.object({ id: z.string(), flowId: z.string().regex(/^[0-9]+$/, 'Member must satisfy regular expression pattern: ^[0-9]+$') });

function required(query: URLSearchParams, name: string): string {
  const v = query.get(name);
  if (v === null || v === '') throw constraintViolation(name, null, 'Member must not be null');
  return v;
}

const metaError = (message: string) => new EumError('ValidationException', message);

function flowOperationsWith(deps: FlowDeps): Record<string, { name: string; run: EumOperation }> {
  const { state } = deps;

  function find(id: string, flowId: string): StoredFlow {
    deps.checkWaba(id);
    const flow = state.flows.get(flowId);
    if (!flow) throw new EumError('ResourceNotFoundException', `Flow ${flowId} was not found`);
    return flow;
  }
  const fromQuery = (query: URLSearchParams) => find(required(query, 'id'), required(query, 'flowId'));

  const preview = (flow: StoredFlow) => ({
    previewUrl: `https://business.facebook.com/wa/manage/flows/${flow.id}/preview/?token=${flow.previewToken}`,
    expiresAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  });

  const create: EumOperation = async ({ body }) => {
    const input = parseMembers(
      z.object({
        id: z.string(),
        flowName: z.string().min(1).max(200),
        categories: z.array(Category).min(1).max(9),
        flowJson: z.string().optional(),
        publish: z.boolean().optional(),
        cloneFlowId: z.string().regex(/^[0-9]+$/).optional(),
      }),
      body,
    );
    deps.checkWaba(input.id);
    if ([...state.flows.values()].some((f) => f.name === input.flowName)) throw metaError(`(#100) Flow name ${input.flowName} is already used in this WABA`);
    const clone = input.cloneFlowId ? state.flows.get(input.cloneFlowId) : undefined;
    if (input.cloneFlowId && !clone) throw new EumError('ResourceNotFoundException', `Flow ${input.cloneFlowId} (cloneFlowId) was not found`);
    const flowJson = input.flowJson !== undefined ? JSON.stringify(decodeJsonBlob('flowJson', input.flowJson)) : clone?.flowJson;
    const flow: StoredFlow = {
      id: newMetaId(),
      name: input.flowName,
      categories: input.categories,
      status: 'DRAFT',
      flowJson,
      validationErrors: flowJson === undefined ? [] : flowJsonErrors(flowJson),
      previewToken: randomBytes(12).toString('base64url'),
    };
    if (input.publish) {
      if (!flowJson || flow.validationErrors.length) throw metaError(`(#139001) Flow can't be published: ${flow.validationErrors.join('; ') || 'it has no Flow JSON'}`);
      flow.status = 'PUBLISHED';
    }
    state.flows.set(flow.id, flow);
    return { flowId: flow.id, ...(flow.validationErrors.length ? { validationErrors: flow.validationErrors } : {}) };
  };

  const get: EumOperation = async ({ query }) => {
    const flow = fromQuery(query);
    const json = flow.flowJson ? (JSON.parse(flow.flowJson) as Record<string, unknown>) : {};
    const canSend = flow.status === 'PUBLISHED' || flow.status === 'DRAFT' ? 'AVAILABLE' : 'BLOCKED';
    return {
      flowId: flow.id,
      flowName: flow.name,
      flowStatus: flow.status,
      categories: flow.categories,
      validationErrors: flow.validationErrors,
      ...(typeof json.version === 'string' ? { jsonVersion: json.version } : {}),
      ...(typeof json.data_api_version === 'string' ? { dataApiVersion: json.data_api_version } : {}),
      preview: preview(flow),
      whatsAppBusinessAccount: { id: deps.waba.wabaId, name: deps.waba.wabaName, currency: 'USD', timezoneId: '1' },
      application: { id: '1234567890', name: 'AWS End User Messaging Social' },
      healthStatus: {
        canSendMessage: canSend,
        entities: [
          { entityType: 'FLOW', id: flow.id, canSendMessage: canSend },
          { entityType: 'WABA', id: deps.waba.wabaId, canSendMessage: 'AVAILABLE' },
        ],
      },
    };
  };

  const list: EumOperation = async ({ query }) => {
    deps.checkWaba(required(query, 'id'));
    const { page, nextToken } = pageOf([...state.flows.values()], query.get('maxResults'), query.get('nextToken'));
    const flows = page.map((f) => ({ flowId: f.id, flowName: f.name, flowStatus: f.status, flowCategories: f.categories, validationErrors: f.validationErrors }));
    return { flows, ...(nextToken ? { nextToken } : {}) };
  };

  const update: EumOperation = async ({ body }) => {
    const input = parseMembers(IdAndFlow.extend({ flowName: z.string().min(1).max(200).optional(), categories: z.array(Category).min(1).max(9).optional() }), body);
    const flow = find(input.id, input.flowId);
    if (flow.status === 'DEPRECATED') throw metaError('(#139002) A deprecated Flow cannot be changed');
    if (input.flowName && [...state.flows.values()].some((f) => f !== flow && f.name === input.flowName)) throw metaError(`(#100) Flow name ${input.flowName} is already used in this WABA`);
    if (input.flowName) flow.name = input.flowName;
    if (input.categories) flow.categories = input.categories;
    return {};
  };

  const updateAssets: EumOperation = async ({ body }) => {
    const input = parseMembers(IdAndFlow.extend({ flowJson: z.string() }), body);
    const flow = find(input.id, input.flowId);
    if (flow.status !== 'DRAFT') throw metaError(`(#139002) Only a DRAFT Flow's JSON can be changed; this one is ${flow.status}`);
    flow.flowJson = JSON.stringify(decodeJsonBlob('flowJson', input.flowJson));
    flow.validationErrors = flowJsonErrors(flow.flowJson);
    return flow.validationErrors.length ? { validationErrors: flow.validationErrors } : {};
  };

  const assets: EumOperation = async ({ query }) => {
    const flow = fromQuery(query);
    const all = flow.flowJson ? [{ name: 'flow.json', assetType: 'FLOW_JSON', downloadUrl: `${deps.baseUrl()}/_standin/flows/${flow.id}/flow.json` }] : [];
    const { page, nextToken } = pageOf(all, query.get('maxResults'), query.get('nextToken'));
    return { flowAssets: page, ...(nextToken ? { nextToken } : {}) };
  };

  const transition = (from: StoredFlow['status'], to: StoredFlow['status']): EumOperation => async ({ body }) => {
    const input = parseMembers(IdAndFlow, body);
    const flow = find(input.id, input.flowId);
    if (flow.status !== from) throw metaError(`(#139002) Only a ${from} Flow can become ${to}; this one is ${flow.status}`);
    if (to === 'PUBLISHED' && (!flow.flowJson || flow.validationErrors.length)) {
      throw metaError(`(#139001) Flow can't be published: ${flow.validationErrors.join('; ') || 'it has no Flow JSON'}`);
    }
    flow.status = to;
    return {};
  };

  const remove: EumOperation = async ({ query }) => {
    const flow = fromQuery(query);
    if (flow.status !== 'DRAFT') throw metaError(`(#139002) Only a DRAFT Flow can be deleted; deprecate a ${flow.status} one instead`);
    state.flows.delete(flow.id);
    return {};
  };

  const getPreview: EumOperation = async ({ query }) => {
    const flow = fromQuery(query);
    if (query.get('invalidate') === 'true') flow.previewToken = randomBytes(12).toString('base64url');
    return { flowId: flow.id, preview: preview(flow) };
  };

  return {
    'POST /v1/whatsapp/flow/create': { name: 'CreateWhatsAppFlow', run: create },
    'GET /v1/whatsapp/flow': { name: 'GetWhatsAppFlow', run: get },
    'GET /v1/whatsapp/flow/list': { name: 'ListWhatsAppFlows', run: list },
    'POST /v1/whatsapp/flow/update': { name: 'UpdateWhatsAppFlow', run: update },
    'POST /v1/whatsapp/flow/assets/update': { name: 'UpdateWhatsAppFlowAssets', run: updateAssets },
    'GET /v1/whatsapp/flow/assets': { name: 'ListWhatsAppFlowAssets', run: assets },
    'POST /v1/whatsapp/flow/publish': { name: 'PublishWhatsAppFlow', run: transition('DRAFT', 'PUBLISHED') },
    'POST /v1/whatsapp/flow/deprecate': { name: 'DeprecateWhatsAppFlow', run: transition('PUBLISHED', 'DEPRECATED') },
    'DELETE /v1/whatsapp/flow': { name: 'DeleteWhatsAppFlow', run: remove },
    'GET /v1/whatsapp/flow/preview': { name: 'GetWhatsAppFlowPreview', run: getPreview },
  };
}

const depsOf = (ctx: EumContext): FlowDeps => ({
  state: ctx.state.flows,
  checkWaba: (id) => void findWaba(ctx.account, id),
  waba: ctx.account.waba,
  baseUrl: () => ctx.baseUrl ?? '',
});

/** The operations, bound to the stand-in's context per request. */
export const flowOperations: EumRoutes = Object.fromEntries(
  Object.entries(flowOperationsWith({} as FlowDeps)).map(([route, op]) => [
    route,
    { name: op.name, run: (ctx: EumContext, request: { query: URLSearchParams; body: unknown }) => flowOperationsWith(depsOf(ctx))[route]!.run(request) },
  ]),
);
