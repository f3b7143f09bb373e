import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DEMO_ACCOUNT, type LinkedAccount } from '../eum/demo-account';
import { envelopeBody } from '../eum/envelope';
import { callAction, getCallPermission, getSettings, updateSettings } from './calling';
import { handleControl } from './control';
import {
  createGroup, decideJoinRequests, deleteGroup, getInviteLink, groupInfo, listGroups, listJoinRequests, removeParticipants, resetInviteLink, updateGroup, type Emit,
} from './groups';
import { getProfile, getWaba, startUpload, updateProfile, uploadChunk, uploadStatus } from './profile';
import { GraphError, graphErrors, readRequest, writeGraphError, writeJson, type ParsedRequest } from './protocol';
import { GraphState, type PhoneState } from './state';
import { setTemplateTtl, type TemplateLookup } from './templates';

/**
 * Local stand-in for Meta's Graph API (graph.facebook.com/<version>), for the endpoints this project uses: business
 * profile, resumable upload, calling settings / permissions / calls, and groups. Every request needs a token the
 * stand-in knows (DEMO_GRAPH_TOKEN, or one added through the control API), for the WABA that owns the node.
 * Changes Meta reports by webhook (groups, calls) are published as EUM Social would: an SNS envelope.
 * Control API under /_standin/ (control.ts): tokens, faults, call permissions, a customer joining a group or
 * answering a call, reset.
 */
export interface GraphStandinOptions {
  port?: number;
  host?: string;
  accounts?: LinkedAccount[];
  /** Delivers one SNS message body (EUM's envelope JSON). Wins over `sns`. */
  publish?: (snsMessageBody: string) => Promise<void>;
  sns?: { endpoint: string; topicArn: string; region?: string; credentials?: { accessKeyId: string; secretAccessKey: string } };
  /** Pause before a webhook is published (Meta's are asynchronous). Default 20 ms. */
  webhookDelayMs?: number;
  logger?: (line: string) => void;
  /**
   * The EUM Social stand-in's templates (its `templates` state) and the WABA that holds them: Meta keeps one set of
   * templates, edited through EUM or through Graph (`POST /{template-id}`), so the two stand-ins share it.
   */
  templates?: TemplateLookup;
}

export interface GraphStandin {
  url: string;
  port: number;
  state: GraphState;
  /** Webhook bodies published so far (EUM envelopes). */
  published: string[];
  close(): Promise<void>;
}

function publisher(opts: GraphStandinOptions): ((body: string) => Promise<void>) | undefined {
  if (opts.publish) return opts.publish;
  if (!opts.sns) return undefined;
  const client = new SNSClient({
    endpoint: opts.sns.endpoint,
    region: opts.sns.region ?? 'us-east-1',
    credentials: opts.sns.credentials ?? { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const topicArn = opts.sns.topicArn;
  return async (body) => {
    await client.send(new PublishCommand({ TopicArn: topicArn, Message: body }));
  };
}

function tokenOf(req: IncomingMessage, params: Record<string, unknown>): string | undefined {
  const auth = String(req.headers.authorization ?? '');
  const m = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(auth);
  if (m) return m[1];
  return typeof params.access_token === 'string' ? params.access_token : undefined;
}

interface Route {
  state: GraphState;
  req: IncomingMessage;
  method: string;
  node: string;
  edge: string | undefined;
  body: ParsedRequest;
  emit: Emit;
  templates?: TemplateLookup;
}

/** Which WABA a node belongs to, for the token check; undefined = no such node. */
function ownerOf(state: GraphState, node: string, templates: TemplateLookup | undefined): string | undefined {
  if (state.wabas.has(node)) return node;
  if (templates?.state.templates.has(node)) return templates.wabaId;
  if (state.phones.has(node)) return state.phones.get(node)!.wabaId;
  const g = state.groups.get(node);
  if (g) return state.phones.get(g.phoneId)?.wabaId;
  if (state.apps.has(node) || node.startsWith('upload:')) return '*';
  return undefined;
}

function dispatch(r: Route): unknown {
  const { state, method, node, edge, body, emit, templates } = r;
  const p = body.params;
  const key = `${method} ${edge ?? ''}`;
  if (node.startsWith('upload:')) {
    if (method === 'GET' && !edge) return uploadStatus(state, node);
    if (method === 'POST' && !edge) return uploadChunk(state, node, r.req.headers.file_offset as string | undefined, body.raw);
  }
  if (state.apps.has(node) && key === 'POST uploads') return startUpload(state, node, p);
  const waba = state.wabas.get(node);
  if (waba && key === 'GET ') return getWaba(waba, p);
  const template = templates?.state.templates.get(node);
  if (template && key === 'POST ') return setTemplateTtl(template, p);
  const phone = state.phones.get(node);
  if (phone) return phoneRoute(state, phone, key, p, emit);
  const group = state.groups.get(node);
  if (group) {
    const owner = state.phones.get(group.phoneId)!;
    switch (key) {
      case 'GET ': return groupInfo(group, p);
      case 'POST ': return updateGroup(owner, group, p, body.files.file, emit);
      case 'DELETE ': return deleteGroup(state, owner, group, emit);
      case 'GET invite_link': return getInviteLink(group);
      case 'POST invite_link': return resetInviteLink(group);
      case 'DELETE participants': return removeParticipants(owner, group, p, emit);
      case 'GET join_requests': return listJoinRequests(group, p);
      case 'POST join_requests': return decideJoinRequests(owner, group, p, true, emit);
      case 'DELETE join_requests': return decideJoinRequests(owner, group, p, false, emit);
    }
  }
  throw graphErrors.noObject(edge ? `${node}/${edge}` : node, method);
}

function phoneRoute(state: GraphState, phone: PhoneState, key: string, p: Record<string, unknown>, emit: Emit): unknown {
  switch (key) {
    case 'GET whatsapp_business_profile': return getProfile(phone, p);
    case 'POST whatsapp_business_profile': return updateProfile(state, phone, p);
    case 'GET settings': return getSettings(phone);
    case 'POST settings': return updateSettings(phone, p);
    case 'GET call_permissions': return getCallPermission(state, phone, p);
    case 'POST calls': return callAction(state, phone, p, emit);
    case 'POST groups': return createGroup(state, phone, p, emit);
    case 'GET groups': return listGroups(state, phone, p);
  }
  throw graphErrors.noObject(`${phone.metaPhoneNumberId}/${key.split(' ')[1]}`, key.split(' ')[0]!);
}

export async function startGraphStandin(opts: GraphStandinOptions = {}): Promise<GraphStandin> {
  const host = opts.host ?? '127.0.0.1';
  const log = opts.logger ?? (() => {});
  const accounts = opts.accounts ?? [DEMO_ACCOUNT];
  const state = new GraphState(accounts);
  const publish = publisher(opts);
  const published: string[] = [];
  const delay = opts.webhookDelayMs ?? 20;

  const emit: Emit = (phone, field, value) => {
    const account = state.accountOf(phone.wabaId)!;
    const wirePhone = account.phones.find((x) => x.metaPhoneNumberId === phone.metaPhoneNumberId);
    const body = envelopeBody({
      account,
      phone: wirePhone,
      field,
      value: { messaging_product: 'whatsapp', metadata: { display_phone_number: phone.displayPhoneNumber, phone_number_id: phone.metaPhoneNumberId }, ...value },
    });
    published.push(body);
    if (!publish) return;
    setTimeout(() => void publish(body).catch((err) => log(`webhook publish failed: ${(err as Error).message}`)), delay);
  };

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://graph.local');
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/_standin/')) return handleControl(state, method, url, req, res, emit, published);
    const segments = url.pathname.split('/').filter(Boolean);
    const [version, node, edge, ...rest] = segments;
    const body = await readRequest(req, url);
    state.requests.push({ method, path: segments.slice(1).join('/'), at: new Date().toISOString() });
    if (!version || !/^v\d+\.\d+$/.test(version) || !node || rest.length) throw graphErrors.unknownPath(url.pathname);

    const token = tokenOf(req, body.params);
    if (!token) throw graphErrors.noToken();
    const grant = state.tokens.get(token);
    if (!grant) throw graphErrors.badToken();
    if (grant.expired) throw graphErrors.expiredToken();
    const owner = ownerOf(state, node, opts.templates);
    if (owner === undefined) throw graphErrors.noObject(node, method);
    if (owner !== '*' && grant.wabaIds.length && !grant.wabaIds.includes(owner)) throw graphErrors.noPermission();

    const fault = state.takeFault(segments.slice(1).join('/'));
    if (fault) throw new GraphError(fault.status, fault.code, fault.message, fault.type ?? 'OAuthException', fault.subcode);
    const out = dispatch({ state, req, method, node, edge, body, emit, templates: opts.templates });
    log(`${method} ${url.pathname} 200`);
    writeJson(res, 200, out);
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((err) => {
      if (err instanceof GraphError) {
        log(`${req.method} ${req.url} ${err.status} #${err.code}`);
        return writeGraphError(res, err);
      }
      log(`${req.method} ${req.url} 500 ${(err as Error).message}`);
      writeGraphError(res, new GraphError(500, 1, 'An unknown error occurred', 'OAuthException'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return { url: `http://${host}:${port}`, port, state, published, close: () => new Promise<void>((r) => server.close(() => r())) };
}
