import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDACTED } from '../../app/activity/redact.ts';
import { createFileFallbackCipher } from '../adapters/file-fallback-cipher.ts';
import { ActivityLog } from '../services/activity/activity-log.ts';
import { createFetchHttpClient } from './fetch-http-client.ts';
import type { HttpClient } from './http-client.ts';
import { describeTransportError } from './transport-errors.ts';

/**
 * The real fetch client against a real loopback server: every transport failure a user meets
 * (stall, refusal, reset, huge body, redirect loop) is produced for real, not simulated.
 */

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const routes = new Map<string, Handler>();
const sockets = new Set<Socket>();
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      const route = routes.get(new URL(req.url ?? '/', 'http://x').pathname);
      if (route) route(req, res, body);
      else res.writeHead(404).end('no route');
    });
  });
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => server.close(r));
});

let dir: string;
let log: ActivityLog;
let http: HttpClient;
beforeEach(async () => {
  routes.clear();
  dir = mkdtempSync(join(tmpdir(), 'fetch-http-'));
  const clock = { now: () => Date.parse('2026-05-06T07:08:09.000Z') };
  log = new ActivityLog({ dataDir: dir, cipher: await createFileFallbackCipher(dir), clock, events: { emit: () => undefined } });
  http = createFetchHttpClient({ clock, log });
});
afterEach(async () => {
  await log.flush();
  rmSync(dir, { recursive: true, force: true });
});

/** The single entry the log holds, redacted. */
async function onlyEntry() {
  const list = await log.list();
  expect(list).toHaveLength(1);
  return log.get(list[0]!.id);
}

describe('createFetchHttpClient', () => {
  it('returns status, headers and body, and records the exchange', async () => {
    routes.set('/echo', (req, res, body) => {
      res.writeHead(201, 'Made It', { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
      res.end(JSON.stringify({ method: req.method, got: body, accept: req.headers.accept }));
    });
    const res = await http.send({ method: 'POST', url: `${base}/echo?q=1`, headers: { accept: 'application/json', 'content-type': 'text/plain' }, body: 'hello', purpose: 'other', profileId: 'p9' });
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made It');
    expect(JSON.parse(res.bodyText)).toEqual({ method: 'POST', got: 'hello', accept: 'application/json' });
    expect(res.header('Content-Type')).toBe('application/json');
    expect(res.header('x-multi')).toBe('a, b');
    expect(res.bodyTruncated).toBe(false);
    expect(res.bodySize).toBe(Buffer.byteLength(res.bodyText));
    expect(res.timings.totalMs).toBeGreaterThanOrEqual(res.timings.waitMs);
    const entry = await onlyEntry();
    expect(entry.id).toBe(res.activityId);
    expect(entry).toMatchObject({ method: 'POST', url: `${base}/echo?q=1`, status: 201, purpose: 'other', profileId: 'p9', requestBody: 'hello', responseSize: res.bodySize });
    expect(entry.responseHeaders).toContainEqual({ name: 'content-type', value: 'application/json' });
  });

  it('gives up on a stalling server with TIMEOUT, quickly, and logs it', async () => {
    routes.set('/stall', () => undefined);
    const t0 = Date.now();
    const err = await http.send({ method: 'GET', url: `${base}/stall`, purpose: 'discovery', timeoutMs: 150 }).catch((e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(err).toMatchObject({ code: 'TIMEOUT' });
    expect((err as Error).message).toMatch(/No complete response from 127\.0\.0\.1:\d+ within 150 ms\./);
    expect((await onlyEntry()).error?.code).toBe('TIMEOUT');
  });

  it('words the default and fractional timeouts in seconds', () => {
    const words = (timeoutMs: number) => describeTransportError(new Error('aborted'), { url: 'https://x.example/a', timeoutMs, timedOut: true, cancelled: false }).message;
    expect(words(30_000)).toContain('within 30 s.');
    expect(words(2500)).toContain('within 2.5 s.');
  });

  it('times out a body that stops half way, not only a missing answer', async () => {
    routes.set('/half', (_req, res) => { res.writeHead(200, { 'content-type': 'text/plain' }); res.write('partial…'); });
    await expect(http.send({ method: 'GET', url: `${base}/half`, purpose: 'fhir', timeoutMs: 200 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('stops when the user cancels: CANCELLED', async () => {
    routes.set('/stall', () => undefined);
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(), 50);
    const err = await http.send({ method: 'GET', url: `${base}/stall`, purpose: 'fhir', signal: ctl.signal, timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CANCELLED' });
    expect((err as Error).message).toMatch(/was cancelled/);
    expect((await onlyEntry()).error?.code).toBe('CANCELLED');
  });

  it('does not send at all when the caller has already cancelled', async () => {
    let hits = 0;
    routes.set('/count', (_req, res) => { hits++; res.end('{}'); });
    const ctl = new AbortController();
    ctl.abort();
    await expect(http.send({ method: 'GET', url: `${base}/count`, purpose: 'fhir', signal: ctl.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(hits).toBe(0);
  });

  it('lets go of the caller\'s cancel signal once the exchange is over', async () => {
    routes.set('/ok', (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); });
    const ctl = new AbortController();
    const added: unknown[] = [];
    const removed: unknown[] = [];
    const { signal } = ctl;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, fn: EventListener, o?: AddEventListenerOptions) => { added.push(fn); add(type, fn, o); }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, fn: EventListener) => { removed.push(fn); remove(type, fn); }) as typeof signal.removeEventListener;
    for (let i = 0; i < 3; i++) expect((await http.send({ method: 'GET', url: `${base}/ok`, purpose: 'fhir', signal })).status).toBe(200);
    // Each of our listeners was removed again (a run's signal serves many requests; they must not pile up).
    const ours = added.filter((fn) => removed.includes(fn));
    expect(ours.length).toBeGreaterThanOrEqual(3);
    ctl.abort(); // aborting afterwards touches nothing finished
  });

  it('explains a refused connection in words: NETWORK', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const err = await http.send({ method: 'GET', url: `http://127.0.0.1:${port}/jwks`, purpose: 'jwks' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NETWORK' });
    expect((err as Error).message).toContain(`Connection refused by 127.0.0.1:${port}`);
    // Node's code is kept with the entry, for the diagnosis (NET-REFUSED).
    expect((await onlyEntry()).error).toEqual({ code: 'NETWORK', message: (err as Error).message, networkCode: 'ECONNREFUSED' });
  });

  it('explains a connection reset: NETWORK', async () => {
    routes.set('/reset', (req) => req.socket.destroy());
    const err = await http.send({ method: 'GET', url: `${base}/reset`, purpose: 'fhir' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NETWORK' });
    expect((err as Error).message).toMatch(/closed the connection before answering/);
  });

  it('reads at most maxBodyBytes of a huge body and does not wait for the rest', async () => {
    let written = 0;
    routes.set('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 97);
      const pump = () => {
        while (written < 5 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        // Never end: a client that buffered the whole answer would hang until its timeout.
      };
      pump();
    });
    const res = await http.send({ method: 'GET', url: `${base}/huge`, purpose: 'bulk', maxBodyBytes: 1024 * 1024, timeoutMs: 5000 });
    expect(res.bodyTruncated).toBe(true);
    expect(res.bodySize).toBe(1024 * 1024);
    expect(res.bodyText.length).toBe(1024 * 1024);
    const entry = await onlyEntry();
    expect(entry.responseTruncated).toBe(true);
    expect(entry.responseSize).toBe(1024 * 1024);
    expect(entry.responseBody!.length).toBeLessThanOrEqual(256 * 1024);
  });

  it('decodes UTF-8 the same whether a body comes in one chunk or split inside a character, without a BOM', async () => {
    const text = '{"name":"Zoë Müller ✓ 𝄞"}';
    const bytes = Buffer.from(text, 'utf8');
    const cut = bytes.indexOf(Buffer.from('𝄞', 'utf8')) + 2; // inside the four-byte character
    routes.set('/whole', (_req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])); });
    routes.set('/split', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes.subarray(0, cut)]));
      setTimeout(() => res.end(bytes.subarray(cut)), 30);
    });
    for (const path of ['/whole', '/split']) {
      const res = await http.send({ method: 'GET', url: `${base}${path}`, purpose: 'fhir' });
      expect(res.bodyText).toBe(text);
      expect(res.bodySize).toBe(bytes.length + 3);
    }
  });

  it('does not follow a redirect unless asked, and follows it when asked', async () => {
    routes.set('/old', (_req, res) => res.writeHead(302, { location: '/new' }).end());
    routes.set('/new', (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('moved here'));
    const stay = await http.send({ method: 'GET', url: `${base}/old`, purpose: 'discovery' });
    expect(stay.status).toBe(302);
    expect(stay.header('location')).toBe('/new');
    const follow = await http.send({ method: 'GET', url: `${base}/old`, purpose: 'discovery', followRedirects: true });
    expect(follow.status).toBe(200);
    expect(follow.bodyText).toBe('moved here');
    expect(follow.url).toBe(`${base}/new`);
  });

  it('never follows a redirect for a POST, even when asked (GET only)', async () => {
    let moved = 0;
    routes.set('/token-old', (_req, res) => res.writeHead(307, { location: '/token-new' }).end());
    routes.set('/token-new', (_req, res) => { moved++; res.writeHead(200).end('{}'); });
    const res = await http.send({ method: 'POST', url: `${base}/token-old`, body: 'client_secret=s', purpose: 'token', followRedirects: true });
    expect(res.status).toBe(307);
    expect(moved).toBe(0);
  });

  it('stops a redirect loop with a clear error', async () => {
    routes.set('/loop', (_req, res) => res.writeHead(302, { location: '/loop' }).end());
    const err = await http.send({ method: 'GET', url: `${base}/loop`, purpose: 'discovery', followRedirects: true }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NETWORK' });
    expect((err as Error).message).toMatch(/Too many redirects from 127\.0\.0\.1:\d+/);
    expect((await onlyEntry()).error?.message).toMatch(/Too many redirects/);
  });

  it('records successes and failures with sensitive values redacted', async () => {
    const secret = 'client-secret-5f4e3d';
    routes.set('/token', (_req, res, body) => {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_client', error_description: `bad secret ${new URLSearchParams(body).get('client_secret')}` }));
    });
    await http.send({ method: 'POST', url: `${base}/token`, purpose: 'token', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer at-live-123' }, body: `grant_type=client_credentials&client_secret=${secret}`, sensitiveValues: [secret] });
    routes.set('/token', (req) => req.socket.destroy());
    await http.send({ method: 'POST', url: `${base}/token?x=${secret}`, purpose: 'token', body: `client_secret=${secret}`, sensitiveValues: [secret] }).catch(() => undefined);
    const list = await log.list();
    expect(list.map((e) => e.status ?? e.error?.code)).toEqual(['NETWORK', 400]);
    for (const { id } of list) {
      const entry = await log.get(id);
      expect(JSON.stringify(entry)).not.toContain(secret);
      expect(JSON.stringify(entry)).not.toContain('at-live-123');
    }
    const ok = await log.get(list[1]!.id);
    expect(JSON.parse(ok.responseBody!).error_description).toBe(`bad secret ${REDACTED}`);
    expect((await log.reveal(list[1]!.id)).requestBody).toContain(secret);
    const har = await log.exportHar('0.0.0');
    expect(har.json).not.toContain(secret);
  });
});
