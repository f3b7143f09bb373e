'use strict';
// Runs in a fresh `node` per measurement. Timings are performance.now(): milliseconds since this process's time origin.
const tFirstLine = performance.now();
const fs = require('node:fs');

const MARKER = '__BENCH_RESULT__';
const report = (result) => fs.writeSync(1, `\n${MARKER}${JSON.stringify(result)}\n`);

const [bundlePath, eventJson] = process.argv.slice(2);
if (!bundlePath) {
  // Baseline: how long Node takes to reach the first line of a script.
  report({ tFirstLine });
  process.exit(0);
}

const event = JSON.parse(eventJson || '{}');
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'bench',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:bench',
  memoryLimitInMB: '512',
  awsRequestId: 'bench-request',
  logGroupName: '/aws/lambda/bench',
  logStreamName: 'bench',
  getRemainingTimeInMillis: () => 29000,
  done() {},
  fail() {},
  succeed() {},
};

(async () => {
  let tLoaded;
  let response;
  let error;
  try {
    const mod = require(bundlePath);
    tLoaded = performance.now();
    if (typeof mod.handler !== 'function') throw new Error('bundle does not export `handler`');
    response = await mod.handler(event, context);
  } catch (err) {
    error = String((err && err.stack) || err);
  }
  const tResponse = performance.now();
  report({ tFirstLine, tLoaded, tResponse, response, error });
  // Lambda keeps the process; here it has answered, so do not wait for SDK sockets or timers.
  process.exit(error ? 1 : 0);
})();
