import type { IncomingMessage, ServerResponse } from 'node:http';
import { customerAnswers } from './calling';
import { customerJoins, type Emit } from './groups';
import { GraphError, readRequest, writeGraphError, writeJson } from './protocol';
import type { Fault, GraphState } from './state';

/**
 * The stand-in's control API (not Graph): lets tests and `npm run simulate` act as Meta or as a customer.
 *   POST /_standin/tokens {token, wabaIds?, expired?}       a token Graph accepts (or rejects as expired, 190)
 *   POST /_standin/faults {pathContains?, status, code, message, subcode?, times?}   the next matching requests fail
 *   POST /_standin/call_permissions {waId, status?, phoneNumberId?, expiresInSeconds?}   a customer grants permission
 *   POST /_standin/calls/<callId>/answer                    the customer picks up
 *   POST /_standin/groups/<groupId>/join {waId}             the customer taps the invite link
 *   GET  /_standin/state · GET /_standin/webhooks · POST /_standin/reset
 */
export async function handleControl(state: GraphState, method: string, url: URL, req: IncomingMessage, res: ServerResponse, emit: Emit, published: string[]) {
  try {
    const { params } = await readRequest(req, url);
    const parts = url.pathname.split('/').filter(Boolean).slice(1);
    const key = `${method} ${parts.map((p, i) => (i === 1 && parts.length === 3 ? ':id' : p)).join('/')}`;
    const firstPhone = () => [...state.phones.values()][0]!;
    switch (key) {
      case 'POST tokens': {
        if (typeof params.token !== 'string' || !params.token) throw new GraphError(400, 100, 'token is required');
        state.tokens.set(params.token, { wabaIds: Array.isArray(params.wabaIds) ? params.wabaIds.map(String) : [], expired: params.expired === true });
        return writeJson(res, 200, { ok: true });
      }
      case 'POST faults': {
        const f: Fault = {
          pathContains: params.pathContains as string | undefined,
          status: Number(params.status ?? 400),
          code: Number(params.code ?? 1),
          message: String(params.message ?? 'Injected fault'),
          subcode: params.subcode === undefined ? undefined : Number(params.subcode),
          type: params.type as string | undefined,
          times: Number(params.times ?? 1),
        };
        state.faults.push(f);
        return writeJson(res, 200, { ok: true, pending: state.faults.length });
      }
      case 'POST call_permissions': {
        const phoneId = (params.phoneNumberId as string | undefined) ?? firstPhone().metaPhoneNumberId;
        const waId = String(params.waId ?? '').replace(/\D/g, '');
        if (!waId) throw new GraphError(400, 100, 'waId is required');
        const status = params.status === 'permanent' ? 'permanent' : 'temporary';
        const seconds = Number(params.expiresInSeconds ?? 7 * 24 * 3600);
        state.callPermissions.set(`${phoneId}#${waId}`, { status, ...(status === 'temporary' ? { expiresAt: Date.now() + seconds * 1000 } : {}) });
        return writeJson(res, 200, { ok: true, phoneNumberId: phoneId, waId, status });
      }
      case 'POST calls/:id/answer': {
        const call = state.calls.get(parts[1]!);
        if (!call) throw new GraphError(404, 138004, `no call ${parts[1]}; calls: ${[...state.calls.keys()].join(', ') || 'none'}`);
        return writeJson(res, 200, customerAnswers(state.phones.get(call.phoneId)!, call, emit));
      }
      case 'POST groups/:id/join': {
        const g = state.groups.get(parts[1]!);
        if (!g) throw new GraphError(404, 131041, `no group ${parts[1]}; groups: ${[...state.groups.keys()].join(', ') || 'none'}`);
        const waId = String(params.waId ?? '').replace(/\D/g, '');
        if (!waId) throw new GraphError(400, 100, 'waId is required');
        return writeJson(res, 200, customerJoins(state.phones.get(g.phoneId)!, g, waId, emit));
      }
      case 'GET state':
        return writeJson(res, 200, {
          groups: [...state.groups.values()].map((g) => ({ ...g, removed: [...g.removed], joinRequests: Object.fromEntries(g.joinRequests) })),
          calls: [...state.calls.values()],
          phones: [...state.phones.values()],
          requests: state.requests,
        });
      case 'GET webhooks':
        return writeJson(res, 200, { published: published.map((b) => JSON.parse(b)) });
      case 'POST reset':
        state.reset();
        published.length = 0;
        return writeJson(res, 200, { ok: true });
    }
    throw new GraphError(404, 100, `unknown control route ${method} ${url.pathname}`);
  } catch (err) {
    if (err instanceof GraphError) return writeGraphError(res, err);
    return writeGraphError(res, new GraphError(500, 1, (err as Error).message));
  }
}
