'use strict';
// Records what a cold-started function asks of the outside world, for its floor (cold-start-floor.cjs) to repeat:
// every AWS SDK command (client class, command class, input) and every fetch (Graph API), in order, with whether
// each started while another was still in flight. Used only in a run that is not measured.
const Module = require('node:module');
const v8 = require('node:v8');

function startRecording(bundlePath) {
  const requests = [];
  const packages = new Set();
  let inFlight = 0;
  const track = (entry, promise) => {
    entry.concurrent = inFlight > 0;
    requests.push(entry);
    inFlight++;
    const done = () => inFlight--;
    promise.then(done, done);
    return promise;
  };

  const patched = new WeakSet();
  const patchClient = (exports) => {
    const Client = exports && typeof exports === 'object' ? exports.Client : undefined;
    if (typeof Client !== 'function' || typeof Client.prototype.send !== 'function' || patched.has(Client)) return;
    patched.add(Client);
    const send = Client.prototype.send;
    Client.prototype.send = function (command, ...rest) {
      let input;
      try {
        input = v8.serialize(command.input).toString('base64');
      } catch {
        input = undefined; // a stream body: the floor sends it without one
      }
      const entry = { kind: 'sdk', client: this.constructor.name, command: command.constructor.name, input };
      return track(entry, send.call(this, command, ...rest));
    };
  };

  // Presigning makes no request, but needs the S3 client and the presigner: the floor presigns too.
  const wrapPresigner = (exports) => ({
    ...exports,
    getSignedUrl(client, command, options) {
      requests.push({ kind: 'presign', client: client.constructor.name, command: command.constructor.name, input: v8.serialize(command.input).toString('base64'), options, concurrent: inFlight > 0 });
      return exports.getSignedUrl(client, command, options);
    },
  });

  const load = Module._load;
  Module._load = function (request, parent) {
    let exports = load.apply(this, arguments);
    if (request.startsWith('@aws-sdk/') && parent && parent.filename === bundlePath) packages.add(request);
    if (request === '@aws-sdk/s3-request-presigner') exports = wrapPresigner(exports);
    patchClient(exports);
    return exports;
  };

  const fetch = globalThis.fetch;
  globalThis.fetch = function (url, init = {}) {
    const body = typeof init.body === 'string' ? init.body : undefined;
    const headers = init.headers ? Object.fromEntries(new Headers(init.headers)) : {};
    return track({ kind: 'fetch', url: String(url), method: init.method ?? 'GET', headers, body }, fetch(url, init));
  };

  return { result: () => ({ requests, packages: [...packages].sort() }) };
}

module.exports = { startRecording };
