import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublicJwk, PublicJwks } from '../../../app/contract/keys.ts';
import { JWKS_PATH, JwksHostService } from './jwks-host-service.ts';

const clock = { now: () => Date.parse('2026-01-02T03:04:05.000Z') };
const jwk = (kid: string): PublicJwk => ({ kty: 'EC', kid, alg: 'ES384', use: 'sig', crv: 'P-384', x: 'eA', y: 'eQ' });
let store: Record<string, PublicJwk>;
const hosts: JwksHostService[] = [];

function makeHost() {
  store = { a: jwk('kid-a'), b: jwk('kid-b') };
  const host = new JwksHostService({ clock, publicJwks: async (ids): Promise<PublicJwks> => ({ keys: ids.flatMap((id) => (store[id] ? [store[id]] : [])) }) });
  hosts.push(host);
  return host;
}

/** Raw HTTP to 127.0.0.1, so the test sees exactly what a local server fetching jwks_uri sees. */
function get(port: number, path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.dispose()));
});

describe('JWKS host', () => {
  it('serves the chosen keys at /.well-known/jwks.json on a free 127.0.0.1 port, with Cache-Control; 404 elsewhere', async () => {
    const host = makeHost();
    expect(host.status()).toEqual({ running: false, keyIds: [] });
    const status = await host.host(['a']);
    expect(status).toMatchObject({ running: true, keyIds: ['a'], startedAt: '2026-01-02T03:04:05.000Z' });
    expect(status.url).toBe(`http://127.0.0.1:${status.port}${JWKS_PATH}`);
    const res = await get(status.port!, JWKS_PATH);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['cache-control']).toMatch(/max-age=\d+/);
    expect(JSON.parse(res.body)).toEqual({ keys: [jwk('kid-a')] });
    expect((await get(status.port!, `${JWKS_PATH}?x=1`)).status).toBe(200);
    expect((await get(status.port!, JWKS_PATH, 'HEAD')).body).toBe('');
    expect((await get(status.port!, '/')).status).toBe(404);
    expect((await get(status.port!, '/jwks.json')).status).toBe(404);
    expect((await get(status.port!, JWKS_PATH, 'POST')).status).toBe(405);
  });

  it('changes the served keys without moving, follows deletions, and restarts on another explicit port', async () => {
    const host = makeHost();
    const first = await host.host(['a']);
    const second = await host.host(['a', 'b']);
    expect(second.port).toBe(first.port);
    expect(JSON.parse((await get(second.port!, JWKS_PATH)).body).keys.map((k: PublicJwk) => k.kid)).toEqual(['kid-a', 'kid-b']);
    delete store.a;
    expect(JSON.parse((await get(second.port!, JWKS_PATH)).body).keys.map((k: PublicJwk) => k.kid)).toEqual(['kid-b']);

    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const freePort = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const moved = await host.host(['b'], freePort);
    expect(moved.port).toBe(freePort);
    await expect(get(first.port!, JWKS_PATH)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('refuses a port in use with CONFLICT and words', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as AddressInfo).port;
    try {
      const host = makeHost();
      await expect(host.host(['a'], port)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining(`Port ${port}`) });
      expect(host.status().running).toBe(false);
    } finally {
      await new Promise<void>((r) => busy.close(() => r()));
    }
  });

  it('forgets a deleted key, and stops when none is left', async () => {
    const host = makeHost();
    await host.host(['a', 'b']);
    expect((await host.forget('a')).keyIds).toEqual(['b']);
    expect((await host.forget('zzz')).keyIds).toEqual(['b']);
    expect(await host.forget('b')).toEqual({ running: false, keyIds: [] });
  });

  it('stops: the port no longer answers and the status says so', async () => {
    const host = makeHost();
    const { port } = await host.host(['a']);
    expect(await host.stop()).toEqual({ running: false, keyIds: [] });
    await expect(get(port!, JWKS_PATH)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await host.stop()).toEqual({ running: false, keyIds: [] });
  });
});
