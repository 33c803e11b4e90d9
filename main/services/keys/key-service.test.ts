import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, compactVerify, createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KeyAlg } from '../../../app/keys/key-algs.ts';
import { createFileFallbackCipher } from '../../adapters/file-fallback-cipher.ts';
import type { Clock, EventSink, SecretCipher } from '../../ports.ts';
import { createFakeCipher } from '../../testing/fake-cipher.ts';
import { KeyService } from './key-service.ts';

const NOW = Date.parse('2026-05-06T07:08:09.000Z');
let dir: string;
let emitted: { event: string; payload: unknown }[];
let problems: string[];
const clock: Clock = { now: () => NOW };
const events: EventSink = { emit: (event, payload) => void emitted.push({ event, payload }) };

function service(cipher: SecretCipher = createFakeCipher()): KeyService {
  return new KeyService({ dataDir: dir, clock, cipher, events, onProblem: (m) => problems.push(m) });
}

/** Verifies a compact JWS against the key's own published JWKS, as a server would. */
async function verifyWithPublished(keys: KeyService, keyId: string, jws: string) {
  return compactVerify(jws, createLocalJWKSet(await keys.getPublicJwks(keyId) as never));
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-service-'));
  emitted = [];
  problems = [];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('generate', () => {
  const cases: { alg: KeyAlg; kty: string; crv?: string; bits?: number }[] = [
    { alg: 'RS384', kty: 'RSA', bits: 2048 },
    { alg: 'RS256', kty: 'RSA', bits: 2048 },
    { alg: 'PS384', kty: 'RSA', bits: 2048 },
    { alg: 'RS512', kty: 'RSA', bits: 2048 },
    { alg: 'ES384', kty: 'EC', crv: 'P-384' },
    { alg: 'ES256', kty: 'EC', crv: 'P-256' },
  ];
  it.each(cases)('$alg: a $kty key that signs JWTs a server verifies with its published JWKS', async ({ alg, kty, crv, bits }) => {
    const keys = service();
    const key = await keys.generate({ alg });
    expect(key).toMatchObject({ alg, kty, source: 'generated', privateKey: 'available', createdAt: new Date(NOW).toISOString() });
    expect(key.crv).toBe(crv);
    expect(key.bits).toBe(bits);
    const jwt = await keys.signJwt(key.id, { payload: { iss: 'client', sub: 'client', aud: 'https://auth.example/token', exp: NOW / 1000 + 300, jti: 'j1' } });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg, kid: key.kid, typ: 'JWT' });
    const verified = await jwtVerify(jwt, createLocalJWKSet(await keys.getPublicJwks(key.id) as never), { currentDate: new Date(NOW) });
    expect(verified.payload.jti).toBe('j1');
    expect(emitted).toEqual([{ event: 'keys:changed', payload: { ids: [key.id] } }]);
  });

  it.each([3072, 4096] as const)('RSA %i bits when chosen', async (modulusLength) => {
    const keys = service();
    const key = await keys.generate({ alg: 'RS384', modulusLength });
    expect(key.bits).toBe(modulusLength);
    const { exports } = await keys.get(key.id);
    const n = JSON.parse(exports.jwk.text).n as string;
    expect(Buffer.from(n, 'base64url').length * 8).toBe(modulusLength);
  });

  it('kid defaults to the RFC 7638 thumbprint of the public key, and a chosen kid and name are kept', async () => {
    const keys = service();
    const plain = await keys.generate({ alg: 'ES384' });
    const details = await keys.get(plain.id);
    const { kid: _k, alg: _a, use: _u, ...bare } = details.publicJwk;
    expect(plain.kid).toBe(await calculateJwkThumbprint(bare, 'sha256'));
    expect(plain.thumbprint).toBe(plain.kid);
    expect(plain.name).toBe('P-384 ES384 key');
    const named = await keys.generate({ alg: 'RS384', kid: 'my-client-2026', name: 'Epic sandbox' });
    expect(named).toMatchObject({ kid: 'my-client-2026', name: 'Epic sandbox' });
    expect(named.thumbprint).not.toBe('my-client-2026');
  });

  it('refuses a kid another key already uses', async () => {
    const keys = service();
    await keys.generate({ alg: 'ES256', kid: 'same' });
    await expect(keys.generate({ alg: 'ES384', kid: 'same' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await keys.list()).toHaveLength(1);
  });

  it('saves nothing when the cipher cannot encrypt', async () => {
    const keys = service(createFakeCipher({ failEncrypt: true }));
    await expect(keys.generate({ alg: 'ES256' })).rejects.toMatchObject({ code: 'STORE_IO', message: expect.stringContaining('keychain is locked') });
    expect(await keys.list()).toEqual([]);
  });
});

describe('storage', () => {
  it('keeps keys.json at mode 0600 with the private key sealed, and reloads it', async () => {
    const keys = service();
    const key = await keys.generate({ alg: 'ES384' });
    const path = join(dir, 'keys.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    const record = JSON.parse(text).data[0];
    expect(Object.keys(record.publicJwk).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    expect(record.sealedPrivateJwk).toMatch(/^fake-a:/);
    expect(text).not.toMatch(/"d"\s*:/);
    const opened = JSON.parse(await createFakeCipher().decrypt(record.sealedPrivateJwk));
    expect(typeof opened.d).toBe('string');
    expect(text).not.toContain(opened.d);

    const again = service();
    expect((await again.list()).map((k) => k.id)).toEqual([key.id]);
    const jws = await again.signJwt(key.id, { payload: { a: 1 } });
    await expect(verifyWithPublished(again, key.id, jws)).resolves.toBeTruthy();
  });

  it('works with the real file-fallback cipher across restarts', async () => {
    const keys = service(await createFileFallbackCipher(dir));
    const key = await keys.generate({ alg: 'RS384' });
    expect(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')).data[0].sealedPrivateJwk).toMatch(/^v1-file:/);
    const again = service(await createFileFallbackCipher(dir));
    const [summary] = await again.list();
    expect(summary?.privateKey).toBe('available');
    await expect(verifyWithPublished(again, key.id, await again.signJwt(key.id, { payload: { x: 1 } }))).resolves.toBeTruthy();
  });

  it('reports a private key it cannot decrypt, keeps it, and refuses to sign with it', async () => {
    const key = await service(createFakeCipher({ tag: 'desktop' })).generate({ alg: 'ES256', name: 'Desktop key' });
    const other = service(createFakeCipher({ tag: 'browser' }));
    const [summary] = await other.list();
    expect(summary).toMatchObject({ id: key.id, privateKey: 'unreadable', problem: expect.stringContaining('cannot be decrypted') });
    expect(summary?.problem).toContain('Desktop key');
    await expect(other.signJwt(key.id, { payload: {} })).rejects.toMatchObject({ code: 'KEY_INVALID' });
    await other.list();
    expect(problems).toHaveLength(1);
    expect((await other.getPublicJwks(key.id)).keys).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')).data).toHaveLength(1);
    const [back] = await service(createFakeCipher({ tag: 'desktop' })).list();
    expect(back?.privateKey).toBe('available');
  });
});

describe('update, delete, sign options', () => {
  it('renames the kid (published JWKS and signatures follow) and changes alg within the key family', async () => {
    const keys = service();
    const key = await keys.generate({ alg: 'RS384' });
    const renamed = await keys.update({ id: key.id, kid: 'renamed', name: 'New name', alg: 'PS384' });
    expect(renamed).toMatchObject({ kid: 'renamed', name: 'New name', alg: 'PS384', thumbprint: key.thumbprint });
    expect((await keys.getPublicJwks(key.id)).keys[0]).toMatchObject({ kid: 'renamed', alg: 'PS384' });
    const jws = await keys.signJwt(key.id, { payload: {} });
    expect(decodeProtectedHeader(jws)).toMatchObject({ kid: 'renamed', alg: 'PS384' });
    await expect(keys.update({ id: key.id, alg: 'ES384' })).rejects.toMatchObject({ code: 'KEY_INVALID', message: expect.stringContaining('needs an EC key') });
    const other = await keys.generate({ alg: 'ES256' });
    await expect(keys.update({ id: other.id, kid: 'renamed' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(keys.update({ id: other.id, alg: 'ES384' })).rejects.toMatchObject({ message: expect.stringContaining('P-384') });
  });

  it('signs with an overriding alg and header fields, and refuses an alg the key cannot do', async () => {
    const keys = service();
    const key = await keys.generate({ alg: 'RS384' });
    const jws = await keys.signJwt(key.id, { header: { alg: 'RS256', kid: 'other-kid', jku: 'https://app.example/jwks.json' }, payload: { a: 1 } });
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'RS256', kid: 'other-kid', typ: 'JWT', jku: 'https://app.example/jwks.json' });
    const { keys: [pub] } = await keys.getPublicJwks(key.id);
    await expect(compactVerify(jws, createLocalJWKSet({ keys: [{ ...pub!, alg: 'RS256', kid: 'other-kid' }] }))).resolves.toBeTruthy();
    await expect(keys.signJwt(key.id, { header: { alg: 'ES384' }, payload: {} })).rejects.toMatchObject({ code: 'KEY_INVALID' });
    await expect(keys.signJwt(key.id, { header: { alg: 'HS256' }, payload: {} })).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });

  it('deletes a key for good', async () => {
    const keys = service();
    const key = await keys.generate({ alg: 'ES256' });
    await expect(keys.remove(key.id)).resolves.toEqual({ id: key.id });
    expect(await keys.list()).toEqual([]);
    await expect(keys.get(key.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(keys.signJwt(key.id, { payload: {} })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await keys.getPublicJwks([key.id], { skipMissing: true })).keys).toEqual([]);
    expect(JSON.parse(readFileSync(join(dir, 'keys.json'), 'utf8')).data).toEqual([]);
  });

  it('exports the public key as JWK, JWKS and SPKI PEM only', async () => {
    const keys = service();
    const key = await keys.generate({ alg: 'ES384', kid: 'abc/def' });
    const d = await keys.get(key.id);
    expect(d.exports.jwk.fileName).toBe('abc-def.public.jwk.json');
    expect(JSON.parse(d.exports.jwks.text)).toEqual({ keys: [d.publicJwk] });
    expect(d.exports.pem.text).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
    expect(JSON.stringify(d)).not.toMatch(/"d"|PRIVATE KEY/);
  });
});
