import { connect } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { rawRequest, startTestBridge, type TestBridge } from '../../test/support/bridge-http.ts';
import { BRIDGE_SECRET_HEADER } from './bridge-guard.ts';

/**
 * The browser-mode server as `npm run web` starts it: who may call the bridge (secret, Host,
 * Origin) and where it listens.
 */
const servers = vi.hoisted(() => [] as Server[]);
vi.mock('node:http', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:http')>();
  const createServer = ((...args: Parameters<typeof real.createServer>) => {
    const server = real.createServer(...args);
    servers.push(server);
    return server;
  }) as typeof real.createServer;
  return { ...real, createServer, default: { ...real, createServer } };
});

let bridge: TestBridge;
let port: number;
const host = () => `127.0.0.1:${port}`;
const body = JSON.stringify({});

beforeAll(async () => {
  bridge = await startTestBridge();
  port = bridge.server.port;
});
afterAll(() => bridge?.stop());

const list = (headers: Record<string, string>) =>
  rawRequest(port, { method: 'POST', path: '/api/profiles:list', headers: { 'content-type': 'application/json', ...headers }, body });

describe('bridge secret', () => {
  it('refuses a call without the secret with 401', async () => {
    const res = await list({ host: host() });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text)).toMatchObject({ ok: false });
  });

  it('refuses a wrong secret of the same or another length with 401', async () => {
    const same = bridge.server.secret.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    expect(same).not.toBe(bridge.server.secret);
    expect((await list({ host: host(), [BRIDGE_SECRET_HEADER]: same })).status).toBe(401);
    expect((await list({ host: host(), [BRIDGE_SECRET_HEADER]: 'short' })).status).toBe(401);
    expect((await list({ host: host(), [BRIDGE_SECRET_HEADER]: `${bridge.server.secret}x` })).status).toBe(401);
  });

  it('refuses the events stream without the secret', async () => {
    const res = await rawRequest(port, { path: '/api/events', headers: { host: host() } });
    expect(res.status).toBe(401);
  });

  it('answers a call with the secret', async () => {
    const res = await list({ host: host(), [BRIDGE_SECRET_HEADER]: bridge.server.secret });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.text);
    expect(body.ok).toBe(true);
    expect(body.value.map((p: { name: string }) => p.name)).toEqual(['Sandbox: backend services (private_key_jwt)', 'Sandbox: client secret', 'Sandbox: SMART app (PKCE)', 'Sandbox: SMART app (private_key_jwt)']);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('puts the secret in the URL fragment, which browsers never send', () => {
    const url = new URL(bridge.server.url);
    expect(url.hash).toBe(`#k=${bridge.server.secret}`);
    expect(url.pathname + url.search).toBe('/');
  });
});

describe('Host and Origin (DNS rebinding and cross-site calls)', () => {
  const secret = () => ({ [BRIDGE_SECRET_HEADER]: bridge.server.secret });

  it('refuses a foreign Host with 403 even with the secret', async () => {
    expect((await list({ host: `evil.example:${port}`, ...secret() })).status).toBe(403);
    expect((await list({ host: `127.0.0.1:${port + 1}`, ...secret() })).status).toBe(403);
    expect((await rawRequest(port, { path: '/', headers: { host: `evil.example:${port}` } })).status).toBe(403);
  });

  it('refuses a foreign Origin with 403 even with the secret', async () => {
    for (const origin of ['https://evil.example', `http://evil.example:${port}`, 'null', `http://127.0.0.1:${port}.evil.example`]) {
      expect((await list({ host: host(), origin, ...secret() })).status, origin).toBe(403);
    }
  });

  it('lets the app\'s own Origin and localhost through', async () => {
    expect((await list({ host: host(), origin: `http://127.0.0.1:${port}`, ...secret() })).status).toBe(200);
    expect((await list({ host: `localhost:${port}`, origin: `http://localhost:${port}`, ...secret() })).status).toBe(200);
  });
});

describe('request shape', () => {
  const headers = () => ({ host: host(), [BRIDGE_SECRET_HEADER]: bridge.server.secret });

  it('wants POST for methods and GET for events', async () => {
    expect((await rawRequest(port, { path: '/api/profiles:list', headers: headers() })).status).toBe(405);
    expect((await rawRequest(port, { method: 'POST', path: '/api/events', headers: { ...headers(), 'content-type': 'application/json' }, body })).status).toBe(405);
  });

  it('wants a JSON body', async () => {
    const res = await rawRequest(port, { method: 'POST', path: '/api/profiles:list', headers: { ...headers(), 'content-type': 'text/plain' }, body });
    expect(res.status).toBe(415);
    const bad = await rawRequest(port, { method: 'POST', path: '/api/profiles:list', headers: { ...headers(), 'content-type': 'application/json' }, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('listening address', () => {
  it('binds 127.0.0.1 only', () => {
    const server = servers.find((s) => (s.address() as { port?: number } | null)?.port === port);
    expect(server).toBeDefined();
    expect(server!.address()).toMatchObject({ address: '127.0.0.1', family: 'IPv4' });
    expect(bridge.server.origin).toBe(`http://127.0.0.1:${port}`);
  });

  it('is not reachable on other loopback addresses', async () => {
    const tryConnect = (address: string) =>
      new Promise<string>((resolve) => {
        const socket = connect({ host: address, port });
        socket.once('connect', () => { socket.destroy(); resolve('connected'); });
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
    expect(await tryConnect('127.0.0.1')).toBe('connected');
    expect(await tryConnect('127.0.0.2')).toBe('ECONNREFUSED');
    expect(await tryConnect('::1')).not.toBe('connected');
  });
});
