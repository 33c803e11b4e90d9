import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../app/contract/channels.ts';
import type { Result } from '../../app/result/result.ts';
import { PRIVATE_JWK_MEMBERS } from '../../app/keys/key-algs.ts';
import { createMainServices, type MainServices } from '../compose.ts';
import { createFakeCipher } from '../testing/fake-cipher.ts';
import { createDispatcher, type Dispatch } from './dispatch.ts';

const SECRET = 'client-secret-Zq81';
let dir: string;
let services: MainServices;
let dispatch: Dispatch;
const called = new Set<string>();
const results: { method: string; result: Result<unknown> }[] = [];

async function call(method: string, input: unknown): Promise<Result<unknown>> {
  called.add(method);
  const result = await dispatch(method, input);
  results.push({ method, result });
  return result;
}
const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

/** Every place in a result that looks like private key material or the client secret. */
function leaks(node: unknown, secrets: string[], path = '$'): string[] {
  if (typeof node === 'string') {
    const hit = secrets.find((s) => node.includes(s));
    return /-----BEGIN [A-Z ]*PRIVATE KEY-----\s*[A-Za-z0-9+/=]{16}/.test(node) || hit ? [`${path} = ${node.slice(0, 60)}`] : [];
  }
  if (Array.isArray(node)) return node.flatMap((v, i) => leaks(v, secrets, `${path}[${i}]`));
  if (node && typeof node === 'object') {
    return Object.entries(node).flatMap(([k, v]) => [
      ...((PRIVATE_JWK_MEMBERS as readonly string[]).includes(k) ? [`${path}.${k} (private member)`] : []),
      ...leaks(v, secrets, `${path}.${k}`),
    ]);
  }
  return [];
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'key-handlers-'));
  services = await createMainServices({ mode: 'browser', version: 't', dataDir: dir, cipher: createFakeCipher(), events: { emit: () => {} }, clock: { now: () => Date.parse('2026-04-05T06:07:08.000Z') } });
  dispatch = createDispatcher(services.handlers);
  called.clear();
  results.length = 0;
});
afterEach(async () => {
  await services.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('key and secret channels', () => {
  it('no result of any key or secret method carries private key material or the client secret', async () => {
    const rsa = await generateKeyPair('RS384', { extractable: true });
    const ec = await generateKeyPair('ES384', { extractable: true });
    const rsaJwk = await exportJWK(rsa.privateKey);
    const ecJwk = await exportJWK(ec.privateKey);
    const pem = await exportPKCS8(rsa.privateKey);
    const jwks = JSON.stringify({ keys: [{ ...rsaJwk, kid: 'r' }, { ...ecJwk, kid: 'e' }] });

    const generated = value<{ id: string }>(await call('keys:generate', { alg: 'ES256', kid: '', name: '' }));
    await call('keys:generate', { alg: 'RS384', modulusLength: 2048 });
    await call('keys:preview-import', { text: jwks });
    await call('keys:preview-import', { text: pem });
    const imported = value<{ id: string }>(await call('keys:import', { text: jwks, index: 0 }));
    await call('keys:import', { text: JSON.stringify(ecJwk) });
    await call('keys:import', { text: pem }); // CONFLICT: same key as jwks[0]
    await call('keys:import', { text: `${JSON.stringify(rsaJwk).slice(0, -1)},` }); // broken JSON holding a private key
    await call('keys:import', { text: jwks }); // two private keys, no index
    await call('keys:list', {});
    await call('keys:get', { id: generated.id });
    await call('keys:get', { id: imported.id });
    await call('keys:update', { id: imported.id, kid: 'renamed', alg: 'PS384' });
    const hosted = value<{ url: string }>(await call('keys:host-jwks', { keyIds: [generated.id, imported.id], port: 0 }));
    await call('keys:jwks-host-status', {});
    const served = await (await fetch(hosted.url)).json();
    await call('keys:stop-jwks-host', {});
    await call('keys:delete', { id: generated.id });
    await call('secrets:set', { profileId: 'p1', secret: SECRET });
    await call('secrets:status', { profileId: 'p1' });
    await call('secrets:set', { profileId: 'p1', secret: '   ' }); // refused
    await call('secrets:clear', { profileId: 'p1' });

    const stored = JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')).data as { sealedPrivateJwk: string }[];
    const privateValues = [rsaJwk, ecJwk].flatMap((j) => [j.d, j.p, j.q, j.dp, j.dq, j.qi].filter((v): v is string => !!v));
    for (const r of stored) {
      const jwk = JSON.parse(await createFakeCipher().decrypt(r.sealedPrivateJwk)) as Record<string, string>;
      privateValues.push(...['d', 'p', 'q', 'dp', 'dq', 'qi'].flatMap((m) => (jwk[m] ? [jwk[m]] : [])));
    }
    expect(privateValues.length).toBeGreaterThanOrEqual(8);

    const found = results.flatMap(({ method, result }) => leaks(result, [...privateValues, SECRET]).map((l) => `${method}: ${l}`));
    found.push(...leaks(served, [...privateValues, SECRET]).map((l) => `served JWKS: ${l}`));
    expect(found).toEqual([]);
    expect(results.filter((r) => !r.result.ok).map((r) => (r.result.ok ? '' : r.result.error.code))).toEqual(['CONFLICT', 'KEY_INVALID', 'INVALID_INPUT', 'INVALID_INPUT']);

    const ours = METHOD_NAMES.filter((m) => m.startsWith('keys:') || m.startsWith('secrets:'));
    expect([...called].sort()).toEqual([...ours].sort());
  });

  it('keys:host-jwks refuses an unknown key id before serving anything', async () => {
    const r = await dispatch('keys:host-jwks', { keyIds: ['nope'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(value<{ running: boolean }>(await dispatch('keys:jwks-host-status', {})).running).toBe(false);
  });

  it('deleting a served key removes it from the host, which stops with the last one', async () => {
    const a = value<{ id: string }>(await dispatch('keys:generate', { alg: 'ES256' }));
    const b = value<{ id: string }>(await dispatch('keys:generate', { alg: 'ES384' }));
    value(await dispatch('keys:host-jwks', { keyIds: [a.id, b.id] }));
    await dispatch('keys:delete', { id: a.id });
    expect(value<{ keyIds: string[] }>(await dispatch('keys:jwks-host-status', {})).keyIds).toEqual([b.id]);
    await dispatch('keys:delete', { id: b.id });
    expect(value(await dispatch('keys:jwks-host-status', {}))).toEqual({ running: false, keyIds: [] });
  });

  it('dispose stops the JWKS host', async () => {
    const key = value<{ id: string }>(await dispatch('keys:generate', { alg: 'ES384' }));
    const { url } = value<{ url: string }>(await dispatch('keys:host-jwks', { keyIds: [key.id] }));
    expect((await fetch(url)).status).toBe(200);
    await services.dispose();
    await expect(fetch(url)).rejects.toThrow();
  });

  it('validates input with the contract: RSA sizes, modulus on EC, empty kid on rename', async () => {
    expect(await dispatch('keys:generate', { alg: 'RS384', modulusLength: 1024 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'modulusLength' }] } });
    expect(await dispatch('keys:generate', { alg: 'ES384', modulusLength: 2048 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'modulusLength' }] } });
    const key = value<{ id: string }>(await dispatch('keys:generate', { alg: 'ES256' }));
    expect(await dispatch('keys:update', { id: key.id, kid: '  ' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('kid cannot be empty') } });
    expect(await dispatch('keys:import', { text: '' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
