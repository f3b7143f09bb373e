import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { SNSEvent } from 'aws-lambda';

export type InvokeLambdaFn = (functionName: string, event: SNSEvent) => Promise<void>;

/** Calls a function through the Lambda Invoke API (serverless-offline serves it, default port 3002). */
export function lambdaInvoker(endpoint: string, region = 'us-east-1'): InvokeLambdaFn {
  // Our delivery loop owns retries, as Lambda's async invocation does; the SDK must not add its own.
  const client = new LambdaClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  return async (functionName, event) => {
    const out = await client.send(
      new InvokeCommand({ FunctionName: functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) }),
    );
    const payload = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
    if (out.FunctionError) throw new Error(`${functionName} ${out.FunctionError}: ${payload.slice(0, 1000)}`);
    const status = out.StatusCode ?? 200;
    if (status < 200 || status > 299) throw new Error(`${functionName} invoke returned HTTP ${status}`);
  };
}
