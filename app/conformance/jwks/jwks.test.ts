import { beforeAll, describe, expect, it } from 'vitest';
import { makeKey, type TestKey } from '../testing/key-fixtures.ts';
import { inspectJwks, type JwksInput } from './inspect-jwks.ts';
import { isPrivateHost } from './url.ts';
import { modulusBits } from '../key-strength.ts';
import type { Finding } from '../types.ts';

const URL_OK = 'https://client.example.com/.well-known/jwks.json';
const HEADERS_OK = { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=3600' };

let rs: TestKey;
let es: TestKey;
let small: TestKey;
let p256: TestKey;

beforeAll(async () => {
  [rs, es, small, p256] = await Promise.all([makeKey('RS384', 'rs-1'), makeKey('ES384', 'es-1'), makeKey('RS384', 'small', 1024), makeKey('ES256', 'p256')]);
});

type Obj = Record<string, unknown>;
const served = (body: unknown, over: Partial<JwksInput> = {}): JwksInput => ({ jwksUrl: URL_OK, status: 200, headers: HEADERS_OK, body, ...over });
const set = (...keys: unknown[]) => ({ keys });
const without = (k: Obj, ...names: string[]) => Object.fromEntries(Object.entries(k).filter(([n]) => !names.includes(n)));
const ids = (f: Finding[]) => f.map((x) => x.rule);

interface Case {
  rule: string;
  name: string;
  make: () => JwksInput;
  severity?: Finding['severity'];
}

const triggering: Case[] = [
  { rule: 'JWKS-NOT-SET', name: 'a bare JWK', make: () => served(rs.publicJwk) },
  { rule: 'JWKS-NOT-SET', name: 'a PEM file', make: () => ({ jwksUrl: URL_OK, status: 200, headers: HEADERS_OK, rawBody: '-----BEGIN PUBLIC KEY-----\nMIIB...\n-----END PUBLIC KEY-----\n' }) },
  { rule: 'JWKS-NOT-SET', name: 'keys is an object', make: () => served({ keys: rs.publicJwk }) },
  { rule: 'JWKS-NOT-SET', name: 'a JSON array of keys', make: () => served([rs.publicJwk]) },
  { rule: 'JWKS-NOT-SET', name: 'an HTML page', make: () => ({ jwksUrl: URL_OK, status: 200, headers: HEADERS_OK, rawBody: '<!doctype html><html>Sign in</html>' }) },
  { rule: 'JWKS-KID-MISSING', name: 'key without kid', make: () => served(set(without(rs.publicJwk, 'kid'))) },
  { rule: 'JWKS-KID-MISSING', name: 'key without kty', make: () => served(set(without(rs.publicJwk, 'kty'))) },
  { rule: 'JWKS-KID-MISSING', name: 'a non-object key', make: () => served(set('rs-1', rs.publicJwk)) },
  { rule: 'JWKS-KID-DUPLICATE', name: 'two keys with one kid', make: () => served(set(rs.publicJwk, { ...es.publicJwk, kid: 'rs-1' })) },
  { rule: 'JWKS-MEMBERS', name: 'RSA key without e', make: () => served(set(without(rs.publicJwk, 'e'))) },
  { rule: 'JWKS-MEMBERS', name: 'EC key without y', make: () => served(set(without(es.publicJwk, 'y'))) },
  { rule: 'JWKS-MEMBERS', name: 'RSA key as x5c only', make: () => served(set({ kty: 'RSA', kid: 'c', x5c: ['MIIC...'] })) },
  { rule: 'JWKS-MEMBERS', name: 'certificate without kty', make: () => served(set({ kid: 'c', x5c: ['MIIC...'] })) },
  { rule: 'JWKS-PRIVATE-KEY-EXPOSED', name: 'RSA private key', make: () => served(set(rs.privateJwk)) },
  { rule: 'JWKS-PRIVATE-KEY-EXPOSED', name: 'EC private key', make: () => served(set(es.privateJwk)) },
  { rule: 'JWKS-PRIVATE-KEY-EXPOSED', name: 'symmetric key', make: () => served(set(rs.publicJwk, { kty: 'oct', kid: 'h', k: 'c2VjcmV0' })) },
  { rule: 'JWKS-ALG-MISMATCH', name: 'published for RS256, signing RS384', severity: 'warning', make: () => served(set({ ...rs.publicJwk, alg: 'RS256' }), { intendedAlg: 'RS384' }) },
  { rule: 'JWKS-USE-ENC', name: 'use enc', severity: 'warning', make: () => served(set({ ...rs.publicJwk, use: 'enc' })) },
  { rule: 'JWKS-USE-ENC', name: 'key_ops sign only', make: () => served(set({ ...rs.publicJwk, key_ops: ['sign'] })) },
  { rule: 'JWKS-URL', name: 'http URL', make: () => served(set(rs.publicJwk), { jwksUrl: 'http://client.example.com/jwks.json' }) },
  { rule: 'JWKS-URL', name: 'localhost', make: () => served(set(rs.publicJwk), { jwksUrl: 'https://localhost:8443/jwks.json' }) },
  { rule: 'JWKS-URL', name: 'private IPv4', make: () => served(set(rs.publicJwk), { jwksUrl: 'https://10.1.2.3/jwks.json' }) },
  { rule: 'JWKS-URL', name: 'loopback IPv6', make: () => served(set(rs.publicJwk), { jwksUrl: 'https://[::1]/jwks.json' }) },
  { rule: 'JWKS-URL', name: '404', make: () => served(undefined, { status: 404 }) },
  { rule: 'JWKS-URL', name: '401 login required', make: () => served(undefined, { status: 401 }) },
  { rule: 'JWKS-URL', name: 'relative URL', make: () => ({ jwksUrl: '/jwks.json' }) },
  { rule: 'JWKS-CACHE-CONTROL', name: 'no Cache-Control', severity: 'info', make: () => served(set(rs.publicJwk), { headers: { 'content-type': 'application/json' } }) },
  { rule: 'JWKS-EMPTY', name: 'empty keys', make: () => served(set()) },
  { rule: 'JWKS-EMPTY', name: 'only a symmetric key', make: () => served(set({ kty: 'oct', kid: 'h', k: 'c2VjcmV0' })) },
  { rule: 'KEY-RSA-TOO-SMALL', name: '1024-bit RSA', make: () => served(set(small.publicJwk)) },
  { rule: 'KEY-EC-CURVE', name: 'P-256 key for ES384', make: () => served(set(p256.publicJwk), { intendedAlg: 'ES384' }) },
  { rule: 'KEY-EC-CURVE', name: 'key declares ES384 on P-256', make: () => served(set({ ...p256.publicJwk, alg: 'ES384' })) },
];

const nonTriggering: Case[] = [
  { rule: 'JWKS-ALG-MISMATCH', name: 'RSA key without alg', make: () => served(set(rs.publicJwk), { intendedAlg: 'RS384' }) },
  { rule: 'JWKS-ALG-MISMATCH', name: 'EC key alg ES384 while the RSA key is intended', make: () => served(set(rs.publicJwk, { ...es.publicJwk, alg: 'ES384' }), { intendedAlg: 'RS384' }) },
  { rule: 'JWKS-USE-ENC', name: 'use sig with key_ops verify', make: () => served(set({ ...rs.publicJwk, use: 'sig', key_ops: ['verify'] })) },
  { rule: 'JWKS-URL', name: 'public https URL answering 200', make: () => served(set(rs.publicJwk)) },
  { rule: 'JWKS-CACHE-CONTROL', name: 'static registered JWKS (no response)', make: () => ({ body: set(rs.publicJwk) }) },
  { rule: 'JWKS-CACHE-CONTROL', name: 'cache-control in lower case', make: () => served(set(rs.publicJwk), { headers: { 'cache-control': 'max-age=60' } }) },
  { rule: 'JWKS-EMPTY', name: 'one EC key among others', make: () => served(set({ kty: 'oct', kid: 'h', k: 'a' }, es.publicJwk)) },
  { rule: 'KEY-RSA-TOO-SMALL', name: '2048-bit RSA', make: () => served(set(rs.publicJwk)) },
  { rule: 'KEY-EC-CURVE', name: 'P-384 for ES384', make: () => served(set(es.publicJwk), { intendedAlg: 'ES384' }) },
  { rule: 'KEY-EC-CURVE', name: 'P-256 key while RS384 is intended', make: () => served(set(rs.publicJwk, p256.publicJwk), { intendedAlg: 'RS384' }) },
  { rule: 'JWKS-NOT-SET', name: 'URL-only check without a body', make: () => ({ jwksUrl: URL_OK }) },
];

describe('inspectJwks: each rule fires on its triggering input', () => {
  it.each(triggering.map((c) => [c.rule, c.name, c] as const))('%s: %s', async (_r, _n, c) => {
    const findings = await inspectJwks(c.make());
    const hit = findings.find((f) => f.rule === c.rule);
    expect(hit, JSON.stringify(ids(findings))).toBeDefined();
    if (c.severity) expect(hit?.severity).toBe(c.severity);
    expect(hit?.message).not.toMatch(/\n/);
  });
});

describe('inspectJwks: near misses do not fire', () => {
  it.each(nonTriggering.map((c) => [c.rule, c.name, c] as const))('%s: %s', async (_r, _n, c) => {
    expect(ids(await inspectJwks(c.make()))).not.toContain(c.rule);
  });
});

describe('inspectJwks: clean and malformed input', () => {
  it('a served RSA + EC public JWKS with Cache-Control has no findings', async () => {
    expect(await inspectJwks(served(set({ ...rs.publicJwk, use: 'sig', alg: 'RS384' }, es.publicJwk), { intendedAlg: 'RS384' }))).toEqual([]);
  });
  it('the same JWKS given as rawBody has no findings', async () => {
    expect(await inspectJwks({ jwksUrl: URL_OK, status: 200, headers: HEADERS_OK, rawBody: JSON.stringify(set(rs.publicJwk)) })).toEqual([]);
  });
  const garbage: [string, unknown][] = [
    ['null', null],
    ['a string', 'jwks'],
    ['body null', { body: null }],
    ['body a number', { body: 7 }],
    ['rawBody empty', { rawBody: '' }],
    ['rawBody truncated JSON', { rawBody: '{"keys":[{"kty":"RSA"' }],
    ['keys of garbage', { body: { keys: [null, 3, [], 'x', { kty: 5, kid: {} }] } }],
    ['n not base64url', { body: { keys: [{ kty: 'RSA', kid: 'a', n: '***', e: 'AQAB' }] } }],
    ['url a number', { jwksUrl: 5, status: 'two hundred', headers: 'x' }],
  ];
  it.each(garbage)('%s yields findings without throwing', async (_n, input) => {
    const f = await inspectJwks(input as JwksInput);
    expect(Array.isArray(f)).toBe(true);
    if (input !== null && typeof input === 'object' && ('body' in input || 'rawBody' in input || 'jwksUrl' in input)) expect(f.length).toBeGreaterThan(0);
  });
});

describe('key helpers', () => {
  it('modulusBits reads the JWK n', () => {
    expect(modulusBits(rs.publicJwk.n)).toBe(2048);
    expect(modulusBits(small.publicJwk.n)).toBe(1024);
    expect(modulusBits('AQAB')).toBe(17);
    expect(modulusBits('AAAB')).toBe(1);
    expect(modulusBits('!!')).toBeUndefined();
  });
  it.each([
    ['localhost', true], ['127.0.0.1', true], ['192.168.1.10', true], ['172.20.0.1', true], ['172.32.0.1', false],
    ['169.254.169.254', true], ['[fd00::1]', true], ['client.example.com', false], ['8.8.8.8', false], ['jwks.internal', true],
  ] as const)('isPrivateHost(%s) = %s', (host, want) => {
    expect(isPrivateHost(host)).toBe(want);
  });
});
