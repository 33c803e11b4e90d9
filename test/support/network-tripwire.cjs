/**
 * A network tripwire for child processes: `node --require test/support/network-tripwire.cjs …`.
 *
 * Why: tests must prove a tool (electronegativity) never reaches the network without letting it
 * try. Every way Node opens a connection or resolves a name is replaced by a function that
 * appends `{ api, target }` to the file named by NETWORK_TRIPWIRE_LOG and throws before any
 * socket or DNS query exists, so nothing leaves the machine even when the code under test tries.
 */
const fs = require('node:fs');
const net = require('node:net');
const tls = require('node:tls');
const dns = require('node:dns');
const http = require('node:http');
const https = require('node:https');
const http2 = require('node:http2');

const logFile = process.env.NETWORK_TRIPWIRE_LOG;

function describe(args) {
  const [first, second] = args;
  try {
    if (typeof first === 'string') return first;
    if (first instanceof URL) return first.href;
    if (first && typeof first === 'object') {
      const host = first.hostname || first.host || first.path || '';
      return `${host}${first.port ? `:${first.port}` : ''}`;
    }
    if (typeof first === 'number') return `${typeof second === 'string' ? second : 'localhost'}:${first}`;
  } catch { /* fall through */ }
  return String(first);
}

function trip(api) {
  return function blocked(...args) {
    const target = describe(args);
    if (logFile) fs.appendFileSync(logFile, `${JSON.stringify({ api, target })}\n`);
    throw new Error(`network tripwire: ${api}(${target}) blocked`);
  };
}

net.Socket.prototype.connect = trip('net.Socket.connect');
net.connect = trip('net.connect');
net.createConnection = trip('net.createConnection');
tls.connect = trip('tls.connect');
for (const mod of [http, https]) {
  const name = mod === http ? 'http' : 'https';
  mod.request = trip(`${name}.request`);
  mod.get = trip(`${name}.get`);
}
http2.connect = trip('http2.connect');
for (const fn of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse']) {
  if (typeof dns[fn] === 'function') dns[fn] = trip(`dns.${fn}`);
  if (typeof dns.promises[fn] === 'function') dns.promises[fn] = trip(`dns.promises.${fn}`);
  if (typeof dns.Resolver.prototype[fn] === 'function') dns.Resolver.prototype[fn] = trip(`dns.Resolver.${fn}`);
  if (typeof dns.promises.Resolver.prototype[fn] === 'function') dns.promises.Resolver.prototype[fn] = trip(`dns.promises.Resolver.${fn}`);
}
if (typeof globalThis.fetch === 'function') {
  const blocked = trip('fetch');
  globalThis.fetch = (...args) => {
    try { return blocked(...args); } catch (e) { return Promise.reject(e); }
  };
}
