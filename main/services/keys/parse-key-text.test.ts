import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calculateJwkThumbprint, compactVerify, createLocalJWKSet, exportJWK, exportPKCS8, exportSPKI, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../ports.ts';
import { createFakeCipher } from '../../testing/fake-cipher.ts';
import { KeyService } from './key-service.ts';

const clock: Clock = { now: () => Date.parse('2026-05-06T07:08:09.000Z') };
let dir: string;
let keys: KeyService;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'key-import-'));
  keys = new KeyService({ dataDir: dir, clock, cipher: createFakeCipher(), events: { emit: () => {} } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function pair(alg: 'RS384' | 'ES384' | 'ES256' | 'ES512', modulusLength?: number) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true, ...(modulusLength ? { modulusLength } : {}) });
  const jwk = await exportJWK(privateKey);
  const pub = await exportJWK(publicKey);
  return { jwk, pub, pkcs8: await exportPKCS8(privateKey), spki: await exportSPKI(publicKey), thumbprint: await calculateJwkThumbprint(pub, 'sha256') };
}

/** Imports, then proves the stored key is the same key: same thumbprint, and its signature verifies with the original public key. */
async function importAndProve(text: string, original: { pub: Record<string, unknown>; thumbprint: string }, extra: { index?: number; kid?: string } = {}) {
  const key = await keys.importKey({ text, ...extra });
  expect(key.thumbprint).toBe(original.thumbprint);
  const jws = await keys.signJwt(key.id, { payload: { ok: true } });
  await expect(compactVerify(jws, createLocalJWKSet({ keys: [{ ...original.pub, kid: key.kid, alg: key.alg }] }))).resolves.toBeTruthy();
  return key;
}

describe('import formats', () => {
  it('PKCS#8 PEM, RSA and EC, with the alg defaulting to RS384 / ES384', async () => {
    const rsa = await pair('RS384');
    const ec = await pair('ES384');
    expect(await importAndProve(rsa.pkcs8, rsa)).toMatchObject({ alg: 'RS384', kty: 'RSA', bits: 2048, source: 'imported-pem', kid: rsa.thumbprint });
    expect(await importAndProve(`\n  ${ec.pkcs8}\n`, ec)).toMatchObject({ alg: 'ES384', kty: 'EC', crv: 'P-384', kid: ec.thumbprint });
  });

  it('PKCS#1 (RSA PRIVATE KEY) and SEC1 (EC PRIVATE KEY) PEM too', async () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const rsaPub = rsa.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    const ecPub = ec.publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
    const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const sec1 = ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(pkcs1).toContain('BEGIN RSA PRIVATE KEY');
    await importAndProve(pkcs1, { pub: rsaPub, thumbprint: await calculateJwkThumbprint(rsaPub as never) });
    expect(await importAndProve(sec1, { pub: ecPub, thumbprint: await calculateJwkThumbprint(ecPub as never) })).toMatchObject({ alg: 'ES256', crv: 'P-256' });
  });

  it('a private JWK keeps its kid and declared alg', async () => {
    const rsa = await pair('RS384');
    const key = await importAndProve(JSON.stringify({ ...rsa.jwk, kid: 'vendor-kid', alg: 'RS256', use: 'sig' }), rsa);
    expect(key).toMatchObject({ kid: 'vendor-kid', alg: 'RS256', source: 'imported-jwk', name: 'Imported vendor-kid' });
  });

  it('a JWKS with one private key among public ones imports the private one', async () => {
    const a = await pair('ES256');
    const b = await pair('ES384');
    const text = JSON.stringify({ keys: [{ ...a.pub, kid: 'pub-a' }, { ...b.jwk, kid: 'priv-b' }] });
    const preview = await keys.previewImport(text);
    expect(preview).toMatchObject({ format: 'jwks', importable: 1 });
    expect(preview.candidates[0]?.problem).toContain('public key');
    expect(await importAndProve(text, b)).toMatchObject({ kid: 'priv-b', source: 'imported-jwks' });
  });

  it('a JWKS with several private keys asks which one, then imports the chosen one', async () => {
    const a = await pair('RS384');
    const b = await pair('ES384');
    const text = JSON.stringify({ keys: [{ ...a.jwk, kid: 'one' }, { ...b.jwk, kid: 'two' }] });
    const preview = await keys.previewImport(text);
    expect(preview.importable).toBe(2);
    expect(preview.candidates.map((c) => [c.kid, c.thumbprint, c.suggestedAlg, c.algs])).toEqual([
      ['one', a.thumbprint, 'RS384', ['RS384', 'RS256', 'RS512', 'PS384']],
      ['two', b.thumbprint, 'ES384', ['ES384']],
    ]);
    expect(JSON.stringify(preview)).not.toMatch(/"(d|p|q|dp|dq|qi)"/);
    await expect(keys.importKey({ text })).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('2 private keys') });
    expect(await importAndProve(text, b, { index: 1 })).toMatchObject({ kid: 'two' });
    await expect(keys.importKey({ text, index: 5 })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });

  it('uses a chosen kid and alg, and refuses an alg the key cannot do', async () => {
    const rsa = await pair('RS384');
    await expect(keys.importKey({ text: rsa.pkcs8, alg: 'ES384' })).rejects.toMatchObject({ code: 'KEY_INVALID', message: expect.stringContaining('ES384 needs an EC key') });
    expect(await keys.importKey({ text: rsa.pkcs8, alg: 'PS384', kid: 'mine' })).toMatchObject({ alg: 'PS384', kid: 'mine' });
  });

  it('refuses the same key twice', async () => {
    const ec = await pair('ES256');
    const first = await keys.importKey({ text: ec.pkcs8, name: 'First' });
    await expect(keys.importKey({ text: JSON.stringify(ec.jwk) })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('First') });
    expect((await keys.list()).map((k) => k.id)).toEqual([first.id]);
  });
});

describe('bad input gets a clear error', () => {
  const expectError = async (text: string, code: string, words: RegExp) => {
    await expect(keys.previewImport(text)).rejects.toMatchObject({ code, message: expect.stringMatching(words) });
    await expect(keys.importKey({ text })).rejects.toMatchObject({ code, message: expect.stringMatching(words) });
    expect(await keys.list()).toEqual([]);
  };

  it('text that is neither PEM nor JSON', () => expectError('hello, this is my key', 'KEY_INVALID', /neither PEM nor JSON/));
  it('broken JSON', () => expectError('{"kty": "RSA",', 'KEY_INVALID', /not valid JSON/));
  it('JSON that is no key', () => expectError('{"hello": 1}', 'KEY_INVALID', /neither a JWK .* nor a JWKS/));
  it('a PEM without its END line', async () => {
    const { pkcs8 } = await pair('ES256');
    await expectError(pkcs8.replace(/-----END[^\n]+\n?$/, ''), 'KEY_INVALID', /incomplete/);
  });
  it('a PEM whose body is damaged', () => expectError('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', 'KEY_INVALID', /could not be read as a private key/));

  it('an encrypted PKCS#8 PEM and an encrypted PKCS#1 PEM', async () => {
    const enc8 = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    const enc1 = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    await expectError(enc8.privateKey, 'KEY_INVALID', /encrypted with a passphrase/);
    await expectError(enc1.privateKey, 'KEY_INVALID', /encrypted with a passphrase/);
  });

  it('a certificate instead of a key', () => expectError('-----BEGIN CERTIFICATE-----\nMIIBkTCB+wIJAKHBfpE\n-----END CERTIFICATE-----\n', 'KEY_INVALID', /certificate.*only a public key/));

  it('a public key where a private key is needed: SPKI PEM and public JWK', async () => {
    const ec = await pair('ES384');
    await expectError(ec.spki, 'KEY_INVALID', /public key .*private key/);
    await expectError(JSON.stringify(ec.pub), 'KEY_INVALID', /public key \(it has no "d" member\)/);
  });

  it('a JWKS without keys, and one with only public keys', async () => {
    const ec = await pair('ES256');
    await expectError('{"keys": []}', 'KEY_INVALID', /has no keys/);
    await expectError(JSON.stringify({ keys: [ec.pub, ec.pub] }), 'KEY_INVALID', /only public keys/);
  });

  it('unsupported kty and curves: OKP (Ed25519), oct, EC P-521', async () => {
    const ed = generateKeyPairSync('ed25519');
    await expectError(JSON.stringify(ed.privateKey.export({ format: 'jwk' })), 'NOT_SUPPORTED', /OKP/);
    await expectError(ed.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'NOT_SUPPORTED', /key type ed25519/);
    await expectError(JSON.stringify({ kty: 'oct', k: 'c2VjcmV0' }), 'NOT_SUPPORTED', /symmetric/);
    const p521 = await pair('ES512');
    await expectError(JSON.stringify(p521.jwk), 'NOT_SUPPORTED', /curve P-521/);
    await expectError(p521.pkcs8, 'NOT_SUPPORTED', /curve P-521/);
  });

  it('RSA under 2048 bits is refused with the reason, as PEM and as JWK', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 });
    await expectError(small.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'KEY_INVALID', /1024 bits.*at least 2048/);
    await expectError(JSON.stringify(small.privateKey.export({ format: 'jwk' })), 'KEY_INVALID', /1024 bits.*at least 2048/);
  });

  it('an RSA JWK missing CRT members, and a JWK whose public part belongs to another key', async () => {
    const a = await pair('RS384');
    const b = await pair('RS384');
    const { p: _p, qi: _qi, ...partial } = a.jwk;
    await expectError(JSON.stringify(partial), 'KEY_INVALID', /lacks p, qi/);
    await expectError(JSON.stringify({ ...a.jwk, n: b.jwk.n }), 'KEY_INVALID', /\(n, e\) do not belong to its private key/);
    const c = await pair('ES384');
    const d = await pair('ES384');
    await expectError(JSON.stringify({ ...c.jwk, x: d.jwk.x, y: d.jwk.y }), 'KEY_INVALID', /\(x, y\) do not belong to its private key/);
  });

  it('an encryption key (use=enc) and an OpenSSH key', async () => {
    const a = await pair('ES256');
    await expectError(JSON.stringify({ ...a.jwk, use: 'enc' }), 'KEY_INVALID', /"use": "enc"/);
    await expectError('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaA==\n-----END OPENSSH PRIVATE KEY-----', 'NOT_SUPPORTED', /OpenSSH/);
  });
});
