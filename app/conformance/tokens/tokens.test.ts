import { beforeAll, describe, expect, it } from 'vitest';
import { inspectAccessToken, inspectIdToken } from './inspect-tokens.ts';
import { fhirUserResourceType } from './id-token.ts';
import { makeServerKey, signJwt, unsignedJwt, type ServerKey } from '../testing/token-fixtures.ts';
import type { Finding } from '../types.ts';

const NOW = 1_700_000_000;
const opts = { now: NOW };
const BASE = 'https://ehr.example.com/fhir';
const ISSUER = 'https://ehr.example.com/auth';
const CLIENT = 'my-client';
const rules = (fs: Finding[]) => fs.map((f) => f.rule);
const serious = (fs: Finding[]) => fs.filter((f) => f.severity !== 'info');

let rs256: ServerKey;
let rs384: ServerKey;
let es384: ServerKey;
let other: ServerKey;
beforeAll(async () => {
  [rs256, rs384, es384, other] = await Promise.all([
    makeServerKey('RS256', 'server-rs256'),
    makeServerKey('RS384', 'server-rs384'),
    makeServerKey('ES384', 'server-es384'),
    makeServerKey('RS256', 'server-rs256'),
  ]);
});
const jwks = () => ({ keys: [rs256.publicJwk, rs384.publicJwk, es384.publicJwk] });

const atClaims = (over: Record<string, unknown> = {}) => ({
  iss: ISSUER, sub: 'user-1', aud: BASE, client_id: CLIENT, iat: NOW - 10, exp: NOW + 300, jti: 'abc-123', scope: 'patient/Observation.rs launch/patient',
  ...over,
});
const at = (over: Record<string, unknown> = {}, header: Record<string, unknown> = { typ: 'at+jwt' }) => signJwt(rs384, atClaims(over), header);
const atInput = (token: string, extra: Record<string, unknown> = {}) => ({
  token, clientId: CLIENT, fhirBaseUrl: BASE, issuer: ISSUER, serverJwks: jwks(),
  tokenResponse: { access_token: token, token_type: 'Bearer', scope: 'launch/patient patient/Observation.rs' }, ...extra,
});

describe('inspectAccessToken', () => {
  it('clean RFC 9068 token yields no findings', async () => {
    expect(await inspectAccessToken(atInput(await at()), opts)).toEqual([]);
  });
  it('AT-OPAQUE: a reference token', async () => {
    const f = await inspectAccessToken(atInput('2YotnFZFEjr1zCsicMWpAA'), opts);
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['AT-OPAQUE', 'info']]);
  });
  it('AT-OPAQUE: two segments or a non-JSON header', async () => {
    expect(rules(await inspectAccessToken(atInput('abc.def'), opts))).toEqual(['AT-OPAQUE']);
    expect(rules(await inspectAccessToken(atInput('abc.def.ghi'), opts))).toEqual(['AT-OPAQUE']);
  });
  it.each([
    ['alg none', { alg: 'none', typ: 'at+jwt' }, ''],
    ['empty signature', { alg: 'RS256', typ: 'at+jwt' }, ''],
    ['alg NONE with signature', { alg: 'NONE', typ: 'at+jwt' }, 'c2ln'],
  ])('AT-JWT-ALG-NONE: %s', async (_n, header, sig) => {
    const f = await inspectAccessToken(atInput(unsignedJwt(header, atClaims(), sig)), opts);
    expect(f.find((x) => x.rule === 'AT-JWT-ALG-NONE')?.severity).toBe('error');
  });
  it.each([['JWT'], [undefined], ['jwt']])('AT-JWT-TYP: typ %s', async (typ) => {
    const f = await inspectAccessToken(atInput(await at({}, typ === undefined ? {} : { typ })), opts);
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['AT-JWT-TYP', 'info']]);
  });
  it.each([['at+jwt'], ['application/at+jwt'], ['AT+JWT']])('typ %s is the RFC 9068 profile', async (typ) => {
    expect(await inspectAccessToken(atInput(await at({}, { typ })), opts)).toEqual([]);
  });
  it.each(['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'])('AT-JWT-CLAIMS: %s missing', async (claim) => {
    const f = await inspectAccessToken(atInput(await at({ [claim]: undefined })), opts);
    const hit = f.find((x) => x.rule === 'AT-JWT-CLAIMS');
    expect(hit?.severity).toBe('warning');
    expect(hit?.message).toContain(claim);
  });
  it('AT-JWT-CLAIMS is skipped without the RFC 9068 typ', async () => {
    expect(rules(await inspectAccessToken(atInput(await at({ jti: undefined, client_id: undefined }, { typ: 'JWT' })), opts))).toEqual(['AT-JWT-TYP']);
  });
  it.each([
    [NOW - 61, true], [NOW - 60, true], [NOW - 59, false], [NOW + 100, false],
  ])('AT-JWT-EXPIRED: exp %d → %s (60 s skew)', async (exp, expired) => {
    const f = await inspectAccessToken(atInput(await at({ exp })), opts);
    expect(rules(f).includes('AT-JWT-EXPIRED')).toBe(expired);
  });
  it('AT-JWT-EXPIRED honours clockSkewSeconds', async () => {
    const f = await inspectAccessToken(atInput(await at({ exp: NOW - 30 })), { now: NOW, clockSkewSeconds: 0 });
    expect(rules(f)).toEqual(['AT-JWT-EXPIRED']);
  });
  it.each([
    ['other server', 'https://other.example.com/fhir', true],
    ['array without base', ['https://a.example', 'https://b.example'], true],
    ['trailing slash', `${BASE}/`, false],
    ['array with base', ['https://a.example', BASE], false],
  ])('AT-JWT-AUD: %s', async (_n, aud, fires) => {
    const f = await inspectAccessToken(atInput(await at({ aud })), opts);
    expect(rules(f).includes('AT-JWT-AUD')).toBe(fires);
    if (fires) expect(f.find((x) => x.rule === 'AT-JWT-AUD')?.severity).toBe('warning');
  });
  it.each([
    ['scope claim differs', { scope: 'patient/*.rs' }, true],
    ['scp array differs', { scope: undefined, scp: ['patient/Observation.rs'] }, true],
    ['scp array same set', { scope: undefined, scp: ['patient/Observation.rs', 'launch/patient'] }, false],
    ['same set, other order and spacing', { scope: ' launch/patient  patient/Observation.rs' }, false],
    ['no claim', { scope: undefined }, false],
  ])('AT-JWT-SCOPE-MISMATCH: %s', async (_n, over, fires) => {
    const f = await inspectAccessToken(atInput(await at(over)), opts);
    expect(rules(f).includes('AT-JWT-SCOPE-MISMATCH')).toBe(fires);
  });
  it.each([null, undefined, 42, '', {}, '<html>login</html>'])('malformed token %j yields findings, no exception', async (token) => {
    const f = await inspectAccessToken({ ...atInput('x'), token: token as string }, opts);
    expect(f.length).toBeGreaterThan(0);
  });
  it('survives a null input', async () => {
    expect((await inspectAccessToken(null as never, opts)).length).toBeGreaterThan(0);
  });
});

const idClaims = (over: Record<string, unknown> = {}) => ({
  iss: ISSUER, sub: 'user-1', aud: CLIENT, exp: NOW + 300, iat: NOW - 5, fhirUser: `${BASE}/Practitioner/123`, ...over,
});
const idt = (over: Record<string, unknown> = {}, key: ServerKey = rs256, header: Record<string, unknown> = {}) => signJwt(key, idClaims(over), header);
const idInput = (token: string, extra: Record<string, unknown> = {}) => ({
  token, clientId: CLIENT, fhirBaseUrl: BASE, issuer: ISSUER, serverJwks: jwks(),
  tokenResponse: { scope: 'openid fhirUser launch' }, ...extra,
});

describe('inspectIdToken', () => {
  it('clean RS256 ID token yields no findings', async () => {
    expect(await inspectIdToken(idInput(await idt()), opts)).toEqual([]);
  });
  it('IDT-ALG: none and HS256 are errors', async () => {
    for (const alg of ['none', 'HS256']) {
      const f = await inspectIdToken(idInput(unsignedJwt({ alg, kid: 'k' }, idClaims(), alg === 'none' ? '' : 'c2ln')), opts);
      expect(f.find((x) => x.rule === 'IDT-ALG')?.severity).toBe('error');
    }
  });
  it('IDT-ALG: another asymmetric algorithm is a warning', async () => {
    for (const key of [rs384, es384]) {
      const f = await inspectIdToken(idInput(await idt({}, key)), opts);
      expect(f.map((x) => [x.rule, x.severity])).toEqual([['IDT-ALG', 'warning']]);
    }
  });
  it('IDT-ALG: a signature that does not verify with the server JWKS is an error', async () => {
    const forged = await idt({}, other);
    const f = await inspectIdToken(idInput(forged), opts);
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['IDT-ALG', 'error']]);
    expect(await inspectIdToken(idInput(forged, { serverJwks: undefined }), opts)).toEqual([]);
  });
  it('IDT-ALG: kid not in the server JWKS', async () => {
    const f = await inspectIdToken(idInput(await idt({}, rs256, { kid: 'rotated-away' })), opts);
    expect(f.find((x) => x.rule === 'IDT-ALG')?.message).toContain('rotated-away');
  });
  it.each(['iss', 'sub', 'aud', 'exp', 'iat'])('IDT-CLAIMS: %s missing', async (claim) => {
    const f = await inspectIdToken(idInput(await idt({ [claim]: undefined })), opts);
    expect(f.find((x) => x.rule === 'IDT-CLAIMS')?.message).toContain(claim);
  });
  it.each([['empty sub', { sub: '' }], ['long sub', { sub: 'x'.repeat(256) }], ['string exp', { exp: String(NOW + 300) }]])(
    'IDT-CLAIMS: %s', async (_n, over) => {
      expect(rules(await inspectIdToken(idInput(await idt(over)), opts))).toContain('IDT-CLAIMS');
    },
  );
  it('a 255-character sub is fine', async () => {
    expect(await inspectIdToken(idInput(await idt({ sub: 'x'.repeat(255) })), opts)).toEqual([]);
  });
  it.each([[`${ISSUER}/`, true], ['https://other.example.com/auth', true], [ISSUER, false]])('IDT-ISS: iss %s', async (iss, fires) => {
    const f = await inspectIdToken(idInput(await idt({ iss })), opts);
    expect(rules(f).includes('IDT-ISS')).toBe(fires);
  });
  it('IDT-ISS is skipped when the issuer is unknown', async () => {
    expect(await inspectIdToken(idInput(await idt({ iss: 'x' }), { issuer: undefined }), opts)).toEqual([]);
  });
  it.each([['other-client', true], [['a', 'b'], true], [[CLIENT, 'b'], false], [CLIENT, false]])('IDT-AUD: aud %j', async (aud, fires) => {
    expect(rules(await inspectIdToken(idInput(await idt({ aud })), opts)).includes('IDT-AUD')).toBe(fires);
  });
  it.each([[NOW - 60, true], [NOW - 59, false]])('IDT-EXPIRED: exp %d', async (exp, fires) => {
    expect(rules(await inspectIdToken(idInput(await idt({ exp })), opts)).includes('IDT-EXPIRED')).toBe(fires);
  });
  it('IDT-FHIRUSER-MISSING when fhirUser was granted', async () => {
    const f = await inspectIdToken(idInput(await idt({ fhirUser: undefined })), opts);
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['IDT-FHIRUSER-MISSING', 'warning']]);
  });
  it('no IDT-FHIRUSER-MISSING when fhirUser was not granted', async () => {
    expect(await inspectIdToken(idInput(await idt({ fhirUser: undefined }), { tokenResponse: { scope: 'openid' } }), opts)).toEqual([]);
  });
  it.each([
    ['Organization/1', true], ['alice', true], ['123', true], [42, true],
    ['Patient/123', false], ['PractitionerRole/9', false], ['https://x.example/fhir/RelatedPerson/7', false],
    ['Person/1/_history/2', false],
  ])('IDT-FHIRUSER-TYPE: %j', async (fhirUser, fires) => {
    const f = await inspectIdToken(idInput(await idt({ fhirUser })), opts);
    expect(rules(f).includes('IDT-FHIRUSER-TYPE')).toBe(fires);
  });
  it.each([null, 42, 'abc', 'a.b.c', '<html></html>'])('malformed ID token %j yields IDT-CLAIMS', async (token) => {
    const f = await inspectIdToken(idInput(token as string), opts);
    expect(serious(f).map((x) => x.rule)).toEqual(['IDT-CLAIMS']);
  });
  it('malformed JWKS does not throw', async () => {
    const f = await inspectIdToken(idInput(await idt(), { serverJwks: { keys: [null, 3, { kty: 'RSA', kid: 'server-rs256', n: '!!' }] } }), opts);
    expect(rules(f)).toEqual(['IDT-ALG']);
  });
});

describe('fhirUserResourceType', () => {
  it.each([
    ['Practitioner/1', 'Practitioner'], ['https://e.example/fhir/Patient/2?x=1', 'Patient'], ['1', undefined], ['', undefined],
  ])('%s → %s', (v, t) => expect(fhirUserResourceType(v)).toBe(t));
});
