import {
  CreateWhatsAppFlowCommand,
  DeleteWhatsAppFlowCommand,
  DeprecateWhatsAppFlowCommand,
  GetWhatsAppFlowCommand,
  GetWhatsAppFlowPreviewCommand,
  ListWhatsAppFlowsCommand,
  PublishWhatsAppFlowCommand,
  UpdateWhatsAppFlowAssetsCommand,
  UpdateWhatsAppFlowCommand,
  type GetWhatsAppFlowOutput,
  type MetaFlowCategory,
  type MetaFlowSummary,
} from '@aws-sdk/client-socialmessaging';
import { socialMessaging } from '../aws/clients';
import { UpstreamError, ValidationError } from '../errors';
import { fromEumError } from './errors';

/** EUM Social's WhatsApp Flow operations. `wabaId` is EUM's waba-… id; Flow JSON travels as a UTF-8 JSON blob. */
const json = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The request field Meta's refusal is about, by operation: a name already used, JSON that cannot be published, a
 * Flow whose status does not allow the change. Meta's text (its error code and reason) becomes the field's reason.
 */
function fieldOfRefusal(operation: string, message: string): string {
  if (/flow name|name .*already/i.test(message) && (operation === 'CreateWhatsAppFlow' || operation === 'UpdateWhatsAppFlow')) return 'name';
  if (operation === 'CreateWhatsAppFlow') return /clone/i.test(message) ? 'cloneFlowId' : 'flowJson';
  if (operation === 'UpdateWhatsAppFlowAssets' && !/\b(DRAFT|PUBLISHED|DEPRECATED|BLOCKED|THROTTLED)\b/.test(message)) return 'flowJson';
  return 'flowId';
}

async function call<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    try {
      return fromEumError(err, operation);
    } catch (mapped) {
      // EUM passes Meta's refusals on as a ValidationException: a 400 that names the field, like our own checks.
      if (mapped instanceof UpstreamError && mapped.details.upstreamError === 'ValidationException') {
        const reason = (err as Error).message;
        throw new ValidationError([{ field: fieldOfRefusal(operation, reason), reason }], mapped.message, { cause: err });
      }
      throw mapped;
    }
  }
}

export interface FlowCreate {
  name: string;
  categories: string[];
  flowJson?: unknown;
  publish?: boolean;
  cloneFlowId?: string;
}

export function createFlow(wabaId: string, f: FlowCreate): Promise<{ flowId: string; validationErrors: string[] }> {
  return call('CreateWhatsAppFlow', async () => {
    const out = await socialMessaging().send(
      new CreateWhatsAppFlowCommand({
        id: wabaId,
        flowName: f.name,
        categories: f.categories as MetaFlowCategory[],
        flowJson: f.flowJson === undefined ? undefined : json(f.flowJson),
        publish: f.publish,
        cloneFlowId: f.cloneFlowId,
      }),
    );
    return { flowId: out.flowId ?? '', validationErrors: out.validationErrors ?? [] };
  });
}

export type FlowDetails = Omit<GetWhatsAppFlowOutput, '$metadata'>;

export function getFlow(wabaId: string, flowId: string): Promise<FlowDetails> {
  return call('GetWhatsAppFlow', async () => {
    const { $metadata: _m, ...details } = await socialMessaging().send(new GetWhatsAppFlowCommand({ id: wabaId, flowId }));
    return details;
  });
}

export function getFlowPreview(wabaId: string, flowId: string, invalidate: boolean): Promise<{ previewUrl?: string; expiresAt?: string }> {
  return call('GetWhatsAppFlowPreview', async () => {
    const out = await socialMessaging().send(new GetWhatsAppFlowPreviewCommand({ id: wabaId, flowId, invalidate }));
    return { previewUrl: out.preview?.previewUrl, expiresAt: out.preview?.expiresAt };
  });
}

export function listFlows(wabaId: string): Promise<MetaFlowSummary[]> {
  return call('ListWhatsAppFlows', async () => {
    const all: MetaFlowSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await socialMessaging().send(new ListWhatsAppFlowsCommand({ id: wabaId, maxResults: 100, nextToken }));
      all.push(...(page.flows ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return all;
  });
}

export function updateFlowMetadata(wabaId: string, flowId: string, u: { name?: string; categories?: string[] }): Promise<void> {
  return call('UpdateWhatsAppFlow', async () => {
    await socialMessaging().send(new UpdateWhatsAppFlowCommand({ id: wabaId, flowId, flowName: u.name, categories: u.categories as MetaFlowCategory[] | undefined }));
  });
}

/** Meta accepts the JSON and lists what is wrong with it; the Flow cannot be published until the list is empty. */
export function updateFlowJson(wabaId: string, flowId: string, flowJson: unknown): Promise<string[]> {
  return call('UpdateWhatsAppFlowAssets', async () => {
    const out = await socialMessaging().send(new UpdateWhatsAppFlowAssetsCommand({ id: wabaId, flowId, flowJson: json(flowJson) }));
    return out.validationErrors ?? [];
  });
}

export function publishFlow(wabaId: string, flowId: string): Promise<void> {
  return call('PublishWhatsAppFlow', async () => void (await socialMessaging().send(new PublishWhatsAppFlowCommand({ id: wabaId, flowId }))));
}

export function deprecateFlow(wabaId: string, flowId: string): Promise<void> {
  return call('DeprecateWhatsAppFlow', async () => void (await socialMessaging().send(new DeprecateWhatsAppFlowCommand({ id: wabaId, flowId }))));
}

export function deleteFlow(wabaId: string, flowId: string): Promise<void> {
  return call('DeleteWhatsAppFlow', async () => void (await socialMessaging().send(new DeleteWhatsAppFlowCommand({ id: wabaId, flowId }))));
}
