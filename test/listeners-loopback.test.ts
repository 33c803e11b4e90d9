import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLoopbackListener } from '../main/services/tokens/flows/loopback-listener.ts';
import { startTestBridge, type TestBridge } from './support/bridge-http.ts';

/**
 * Every listener main opens binds 127.0.0.1 and nothing else: the browser-mode bridge, the JWKS
 * host, the built-in sandbox (and its free-port probe), and the auth-code redirect listener,
 * each started through the app's public API (bridge calls) while every `listen` is recorded.
 *
 * A static check lists every `.listen(` in main/, so a new listener cannot appear unchecked.
 */
const root = resolve(import.meta.dirname, '..');
interface Bound { address: string; port: number; stack: string }
const bound: Bound[] = [];
const realListen = net.Server.prototype.listen;

let bridge: TestBridge;

beforeAll(async () => {
  net.Server.prototype.listen = function recordedListen(this: net.Server, ...args: unknown[]) {
    const stack = new Error('listen').stack ?? '';
    this.once('listening', () => {
      const a = this.address();
      if (a && typeof a === 'object') bound.push({ address: a.address, port: a.port, stack });
    });
    return (realListen as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof net.Server.prototype.listen;
  bridge = await startTestBridge();
}, 30_000);

afterAll(async () => {
  net.Server.prototype.listen = realListen;
  await bridge?.stop();
});

const portOf = (url: string) => Number(new URL(url).port);

describe('listeners started through the app', () => {
  it('bridge, JWKS host, sandbox and sign-in redirect listener all bind 127.0.0.1', async () => {
    const keys = (await bridge.call('keys:list', {})).json.value as { id: string }[];
    expect(keys.length).toBeGreaterThan(0);
    const jwks = (await bridge.call('keys:host-jwks', { keyIds: [keys[0]!.id] })).json;
    expect(jwks.ok).toBe(true);
    const sandbox = (await bridge.call('sandbox:start', {})).json;
    expect(sandbox.value.state).toBe('running');
    const profiles = (await bridge.call('profiles:list', {})).json.value as { id: string; authMethod: string }[];
    const pkce = profiles.find((p) => p.authMethod === 'auth-code-pkce-public');
    expect(pkce).toBeDefined();
    const run = (await bridge.call('tokens:start', { profileId: pkce!.id })).json;
    expect(run.value.status).toBe('awaiting-browser');
    const redirectUri = run.value.browser.redirectUri as string;
    await bridge.call('tokens:cancel', { runId: run.value.id });
    await bridge.call('keys:stop-jwks-host', {});
    await bridge.call('sandbox:stop', {});

    const expected = { bridge: bridge.server.port, jwks: jwks.value.port as number, sandbox: portOf(sandbox.value.origin), redirect: portOf(redirectUri) };
    for (const [what, port] of Object.entries(expected)) {
      // The sandbox's port was first found free by a probe that listened there too (also 127.0.0.1).
      const addresses = bound.filter((b) => b.port === port).map((b) => b.address);
      expect(addresses.length, what).toBeGreaterThan(0);
      expect([...new Set(addresses)], what).toEqual(['127.0.0.1']);
    }
    expect(new URL(redirectUri).hostname).toBe('127.0.0.1');
    expect(bound.length).toBeGreaterThanOrEqual(4);
    const elsewhere = bound.filter((b) => b.address !== '127.0.0.1');
    expect(elsewhere.map((b) => `${b.address}:${b.port}\n${b.stack}`)).toEqual([]);
  }, 30_000);
});

describe('the redirect listener', () => {
  it('listens on 127.0.0.1 for no redirect URI, a 127.0.0.1 one and a localhost one', async () => {
    for (const redirectUri of [undefined, 'http://127.0.0.1/callback', 'http://localhost/cb']) {
      const before = bound.length;
      const listener = await startLoopbackListener({ redirectUri, expectedState: 's', timeoutMs: 5000 });
      listener.cancel();
      await listener.result.catch(() => undefined);
      const mine = bound.slice(before).filter((b) => b.port === portOf(listener.redirectUri));
      expect(mine.map((b) => b.address), String(redirectUri)).toEqual(['127.0.0.1']);
    }
  });

  it('for a registered http://[::1] redirect URI listens on ::1 only (IPv6 loopback, what that URI names)', async () => {
    const before = bound.length;
    let listener;
    try {
      listener = await startLoopbackListener({ redirectUri: 'http://[::1]/cb', expectedState: 's', timeoutMs: 5000 });
    } catch (e) {
      // A machine without IPv6 loopback cannot listen there at all, which is also not the network.
      expect((e as { code?: string }).code).toBe('NETWORK');
      return;
    }
    listener.cancel();
    await listener.result.catch(() => undefined);
    expect(bound.slice(before).map((b) => b.address)).toEqual(['::1']);
  });

  it('refuses a redirect URI that is not loopback instead of listening anywhere', async () => {
    for (const redirectUri of ['http://0.0.0.0/cb', 'http://192.168.1.2/cb', 'https://127.0.0.1/cb', 'http://example.com/cb', 'http://127.0.0.1.nip.io/cb']) {
      const before = bound.length;
      await expect(startLoopbackListener({ redirectUri, expectedState: 's', timeoutMs: 5000 }), redirectUri).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(bound.length).toBe(before);
    }
  });
});

describe('every listen call in main/', () => {
  it('is one of the known listeners, each given a loopback host', async () => {
    const files = (await readdir(join(root, 'main'), { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('testing'));
    const calls: string[] = [];
    for (const f of files) {
      for (const line of (await readFile(join(root, 'main', f), 'utf8')).split('\n')) {
        if (/\.listen\(/.test(line)) calls.push(`${f.replaceAll('\\', '/')}: ${line.trim()}`);
      }
    }
    const known: [string, RegExp][] = [
      ['web/web-server.ts', /\.listen\(opts\.port \?\? 0, '127\.0\.0\.1'/],
      ['services/keys/jwks-host-service.ts', /\.listen\(port \?\? 0, '127\.0\.0\.1'/],
      ['services/built-in-sandbox/sandbox-service.ts', /\.listen\(0, '127\.0\.0\.1'/],
      ['sandbox/http-server.ts', /\.listen\(port, '127\.0\.0\.1'/],
      // listenHost is '127.0.0.1', or '::1' for an [::1] redirect URI (tested above).
      ['services/tokens/flows/loopback-listener.ts', /\.listen\(target\.port, target\.listenHost/],
    ];
    expect(calls.map((c) => c.split(':')[0]).sort()).toEqual(known.map(([f]) => f).sort());
    for (const [file, pattern] of known) expect(calls.find((c) => c.startsWith(`${file}:`)), file).toMatch(pattern);
  });
});
