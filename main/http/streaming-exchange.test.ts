import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../app/activity/redact.ts';
import { AppFailure } from '../../app/result/result.ts';
import { mainKit, type MainKit } from '../testing/console-test-kit.ts';
import { LOG_PREVIEW_CHARS, readBodyBytes, readBodyLimited, streamExchange, type StreamDeps } from './streaming-exchange.ts';

/**
 * The streaming path against real loopback servers, with both transports (node:http by
 * default, fetch when a test replaces the network): streaming, summary logging, stall,
 * cancel, refusal, redirects.
 */
type Route = (req: IncomingMessage, res: ServerResponse) => void;
const routes = new Map<string, Route>();
const sockets = new Set<Socket>();
let server: Server;
let other: Server;
let base: string;
let otherBase: string;
const seen: { url: string; auth?: string }[] = [];

async function listen(handler: Route): Promise<[Server, string]> {
  const s = createServer(handler);
  s.on('connection', (c) => { sockets.add(c); c.on('close', () => sockets.delete(c)); });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return [s, `http://127.0.0.1:${(s.address() as AddressInfo).port}`];
}

beforeAll(async () => {
  [server, base] = await listen((req, res) => {
    seen.push({ url: req.url ?? '', auth: req.headers.authorization });
    const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (route) route(req, res);
    else res.writeHead(404).end('nothing here');
  });
  [other, otherBase] = await listen((req, res) => {
    seen.push({ url: `other${req.url}`, auth: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('elsewhere');
  });
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all([server, other].map((s) => new Promise((r) => s.close(r))));
});

let kit: MainKit;
beforeEach(() => { kit = mainKit(); routes.clear(); seen.length = 0; });
afterEach(() => kit.cleanup());

const BIG = `{"resourceType":"Bundle","entry":[${Array.from({ length: 4000 }, (_, i) => `{"i":${i},"access_token":"secret-${i}","pad":"${'y'.repeat(80)}"}`).join(',')}]}`;

describe.each([['node:http', false], ['fetch', true]])('streamExchange over %s', (_name, useFetch) => {
  const deps = (): StreamDeps => (useFetch ? { log: kit.log, fetch } : { log: kit.log });

  it('streams the body to the consumer and logs a redacted summary with a cut preview', async () => {
    routes.set('/big', (_q, res) => { res.writeHead(200, { 'content-type': 'application/json', 'x-a': '1' }); res.write(BIG.slice(0, 1000)); setTimeout(() => res.end(BIG.slice(1000)), 20); });
    const out = await streamExchange(deps(), { method: 'GET', url: `${base}/big`, purpose: 'fhir', profileId: 'p', headers: { Authorization: 'Bearer tok-123456' }, sensitiveValues: ['tok-123456'] },
      async (res) => {
        expect(res.header('X-A')).toBe('1');
        const body = await readBodyBytes(res, 10_000_000);
        return { value: body.bytes.toString('utf8'), body: { size: body.size, preview: body.bytes.subarray(0, LOG_PREVIEW_CHARS).toString('utf8'), truncated: body.size > LOG_PREVIEW_CHARS } };
      });
    expect(out.value).toBe(BIG);
    const entry = await kit.log.get(out.activityId);
    expect(entry).toMatchObject({ status: 200, responseSize: BIG.length, method: 'GET', purpose: 'fhir' });
    expect(entry.requestHeaders).toContainEqual({ name: 'Authorization', value: `Bearer ${REDACTED}` });
    expect(entry.responseBody).not.toContain('secret-1"');
  });

  it('stops a stalled body with TIMEOUT, and words it', async () => {
    routes.set('/stall', (_q, res) => { res.writeHead(200); res.write('partial'); });
    const err = await streamExchange(deps(), { method: 'GET', url: `${base}/stall`, purpose: 'fhir', idleTimeoutMs: 150 }, async (res) => ({ value: await readBodyLimited(res, 1000), body: { size: 0 } })).catch((e: unknown) => e as AppFailure);
    expect(err).toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('stopped sending data for 0 s') });
    const logged = await kit.log.list();
    expect(logged[0]?.error?.code).toBe('TIMEOUT');
  });

  it('cancels on the caller\'s signal, and reports a refused connection in words', async () => {
    routes.set('/slow', () => undefined);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 100);
    const cancelled = await streamExchange(deps(), { method: 'GET', url: `${base}/slow`, purpose: 'fhir', signal: abort.signal }, async () => ({ value: 1, body: { size: 0 } })).catch((e: unknown) => e as AppFailure);
    expect(cancelled).toMatchObject({ code: 'CANCELLED' });
    const [closed, closedBase] = await listen(() => undefined);
    await new Promise((r) => closed.close(r)); // fetch refuses "bad ports" such as 9, so use a freed one
    const refused = await streamExchange(deps(), { method: 'GET', url: `${closedBase}/x`, purpose: 'fhir' }, async () => ({ value: 1, body: { size: 0 } })).catch((e: unknown) => e as AppFailure);
    expect(refused).toMatchObject({ code: 'NETWORK', message: expect.stringContaining('Connection refused') });
  });

  it('follows a read\'s redirect to another origin without the Authorization header, and sends a POST body', async () => {
    routes.set('/moved', (_q, res) => res.writeHead(302, { location: `${otherBase}/landing` }).end());
    const out = await streamExchange(deps(), { method: 'GET', url: `${base}/moved`, purpose: 'bulk', headers: { Authorization: 'Bearer tok' } },
      async (res) => ({ value: { url: res.url, text: (await readBodyLimited(res, 100)).text }, body: { size: 0 } }));
    expect(out.value).toEqual({ url: `${otherBase}/landing`, text: 'elsewhere' });
    expect(seen.map((s) => s.auth)).toEqual(['Bearer tok', undefined]);
    routes.set('/echo', (q, res) => { let b = ''; q.on('data', (c: Buffer) => { b += c.toString(); }); q.on('end', () => res.writeHead(201).end(`${q.method} ${b}`)); });
    const posted = await streamExchange(deps(), { method: 'POST', url: `${base}/echo`, purpose: 'fhir', body: '{"a":"é"}' }, async (res) => ({ value: (await readBodyLimited(res, 100)).text, body: { size: 0 } }));
    expect(posted.value).toBe('POST {"a":"é"}');
  });
});
