import { beforeAll, describe, expect, it } from 'vitest';
import { inspectAssertion, type AssertionInput } from './inspect-assertion.ts';
import { makeKey, rawJwt, signJwt, toDerSignature, type TestKey } from '../testing/key-fixtures.ts';
import type { Finding } from '../types.ts';

const NOW = 1_750_000_000;
const CLIENT = 'client-7f3c2a';
const TOKEN = 'https://auth.example.com/oauth2/token';
const JWKS_URL = 'https://client.example.com/.well-known/jwks.json';
const JTI = '6f1e0c2d-9a4b-4c8e-8d7f-2b1a0e9c3d5f';

let rs: TestKey;
let es: TestKey;
let rs256: TestKey;
let other: TestKey;
let small: TestKey;
let p256: TestKey;

beforeAll(async () => {
  [rs, es, rs256, other, small, p256] = await Promise.all([
    makeKey('RS384', 'rs-1'),
    makeKey('ES384', 'es-1'),
    makeKey('RS256', 'rs256-1'),
    makeKey('RS384', 'rs-1'),
    makeKey('RS384', 'small-1', 1024),
    makeKey('ES256', 'p256-1'),
  ]);
});

type Obj = Record<string, unknown>;

function merge(base: Obj, over: Obj = {}): Obj {
  const out: Obj = { ...base, ...over };
  for (const [k, v] of Object.entries(over)) if (v === undefined) delete out[k];
  return out;
}

const header = (over?: Obj) => merge({ alg: 'RS384', kid: 'rs-1', typ: 'JWT' }, over);
const claims = (over?: Obj) => merge({ iss: CLIENT, sub: CLIENT, aud: TOKEN, exp: NOW + 240, iat: NOW, jti: JTI }, over);
const jwks = (...keys: Obj[]) => ({ keys });

function base(jwt: string, over: Partial<AssertionInput> = {}): AssertionInput {
  return { jwt, flow: 'backend', clientId: CLIENT, tokenEndpoint: TOKEN, registeredJwks: jwks(rs.publicJwk, es.publicJwk), ...over };
}

async function run(input: unknown): Promise<Finding[]> {
  return inspectAssertion(input as AssertionInput, { now: NOW });
}
const ids = (f: Finding[]) => f.map((x) => x.rule);

interface Case {
  rule: string;
  name: string;
  make: () => Promise<AssertionInput>;
  severity?: Finding['severity'];
}

/** Inputs that must trigger the rule. */
const triggering: Case[] = [
  { rule: 'ASSERT-ALG-MISSING', name: 'no alg', make: async () => base(await signJwt(rs, header({ alg: undefined }), claims())) },
  { rule: 'ASSERT-ALG-MISSING', name: 'alg is a number', make: async () => base(rawJwt(header({ alg: 384 }), claims(), 'c2ln')) },
  { rule: 'ASSERT-ALG-NONE', name: 'alg none', make: async () => base(rawJwt(header({ alg: 'none' }), claims())) },
  { rule: 'ASSERT-ALG-NONE', name: 'alg NONE with a signature', make: async () => base(rawJwt(header({ alg: 'NONE' }), claims(), 'c2ln')) },
  { rule: 'ASSERT-ALG-NONE', name: 'RS384 with an empty signature', make: async () => base(rawJwt(header(), claims(), '')) },
  { rule: 'ASSERT-ALG-SYMMETRIC', name: 'HS256', make: async () => base(rawJwt(header({ alg: 'HS256' }), claims(), 'c2lnbmF0dXJl')) },
  { rule: 'ASSERT-ALG-NOT-SMART', name: 'RS256', severity: 'warning', make: async () => base(await signJwt(rs256, header({ alg: 'RS256', kid: 'rs256-1' }), claims()), { registeredJwks: jwks(rs256.publicJwk) }) },
  { rule: 'ASSERT-ALG-NOT-ADVERTISED', name: 'RS384 not advertised', make: async () => base(await signJwt(rs, header(), claims()), { discovery: { token_endpoint_auth_signing_alg_values_supported: ['ES384'] } }) },
  { rule: 'ASSERT-ALG-NOT-ADVERTISED', name: 'case differs from advertised', make: async () => base(rawJwt(header({ alg: 'rs384' }), claims(), 'c2ln'), { discovery: { token_endpoint_auth_signing_alg_values_supported: ['RS384'] } }) },
  { rule: 'ASSERT-KID-MISSING', name: 'no kid', make: async () => base(await signJwt(rs, header({ kid: undefined }), claims())) },
  { rule: 'ASSERT-KID-MISSING', name: 'empty kid', make: async () => base(await signJwt(rs, header({ kid: '' }), claims())) },
  { rule: 'ASSERT-KID-UNKNOWN', name: 'kid not registered', make: async () => base(await signJwt(rs, header({ kid: 'rs-2' }), claims())) },
  { rule: 'ASSERT-KID-AMBIGUOUS', name: 'two RSA keys share the kid', make: async () => base(await signJwt(rs, header(), claims()), { registeredJwks: jwks(rs.publicJwk, other.publicJwk) }) },
  { rule: 'ASSERT-KTY-ALG-MISMATCH', name: 'ES384 header, RSA key', make: async () => base(await signJwt(es, header({ alg: 'ES384', kid: 'rs-1' }), claims())) },
  { rule: 'ASSERT-KTY-ALG-MISMATCH', name: 'RS384 header, EC key', make: async () => base(await signJwt(rs, header({ kid: 'es-1' }), claims())) },
  { rule: 'ASSERT-TYP', name: 'no typ', make: async () => base(await signJwt(rs, header({ typ: undefined }), claims())) },
  { rule: 'ASSERT-TYP', name: 'typ at+jwt', make: async () => base(await signJwt(rs, header({ typ: 'at+jwt' }), claims())) },
  { rule: 'ASSERT-TYP-CASE', name: 'typ jwt', severity: 'warning', make: async () => base(await signJwt(rs, header({ typ: 'jwt' }), claims())) },
  { rule: 'ASSERT-JKU-NOT-REGISTERED', name: 'other jku', make: async () => base(await signJwt(rs, header({ jku: `${JWKS_URL}?v=2` }), claims()), { registeredJwksUrl: JWKS_URL }) },
  { rule: 'ASSERT-JKU-NOT-REGISTERED', name: 'bdt test-bad-jku', make: async () => base(await signJwt(rs, header({ jku: 'test-bad-jku' }), claims()), { registeredJwksUrl: JWKS_URL }) },
  { rule: 'ASSERT-JKU-NOT-HTTPS', name: 'http jku', make: async () => base(await signJwt(rs, header({ jku: 'http://client.example.com/jwks.json' }), claims()), { registeredJwksUrl: 'http://client.example.com/jwks.json' }) },
  { rule: 'ASSERT-JKU-NOT-HTTPS', name: 'jku not a URL', make: async () => base(await signJwt(rs, header({ jku: 'test-bad-jku' }), claims())) },
  { rule: 'ASSERT-HEADER-EMBEDDED-KEY', name: 'embedded jwk', severity: 'warning', make: async () => base(await signJwt(rs, header({ jwk: rs.publicJwk }), claims())) },
  { rule: 'ASSERT-HEADER-EMBEDDED-KEY', name: 'x5t without kid', make: async () => base(await signJwt(rs, header({ kid: undefined, x5t: 'abc' }), claims())) },
  { rule: 'ASSERT-HEADER-NONSTANDARD', name: 'bdt kty header', severity: 'info', make: async () => base(await signJwt(rs, header({ kty: 'RSA' }), claims())) },
  { rule: 'ASSERT-HEADER-CRIT', name: 'crit', severity: 'warning', make: async () => base(await signJwt(rs, header({ crit: ['exp'] }), claims())) },
  { rule: 'ASSERT-ISS', name: 'iss is the app name', make: async () => base(await signJwt(rs, header(), claims({ iss: 'My App' }))) },
  { rule: 'ASSERT-ISS', name: 'no iss', make: async () => base(await signJwt(rs, header(), claims({ iss: undefined }))) },
  { rule: 'ASSERT-ISS', name: 'iss differs in case', make: async () => base(await signJwt(rs, header(), claims({ iss: CLIENT.toUpperCase() }))) },
  { rule: 'ASSERT-SUB', name: 'sub is a user', make: async () => base(await signJwt(rs, header(), claims({ sub: 'user@example.com' }))) },
  { rule: 'ASSERT-SUB', name: 'no sub', make: async () => base(await signJwt(rs, header(), claims({ sub: undefined }))) },
  { rule: 'ASSERT-AUD', name: 'trailing slash', make: async () => base(await signJwt(rs, header(), claims({ aud: `${TOKEN}/` }))) },
  { rule: 'ASSERT-AUD', name: 'bdt test-bad-aud-value', make: async () => base(await signJwt(rs, header(), claims({ aud: 'test-bad-aud-value' }))) },
  { rule: 'ASSERT-AUD', name: 'array without the endpoint', make: async () => base(await signJwt(rs, header(), claims({ aud: ['https://fhir.example.com/r4'] }))) },
  { rule: 'ASSERT-AUD', name: 'no aud', make: async () => base(await signJwt(rs, header(), claims({ aud: undefined }))) },
  { rule: 'ASSERT-AUD-ARRAY', name: 'array with the endpoint', severity: 'warning', make: async () => base(await signJwt(rs, header(), claims({ aud: [TOKEN] }))) },
  { rule: 'ASSERT-EXP-MISSING', name: 'no exp', make: async () => base(await signJwt(rs, header(), claims({ exp: undefined }))) },
  { rule: 'ASSERT-EXP-TOO-FAR', name: 'exp now+301', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW + 301 }))) },
  { rule: 'ASSERT-EXP-TOO-FAR', name: 'exp now+3600', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW + 3600 }))) },
  { rule: 'ASSERT-EXP-NO-SKEW-MARGIN', name: 'exp now+300 (bdt 5m)', severity: 'info', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW + 300 }))) },
  { rule: 'ASSERT-EXP-NO-SKEW-MARGIN', name: 'exp now+290', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW + 290 }))) },
  { rule: 'ASSERT-EXP-PAST', name: 'exp = now', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW, iat: NOW - 60 }))) },
  { rule: 'ASSERT-EXP-PAST', name: 'exp an hour ago', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW - 3600, iat: NOW - 3700 }))) },
  { rule: 'ASSERT-TIME-FORMAT', name: 'exp as a string', make: async () => base(await signJwt(rs, header(), claims({ exp: String(NOW + 240) }))) },
  { rule: 'ASSERT-TIME-FORMAT', name: 'exp in milliseconds', make: async () => base(await signJwt(rs, header(), claims({ exp: (NOW + 240) * 1000 }))) },
  { rule: 'ASSERT-TIME-FORMAT', name: 'negative iat', make: async () => base(await signJwt(rs, header(), claims({ iat: -5 }))) },
  { rule: 'ASSERT-TIME-FORMAT', name: 'nbf null', make: async () => base(await signJwt(rs, header(), claims({ nbf: null }))) },
  { rule: 'ASSERT-EXP-NOT-INTEGER', name: 'fractional exp', severity: 'warning', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW + 240.5 }))) },
  { rule: 'ASSERT-EXP-NOT-INTEGER', name: 'fractional iat', make: async () => base(await signJwt(rs, header(), claims({ iat: NOW - 0.25 }))) },
  { rule: 'ASSERT-JTI-MISSING', name: 'no jti', make: async () => base(await signJwt(rs, header(), claims({ jti: undefined }))) },
  { rule: 'ASSERT-JTI-MISSING', name: 'empty jti', make: async () => base(await signJwt(rs, header(), claims({ jti: '' }))) },
  { rule: 'ASSERT-JTI-REUSED', name: 'jti in history', make: async () => base(await signJwt(rs, header(), claims()), { previousJtis: ['x', JTI] }) },
  { rule: 'ASSERT-JTI-WEAK', name: 'jti "1"', severity: 'warning', make: async () => base(await signJwt(rs, header(), claims({ jti: '1' }))) },
  { rule: 'ASSERT-JTI-WEAK', name: 'numeric jti', make: async () => base(await signJwt(rs, header(), claims({ jti: 1750000000 }))) },
  { rule: 'ASSERT-IAT-FUTURE', name: 'iat now+61', severity: 'warning', make: async () => base(await signJwt(rs, header(), claims({ iat: NOW + 61 }))) },
  { rule: 'ASSERT-NBF-FUTURE', name: 'nbf now+61', make: async () => base(await signJwt(rs, header(), claims({ nbf: NOW + 61 }))) },
  { rule: 'ASSERT-LIFETIME-LONG', name: 'exp − iat > 300', severity: 'warning', make: async () => base(await signJwt(rs, header(), claims({ iat: NOW - 100, exp: NOW + 250 }))) },
  { rule: 'ASSERT-LIFETIME-LONG', name: 'exp − nbf > 300', make: async () => base(await signJwt(rs, header(), claims({ iat: undefined, nbf: NOW - 100, exp: NOW + 250 }))) },
  { rule: 'ASSERT-LIFETIME-LONG', name: 'issued long ago', make: async () => base(await signJwt(rs, header(), claims({ iat: NOW - 301, exp: NOW - 1 }))) },
  { rule: 'ASSERT-EXTRA-CLAIMS', name: 'InteliChart claims', severity: 'info', make: async () => base(await signJwt(rs, header(), claims({ jwks_url: JWKS_URL, accessTokensExpireIn: 60 }))) },
  { rule: 'ASSERT-SCOPE-CLAIM', name: 'scope claim', severity: 'info', make: async () => base(await signJwt(rs, header(), claims({ scope: 'system/*.rs' }))) },
  { rule: 'ASSERT-SIG-INVALID', name: 'signed with another key under the same kid', make: async () => base(await signJwt(other, header(), claims())) },
  {
    rule: 'ASSERT-SIG-INVALID',
    name: 'payload altered after signing',
    make: async () => {
      const [h, , s] = (await signJwt(rs, header(), claims())).split('.');
      const p = rawJwt({}, claims({ sub: 'someone' })).split('.')[1];
      return base(`${h}.${p}.${s}`, { clientId: 'someone' });
    },
  },
  { rule: 'ASSERT-ECDSA-DER', name: 'DER ES384 signature', make: async () => base(toDerSignature(await signJwt(es, header({ alg: 'ES384', kid: 'es-1' }), claims()))) },
  { rule: 'ASSERT-ECDSA-DER', name: 'DER without a registered key', make: async () => base(toDerSignature(await signJwt(es, header({ alg: 'ES384', kid: 'es-1' }), claims())), { registeredJwks: undefined }) },
  { rule: 'KEY-RSA-TOO-SMALL', name: '1024-bit signing key', make: async () => base(await signJwt(small, header({ kid: 'small-1' }), claims()), { registeredJwks: jwks(small.publicJwk) }) },
  { rule: 'KEY-EC-CURVE', name: 'ES384 with a P-256 key', make: async () => base(await signJwt(p256, header({ alg: 'ES384', kid: 'p256-1' }), claims()), { registeredJwks: jwks(p256.publicJwk) }) },
  { rule: 'JWKS-ALG-MISMATCH', name: 'key published for RS256', severity: 'warning', make: async () => base(await signJwt(rs, header(), claims()), { registeredJwks: jwks({ ...rs.publicJwk, alg: 'RS256' }) }) },
  { rule: 'JWKS-USE-ENC', name: 'key marked enc', severity: 'warning', make: async () => base(await signJwt(rs, header(), claims()), { registeredJwks: jwks({ ...rs.publicJwk, use: 'enc' }) }) },
  { rule: 'JWKS-USE-ENC', name: 'key_ops without verify', make: async () => base(await signJwt(rs, header(), claims()), { registeredJwks: jwks({ ...rs.publicJwk, key_ops: ['encrypt'] }) }) },
  { rule: 'JWKS-PRIVATE-KEY-EXPOSED', name: 'registered JWKS holds the private key', make: async () => base(await signJwt(rs, header(), claims()), { registeredJwks: jwks(rs.privateJwk) }) },
  { rule: 'JWKS-NOT-SET', name: 'registered a bare JWK', make: async () => base(await signJwt(rs, header(), claims()), { registeredJwks: rs.publicJwk as never }) },
  { rule: 'JWKS-EMPTY', name: 'registered JWKS without keys', make: async () => base(await signJwt(rs, header(), claims()), { registeredJwks: jwks() }) },
  // Issue 14: main's code reported JWKS-KID-DUPLICATE only from inspectJwks, not when the registered set had it.
  { rule: 'JWKS-KID-DUPLICATE', name: 'registered JWKS uses one kid for two keys (the assertion names another)', make: async () => base(await signJwt(es, header({ alg: 'ES384', kid: 'es-1' }), claims()), { registeredJwks: jwks(rs.publicJwk, { ...p256.publicJwk, kid: 'rs-1' }, es.publicJwk) }) },
  { rule: 'JWKS-MEMBERS', name: 'selected key lacks e', make: async () => base(await signJwt(rs, header(), claims()), { registeredJwks: jwks({ ...rs.publicJwk, e: undefined }) }) },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'two JWTs', make: async () => { const j = await signJwt(rs, header(), claims()); return base(`${j} ${j}`); } },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'padded signature', make: async () => base(`${await signJwt(rs, header(), claims())}==`) },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'JWE', make: async () => base('eyJhbGciOiJSU0EtT0FFUCJ9.a.b.c.d') },
];

/** Near misses: inputs close to a rule's boundary that must NOT trigger it. */
const nonTriggering: Case[] = [
  { rule: 'ASSERT-ALG-NOT-SMART', name: 'ES384', make: async () => base(await signJwt(es, header({ alg: 'ES384', kid: 'es-1' }), claims())) },
  { rule: 'ASSERT-ALG-NOT-ADVERTISED', name: 'advertised', make: async () => base(await signJwt(rs, header(), claims()), { discovery: { token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'] } }) },
  { rule: 'ASSERT-ALG-NOT-ADVERTISED', name: 'discovery without the list', make: async () => base(await signJwt(rs, header(), claims()), { discovery: { token_endpoint: TOKEN } }) },
  { rule: 'ASSERT-KID-UNKNOWN', name: 'no registered JWKS known', make: async () => base(await signJwt(rs, header({ kid: 'anything' }), claims()), { registeredJwks: undefined }) },
  { rule: 'ASSERT-KID-AMBIGUOUS', name: 'same kid, different kty', make: async () => base(await signJwt(es, header({ alg: 'ES384', kid: 'dup' }), claims()), { registeredJwks: jwks({ ...rs.publicJwk, kid: 'dup' }, { ...es.publicJwk, kid: 'dup' }) }) },
  { rule: 'ASSERT-JKU-NOT-REGISTERED', name: 'registered jku', make: async () => base(await signJwt(rs, header({ jku: JWKS_URL }), claims()), { registeredJwksUrl: JWKS_URL }) },
  { rule: 'ASSERT-HEADER-EMBEDDED-KEY', name: 'x5t with registered kid', make: async () => base(await signJwt(rs, header({ x5t: 'abc' }), claims())) },
  { rule: 'ASSERT-EXP-TOO-FAR', name: 'exp now+300', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW + 300 }))) },
  { rule: 'ASSERT-EXP-NO-SKEW-MARGIN', name: 'exp now+289', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW + 289 }))) },
  { rule: 'ASSERT-EXP-PAST', name: 'exp now+1', make: async () => base(await signJwt(rs, header(), claims({ exp: NOW + 1 }))) },
  { rule: 'ASSERT-IAT-FUTURE', name: 'iat now+60', make: async () => base(await signJwt(rs, header(), claims({ iat: NOW + 60 }))) },
  { rule: 'ASSERT-NBF-FUTURE', name: 'nbf now+60', make: async () => base(await signJwt(rs, header(), claims({ nbf: NOW + 60 }))) },
  { rule: 'ASSERT-LIFETIME-LONG', name: 'exp − iat = 300', make: async () => base(await signJwt(rs, header(), claims({ iat: NOW - 50, exp: NOW + 250 }))) },
  { rule: 'ASSERT-JTI-WEAK', name: '16-character jti', make: async () => base(await signJwt(rs, header(), claims({ jti: 'abcdefghijklmnop' }))) },
  { rule: 'ASSERT-JTI-REUSED', name: 'fresh jti', make: async () => base(await signJwt(rs, header(), claims()), { previousJtis: ['other-jti-0000000000'] }) },
  { rule: 'ASSERT-SIG-INVALID', name: 'no key to verify with', make: async () => base(await signJwt(other, header(), claims()), { registeredJwks: undefined }) },
  { rule: 'ASSERT-SIG-INVALID', name: '1024-bit key still verifies', make: async () => base(await signJwt(small, header({ kid: 'small-1' }), claims()), { registeredJwks: jwks(small.publicJwk) }) },
  { rule: 'ASSERT-ECDSA-DER', name: 'raw R‖S', make: async () => base(await signJwt(es, header({ alg: 'ES384', kid: 'es-1' }), claims())) },
  { rule: 'KEY-RSA-TOO-SMALL', name: '2048-bit key', make: async () => base(await signJwt(rs, header(), claims())) },
  { rule: 'JWKS-ALG-MISMATCH', name: 'key published for RS384', make: async () => base(await signJwt(rs, header(), claims()), { registeredJwks: jwks({ ...rs.publicJwk, alg: 'RS384', use: 'sig' }) }) },
];

describe('inspectAssertion: each rule fires on its triggering input', () => {
  it.each(triggering.map((c) => [c.rule, c.name, c] as const))('%s: %s', async (_rule, _name, c) => {
    const findings = await run(await c.make());
    const hit = findings.find((f) => f.rule === c.rule);
    expect(hit, JSON.stringify(ids(findings))).toBeDefined();
    if (c.severity) expect(hit?.severity).toBe(c.severity);
    expect(hit?.message).toMatch(/\S/);
    expect(hit?.message).not.toMatch(/\n/);
    expect(hit?.explanation).toMatch(/\S/);
  });
});

describe('inspectAssertion: near misses do not fire', () => {
  it.each(nonTriggering.map((c) => [c.rule, c.name, c] as const))('%s: %s', async (_rule, _name, c) => {
    const findings = await run(await c.make());
    expect(ids(findings)).not.toContain(c.rule);
  });
});

describe('inspectAssertion: clean assertions', () => {
  it('an RS384 assertion per SMART has no findings at all', async () => {
    const input = base(await signJwt(rs, header(), claims()), { registeredJwksUrl: JWKS_URL, discovery: { token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'] }, previousJtis: ['older-jti-000000000000'] });
    expect(await run(input)).toEqual([]);
  });
  it('an ES384 assertion for the authorization_code flow has no findings at all', async () => {
    expect(await run(base(await signJwt(es, header({ alg: 'ES384', kid: 'es-1' }), claims()), { flow: 'authorization_code' }))).toEqual([]);
  });
  it('uses opts.clockSkewSeconds for iat/nbf', async () => {
    const input = base(await signJwt(rs, header(), claims({ iat: NOW + 30 })));
    expect(ids(await inspectAssertion(input, { now: NOW, clockSkewSeconds: 10 }))).toContain('ASSERT-IAT-FUTURE');
  });
  it('checks the signature against the key the kid selects, not any key', async () => {
    const input = base(await signJwt(es, header({ alg: 'ES384', kid: 'es-1' }), claims()), { registeredJwks: jwks(rs.publicJwk, { ...es.publicJwk, kid: 'es-1' }) });
    expect(ids(await run(input))).not.toContain('ASSERT-SIG-INVALID');
  });
});

describe('inspectAssertion: malformed input becomes findings, never exceptions', () => {
  const garbage: [string, () => unknown][] = [
    ['null input', () => null],
    ['a number as input', () => 42],
    ['jwt undefined', () => ({ flow: 'backend', clientId: CLIENT, tokenEndpoint: TOKEN })],
    ['jwt null', () => base(null as never)],
    ['jwt a number', () => base(123 as never)],
    ['empty jwt', () => base('')],
    ['plain text', () => base('not a jwt')],
    ['HTML', () => base('<html><body>Login</body></html>')],
    ['two segments', () => base('abc.def')],
    ['header not JSON', () => base('bm90IGpzb24.e30.c2ln')],
    ['header a JSON array', () => base(`${btoa('[1,2]')}.e30.c2ln`)],
    ['payload not JSON', () => base(`${btoa('{"alg":"RS384"}')}.bm90.c2ln`)],
  ];
  it.each(garbage)('%s', async (_name, make) => {
    const findings = await run(make());
    expect(findings.length).toBeGreaterThan(0);
    expect(ids(findings)).toContain('TOKREQ-ASSERTION-MISSING');
  });
  it('garbage registered JWKS and discovery do not throw', async () => {
    const jwt = await signJwt(rs, header(), claims());
    for (const registeredJwks of [null, 'pem', 5, { keys: 'x' }, { keys: [null, 1, 'a'] }, { keys: [{ kid: 'rs-1', kty: 'RSA', n: '!!', e: 'AQAB' }] }]) {
      const f = await run(base(jwt, { registeredJwks: registeredJwks as never, discovery: 'x' as never, previousJtis: 'y' as never }));
      expect(Array.isArray(f)).toBe(true);
    }
  });
});
