import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, Context, SNSEvent, SNSEventRecord } from 'aws-lambda';

export const lambdaContext = { awsRequestId: 'test-request', functionName: 'test' } as unknown as Context;

/** An API Gateway HTTP API (payload 2.0) event, as serverless-offline and AWS deliver it. */
export function httpEvent(method: string, path: string, body?: unknown, raw = false): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: randomUUID(),
      routeKey: `${method} ${path}`,
      stage: '$default',
    } as APIGatewayProxyEventV2['requestContext'],
    body: body === undefined ? undefined : raw ? String(body) : JSON.stringify(body),
    isBase64Encoded: false,
  };
}

export function snsRecord(message: string, messageId = randomUUID()): SNSEventRecord {
  return {
    EventVersion: '1.0',
    EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:inbound:sub',
    EventSource: 'aws:sns',
    Sns: {
      Type: 'Notification',
      MessageId: messageId,
      TopicArn: 'arn:aws:sns:us-east-1:123456789012:inbound',
      Subject: null as unknown as string,
      Message: message,
      Timestamp: new Date().toISOString(),
      SignatureVersion: '1',
      Signature: 'EXAMPLE',
      SigningCertUrl: 'https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000.pem',
      UnsubscribeUrl: 'https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe',
      MessageAttributes: {},
    },
  };
}

export const snsEvent = (...records: SNSEventRecord[]): SNSEvent => ({ Records: records });

/** What tests call a Lambda handler as: event in, response object out. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Invoke = (event: any, ctx?: unknown) => Promise<any>;
