import type { InvokeLambdaFn } from './lambda-invoker';
import {
  MAX_MESSAGE_BYTES,
  QueryError,
  attributesSize,
  invalidParameter,
  lambdaFunctionName,
  parseMessageAttributes,
  queryResponse,
  xml,
} from './protocol';
import type { SnsState } from './state';

/**
 * SNS actions by name (the `Action` parameter), each answering the XML `<Action>Result` body. Add an action by
 * adding an entry; unknown names answer InvalidAction.
 */

export interface SnsContext {
  state: SnsState;
  /** Delivery for subscriptions created over the wire (`Subscribe` with Protocol `lambda`). */
  invokeLambda?: InvokeLambdaFn;
}

type SnsAction = (ctx: SnsContext, params: URLSearchParams) => string;

function publish({ state }: SnsContext, params: URLSearchParams): string {
  if (params.has('TargetArn') || params.has('PhoneNumber')) throw invalidParameter('only TopicArn is supported by the stand-in');
  const topic = state.requireTopic(params.get('TopicArn'));
  const message = params.get('Message');
  if (!message) throw invalidParameter('Empty message');
  const subject = params.get('Subject') ?? undefined;
  if (subject !== undefined && (subject.length === 0 || subject.length > 100)) throw invalidParameter('Subject');
  const attributes = parseMessageAttributes(params);
  if (Buffer.byteLength(message) + attributesSize(attributes) > MAX_MESSAGE_BYTES) throw invalidParameter('Message too long');
  return `<MessageId>${state.publish(topic, message, subject, attributes)}</MessageId>`;
}

function subscribe({ state, invokeLambda }: SnsContext, params: URLSearchParams): string {
  const topic = state.requireTopic(params.get('TopicArn'));
  const protocol = params.get('Protocol');
  const endpoint = params.get('Endpoint');
  if (protocol !== 'lambda') throw invalidParameter(`Protocol ${protocol ?? ''} (stand-in supports lambda)`);
  if (!endpoint) throw invalidParameter('Endpoint');
  if (!invokeLambda) throw invalidParameter('stand-in started without invokeLambda');
  // Subscribe is idempotent per (topic, protocol, endpoint) on AWS.
  const existing = topic.subscriptions.find((s) => s.endpoint === endpoint);
  const functionName = lambdaFunctionName(endpoint);
  const arn = existing?.arn ?? state.addSubscription(topic, endpoint, (event) => invokeLambda(functionName, event));
  return `<SubscriptionArn>${xml(arn)}</SubscriptionArn>`;
}

function listSubscriptionsByTopic({ state }: SnsContext, params: URLSearchParams): string {
  const topic = state.requireTopic(params.get('TopicArn'));
  const members = topic.subscriptions.map(
    (s) =>
      `<member><SubscriptionArn>${xml(s.arn)}</SubscriptionArn><Owner>${state.accountId}</Owner>` +
      `<Protocol>lambda</Protocol><Endpoint>${xml(s.endpoint)}</Endpoint><TopicArn>${xml(s.topicArn)}</TopicArn></member>`,
  );
  return `<Subscriptions>${members.join('')}</Subscriptions>`;
}

function unsubscribe({ state }: SnsContext, params: URLSearchParams): string {
  const arn = params.get('SubscriptionArn') ?? '';
  const topic = state.topics.get(arn.slice(0, arn.lastIndexOf(':')));
  const index = topic?.subscriptions.findIndex((s) => s.arn === arn) ?? -1;
  if (!topic || index < 0) throw new QueryError(404, 'NotFound', 'Subscription does not exist');
  topic.subscriptions.splice(index, 1);
  return '';
}

const SNS_ACTIONS: Record<string, SnsAction> = {
  CreateTopic: ({ state }, params) => {
    const name = params.get('Name');
    if (!name) throw invalidParameter('Topic Name');
    return `<TopicArn>${xml(state.createTopic(name))}</TopicArn>`;
  },
  ListTopics: ({ state }) => `<Topics>${[...state.topics.keys()].map((arn) => `<member><TopicArn>${xml(arn)}</TopicArn></member>`).join('')}</Topics>`,
  Publish: publish,
  Subscribe: subscribe,
  ListSubscriptionsByTopic: listSubscriptionsByTopic,
  Unsubscribe: unsubscribe,
};

/** The full XML response of one action. */
export function runAction(ctx: SnsContext, params: URLSearchParams): string {
  const action = params.get('Action') ?? '';
  const run = SNS_ACTIONS[action];
  if (!run) throw new QueryError(400, 'InvalidAction', `The action ${action} is not valid for this endpoint.`);
  return queryResponse(action, run(ctx, params));
}
