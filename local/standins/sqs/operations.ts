import { wakeableSleep } from '../shared/http';
import { SqsError, errors, intParam, stringList, stringMap, type Json } from './protocol';
import type { Queue, SqsState } from './state';

/**
 * SQS operations by name (the part of `X-Amz-Target` after `AmazonSQS.`), each a small function of the request.
 * Add an operation by adding an entry; unknown names answer UnsupportedOperation.
 */

export type SqsOperation = (state: SqsState, req: Json) => Json | Promise<Json>;

async function receive(state: SqsState, req: Json): Promise<Json> {
  const queue = state.queueByUrl(req.QueueUrl);
  const max = intParam(req.MaxNumberOfMessages, 'MaxNumberOfMessages', 1, 10, 1);
  const visibilityTimeout = intParam(req.VisibilityTimeout, 'VisibilityTimeout', 0, 43_200, Number(queue.attributes.VisibilityTimeout));
  const waitSeconds = intParam(req.WaitTimeSeconds, 'WaitTimeSeconds', 0, 20, Number(queue.attributes.ReceiveMessageWaitTimeSeconds));
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const messages = state.takeVisible(queue, max, visibilityTimeout, req);
    const remaining = deadline - Date.now();
    if (messages.length > 0 || remaining <= 0 || state.closed) return messages.length > 0 ? { Messages: messages } : {};
    // Sleep until a send wakes us, the next hidden message reappears, or the long poll ends.
    const nextVisible = Math.min(...queue.messages.map((m) => m.visibleAt).filter((t) => t > Date.now()), Infinity);
    await wakeableSleep(Math.max(1, Math.min(remaining, nextVisible - Date.now())), queue.waiters);
  }
}

function deleteMessage(state: SqsState, queue: Queue, handle: unknown): Json {
  const { message, stale } = state.byReceiptHandle(queue, handle);
  // AWS answers success for an already deleted message and for a stale handle (without deleting).
  if (message && !stale) queue.messages = queue.messages.filter((m) => m !== message);
  return {};
}

function changeVisibility(state: SqsState, queue: Queue, handle: unknown, timeout: unknown): Json {
  const seconds = intParam(timeout, 'VisibilityTimeout', 0, 43_200);
  const { message, stale } = state.byReceiptHandle(queue, handle);
  const now = Date.now();
  if (!message || stale || message.visibleAt <= now) throw errors.messageNotInflight();
  message.visibleAt = now + seconds * 1000;
  if (seconds === 0) state.wake(queue);
  return {};
}

/** Runs each batch entry independently: per-entry failures go to `Failed`, request-level ones throw. */
function batch(entries: unknown, run: (entry: Json) => Json): Json {
  if (!Array.isArray(entries) || entries.length === 0) throw errors.emptyBatch();
  if (entries.length > 10) throw errors.tooManyEntries();
  const list = entries as Json[];
  const ids = list.map((e) => e.Id);
  if (ids.some((id) => typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id))) throw errors.invalidBatchEntryId();
  if (new Set(ids).size !== ids.length) throw errors.idsNotDistinct();
  const Successful: Json[] = [];
  const Failed: Json[] = [];
  for (const entry of list) {
    try {
      Successful.push({ Id: entry.Id, ...run(entry) });
    } catch (err) {
      if (!(err instanceof SqsError)) throw err;
      Failed.push({ Id: entry.Id, SenderFault: err.fault === 'Sender', Code: err.queryCode, Message: err.message });
    }
  }
  return { Successful, Failed };
}

function listQueues(state: SqsState, req: Json): Json {
  const prefix = typeof req.QueueNamePrefix === 'string' ? req.QueueNamePrefix : '';
  const urls = [...state.queues.values()].filter((q) => q.name.startsWith(prefix)).map((q) => q.url);
  const start = typeof req.NextToken === 'string' ? Number(Buffer.from(req.NextToken, 'base64').toString()) || 0 : 0;
  const max = req.MaxResults === undefined ? 1000 : intParam(req.MaxResults, 'MaxResults', 1, 1000);
  const page = urls.slice(start, start + max);
  const out: Json = {};
  if (page.length > 0) out.QueueUrls = page;
  if (req.MaxResults !== undefined && start + max < urls.length) out.NextToken = Buffer.from(String(start + max)).toString('base64');
  return out;
}

export const SQS_OPERATIONS: Record<string, SqsOperation> = {
  CreateQueue: (state, req) => {
    if (typeof req.QueueName !== 'string') throw errors.missingParameter('QueueName');
    return { QueueUrl: state.createQueue(req.QueueName, stringMap(req.Attributes)) };
  },
  GetQueueUrl: (state, req) => {
    const queue = typeof req.QueueName === 'string' ? state.queues.get(req.QueueName) : undefined;
    if (!queue) throw errors.queueDoesNotExist();
    return { QueueUrl: queue.url };
  },
  ListQueues: listQueues,
  DeleteQueue: (state, req) => {
    const queue = state.queueByUrl(req.QueueUrl);
    state.queues.delete(queue.name);
    state.wake(queue);
    return {};
  },
  GetQueueAttributes: (state, req) => {
    const attributes = state.queueAttributes(state.queueByUrl(req.QueueUrl), stringList(req.AttributeNames));
    return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
  },
  SetQueueAttributes: (state, req) => {
    const queue = state.queueByUrl(req.QueueUrl);
    Object.assign(queue.attributes, stringMap(req.Attributes));
    queue.modifiedAt = Date.now();
    return {};
  },
  PurgeQueue: (state, req) => {
    state.queueByUrl(req.QueueUrl).messages = [];
    return {};
  },
  SendMessage: (state, req) => state.enqueue(state.queueByUrl(req.QueueUrl), req),
  SendMessageBatch: (state, req) => {
    const queue = state.queueByUrl(req.QueueUrl);
    return batch(req.Entries, (entry) => state.enqueue(queue, entry));
  },
  ReceiveMessage: receive,
  DeleteMessage: (state, req) => deleteMessage(state, state.queueByUrl(req.QueueUrl), req.ReceiptHandle),
  DeleteMessageBatch: (state, req) => {
    const queue = state.queueByUrl(req.QueueUrl);
    return batch(req.Entries, (entry) => deleteMessage(state, queue, entry.ReceiptHandle));
  },
  ChangeMessageVisibility: (state, req) => changeVisibility(state, state.queueByUrl(req.QueueUrl), req.ReceiptHandle, req.VisibilityTimeout),
  ChangeMessageVisibilityBatch: (state, req) => {
    const queue = state.queueByUrl(req.QueueUrl);
    return batch(req.Entries, (entry) => changeVisibility(state, queue, entry.ReceiptHandle, entry.VisibilityTimeout));
  },
};
