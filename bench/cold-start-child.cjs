'use strict';
// Runs in a fresh `node` per measurement. Timings are performance.now(): milliseconds since this process's time origin.
const tFirstLine = performance.now();
const fs = require('node:fs');

const MARKER = '__BENCH_RESULT__';
const report = (result) => fs.writeSync(1, `\n${MARKER}${JSON.stringify(result)}\n`);

// argv: bundle, event JSON, run token. `__RUN__` in the event becomes the token, so each cold start stores new items.
const [bundlePath, eventJson, runToken] = process.argv.slice(2);
if (!bundlePath) {
  // Baseline: how long Node takes to reach the first line of a script.
  report({ tFirstLine });
  process.exit(0);
}

// BENCH_RECORD=1 (a run that is not measured): note every AWS SDK command and fetch the function makes, in order,
// for the floor (cold-start-floor.cjs) to make the same requests.
const recording = process.env.BENCH_RECORD === '1' ? require('./cold-start-record.cjs').startRecording(bundlePath) : undefined;

const event = JSON.parse((eventJson || '{}').split('__RUN__').join(runToken || '0'));
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
  // CPU the process used to get here (user + system, every thread): what a busy machine cannot inflate.
  const { user, system } = process.cpuUsage();
  report({ tFirstLine, tLoaded, tResponse, cpuMs: (user + system) / 1000, response, error, ...(recording ? { recorded: recording.result() } : {}) });
  // Lambda keeps the process; here it has answered, so do not wait for SDK sockets or timers.
  process.exit(error ? 1 : 0);
})();
