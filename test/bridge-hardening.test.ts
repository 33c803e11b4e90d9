import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../app/result/result.ts';
import { BRIDGE_SECRET_HEADER } from '../main/web/bridge-guard.ts';
import { MAX_BRIDGE_BODY } from '../main/web/bridge-handler.ts';
import { rawRequest, startTestBridge, type TestBridge } from './support/bridge-http.ts';

/**
 * Who can reach the browser-mode bridge, beyond main/web/web-server.test.ts: look-alike Hosts
 * and Origins, requests that are not well-formed HTTP, path tricks in method names, the secret
 * sent anywhere but its header, and an oversize body that must get its 413, not a reset.
 */
let bridge: TestBridge;
let port: number;
let secret: string;
const host = () => `127.0.0.1:${port}`;

beforeAll(async () => {
  bridge = await startTestBridge();
  await mkdir(bridge.rendererDir, { recursive: true });
  await writeFile(join(bridge.rendererDir, 'index.html'), '<!doctype html><title>app</title>');
  port = bridge.server.port;
  secret = bridge.server.secret;
});
afterAll(() => bridge?.stop());

const call = (path: string, headers: Record<string, string>, body = '{}') =>
  rawRequest(port, { method: 'POST', path, headers: { 'content-type': 'application/json', ...headers }, body });
const good = () => ({ host: host(), origin: bridge.server.origin, [BRIDGE_SECRET_HEADER]: secret });

/** One raw HTTP/1.x exchange over a socket, for requests node:http would not send. */
function rawHttp(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let out = '';
    socket.setEncoding('utf8');
    socket.on('data', (d: string) => { out += d; });
    socket.on('end', () => resolve(out));
    socket.on('error', (e: NodeJS.ErrnoException) => (out ? resolve(out) : e.code === 'ECONNRESET' ? resolve('RESET') : reject(e)));
    socket.end(text);
  });
}
const statusOf = (response: string) => Number(/^HTTP\/1\.[01] (\d{3})/.exec(response)?.[1] ?? 0);

describe('Host look-alikes (DNS rebinding)', () => {
  it('refuses every Host that is not exactly 127.0.0.1 or localhost on this port, even with the secret', async () => {
    const hosts = [
      `127.0.0.1.evil.example:${port}`, `localhost.evil.example:${port}`, `evil.example`, `127.0.0.1:${port}.evil.example`,
      `127.0.0.1:${port}@evil.example`, `evil.example@127.0.0.1:${port}`, `localhost.:${port}`, `[::1]:${port}`, `0.0.0.0:${port}`,
      `127.1:${port}`, `2130706433:${port}`, `127.0.0.2:${port}`, `127.0.0.1`, `localhost`, `127.0.0.1:0${port}`, `127.0.0.1:${port}.`, `127.0.0.1:+${port}`,
    ];
    for (const h of hosts) {
      const res = await call('/api/profiles:list', { ...good(), host: h });
      expect(res.status, JSON.stringify(h)).toBe(403);
      expect(res.text).not.toContain('"ok":true');
    }
  });

  it('refuses a request without Host, and judges two Hosts by the one Node keeps (the first)', async () => {
    const body = '{}';
    const head = (version: string, hostLines: string) => `POST /api/profiles:list HTTP/${version}\r\n${hostLines}content-type: application/json\r\n${BRIDGE_SECRET_HEADER}: ${secret}\r\ncontent-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`;
    expect(statusOf(await rawHttp(head('1.0', '')))).toBe(403);
    expect(statusOf(await rawHttp(head('1.1', '')))).toBe(400);
    expect(statusOf(await rawHttp(head('1.1', 'host: \r\n')))).toBe(403);
    const foreignFirst = await rawHttp(head('1.1', `host: evil.example\r\nhost: ${host()}\r\n`));
    expect(statusOf(foreignFirst)).toBe(403);
    expect(foreignFirst).not.toContain('"ok":true');
    // A browser never sends two; Node keeps the first, which is the one checked, so the check and the request agree.
    expect(statusOf(await rawHttp(head('1.1', `host: ${host()}\r\nhost: evil.example\r\n`)))).toBe(200);
  });

  it('treats an absolute-form request target as a static path, never as a method call', async () => {
    const res = await rawHttp(`POST http://evil.example/api/profiles:list HTTP/1.1\r\nhost: ${host()}\r\ncontent-type: application/json\r\n${BRIDGE_SECRET_HEADER}: ${secret}\r\ncontent-length: 2\r\nconnection: close\r\n\r\n{}`);
    expect(statusOf(res)).toBeGreaterThanOrEqual(400);
    expect(res).not.toContain('"ok":true');
  });
});

describe('Origin look-alikes (cross-site calls)', () => {
  it('refuses every Origin but the app\'s own, even with the secret', async () => {
    const origins = [
      'null', '', `https://127.0.0.1:${port}`, `http://127.0.0.1:${port}.evil.example`, `http://127.0.0.1:${port}@evil.example`,
      `http://localhost.evil.example:${port}`, `http://127.0.0.1:${port + 1}`, `http://127.0.0.1`, `file://`, `chrome-extension://abcdef`,
      `http://[::1]:${port}`, `http://127.0.0.1:${port}/`, `http://127.0.0.1:${port}/path`,
    ];
    for (const origin of origins) {
      const res = await call('/api/profiles:list', { ...good(), origin });
      expect(res.status, JSON.stringify(origin)).toBe(403);
    }
  });
});

describe('the secret', () => {
  it('counts only in its header: not in the query, the fragment, a cookie or basic auth', async () => {
    const { [BRIDGE_SECRET_HEADER]: _s, ...noSecret } = good();
    const attempts: [string, Record<string, string>][] = [
      [`/api/profiles:list?k=${secret}`, noSecret],
      [`/api/profiles:list?${BRIDGE_SECRET_HEADER}=${secret}`, noSecret],
      [`/api/profiles:list#k=${secret}`, noSecret],
      ['/api/profiles:list', { ...noSecret, cookie: `k=${secret}; ${BRIDGE_SECRET_HEADER}=${secret}` }],
      ['/api/profiles:list', { ...noSecret, authorization: `Bearer ${secret}` }],
      ['/api/profiles:list', { ...noSecret, [BRIDGE_SECRET_HEADER]: `${secret}x` }],
      ['/api/profiles:list', { ...noSecret, [BRIDGE_SECRET_HEADER]: secret.slice(1) }],
      ['/api/profiles:list', { ...noSecret, [BRIDGE_SECRET_HEADER]: secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase() }],
    ];
    for (const [path, headers] of attempts) {
      const res = await call(path, headers);
      expect(res.status, `${path} ${JSON.stringify(Object.keys(headers))}`).toBe(401);
      expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('no path trick reaches a method without the secret', async () => {
    const { [BRIDGE_SECRET_HEADER]: _s, ...noSecret } = good();
    for (const path of ['/api/profiles:list', '/api/..%2Fprofiles:list', '/API/profiles:list', '/api//profiles:list', '/%61pi/profiles:list', '/./api/profiles:list', '/x/../api/profiles:list', '/api/events']) {
      const res = await call(path, noSecret);
      expect(res.status, path).not.toBe(200);
      expect(res.text, path).not.toContain('"ok":true');
    }
  });
});

describe('method names with path tricks', () => {
  it('resolve to exactly one contract method or to a typed refusal, never a 500', async () => {
    const cases: [string, 'refused' | 'profiles:list'][] = [
      ['/api/..%2Fprofiles:list', 'refused'],
      ['/api/%2e%2e%2fprofiles:list', 'refused'],
      ['/api/..%5Cprofiles:list', 'refused'],
      ['/api/profiles:list%00', 'refused'],
      ['/api/profiles:list%2F..%2Fsecrets:set', 'refused'],
      ['/api/profiles:list/', 'refused'],
      ['/api//profiles:list', 'refused'],
      ['/api/profiles%3Alist', 'profiles:list'],
      ['/api/%70rofiles:list', 'profiles:list'],
      ['/api/__proto__', 'refused'],
      ['/api/constructor', 'refused'],
      ['/api/toString', 'refused'],
      ['/api/hasOwnProperty', 'refused'],
      ['/api/%E0%A4%A', 'refused'],
      ['/api/%', 'refused'],
      ['/api/', 'refused'],
    ];
    for (const [path, expected] of cases) {
      const res = await call(path, good());
      expect(res.status, path).toBeLessThan(500);
      const json = JSON.parse(res.text) as { ok: boolean; value?: unknown; error?: { code: string } };
      if (expected === 'refused') {
        expect(json.ok, path).toBe(false);
        expect(ERROR_CODES, path).toContain(json.error?.code);
        expect(json.error?.code, path).not.toBe('INTERNAL');
      } else {
        expect(json, path).toEqual((await bridge.call('profiles:list', {})).json);
      }
    }
  });

  it('a traversal outside /api/ serves no file beyond the renderer folder', async () => {
    for (const path of ['/..%2F..%2F..%2Fetc%2Fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/..\\..\\etc\\passwd', '/api/../../etc/passwd', '//etc/passwd']) {
      const res = await rawRequest(port, { path, headers: { host: host() } });
      expect(res.text, path).not.toMatch(/root:.*:0:0:/);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});

describe('oversize bodies', () => {
  it('always get the typed 413, never a connection reset (the bridge drains what it refuses)', async () => {
    for (let i = 0; i < 12; i++) {
      const size = MAX_BRIDGE_BODY + 1 + i * 700_000;
      const res = await call('/api/profiles:import', good(), JSON.stringify({ json: 'x'.repeat(size) }));
      expect(res.status, `${size} bytes`).toBe(413);
      expect(JSON.parse(res.text)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining(`over ${MAX_BRIDGE_BODY} bytes`) } });
    }
    // And the bridge still answers afterwards.
    expect((await bridge.call('profiles:list', {})).json.ok).toBe(true);
  });
});
