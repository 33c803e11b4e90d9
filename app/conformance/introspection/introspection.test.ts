import { describe, expect, it } from 'vitest';
import { inspectIntrospection, type IntrospectionInput } from './inspect-introspection.ts';
import { unsignedJwt } from '../testing/token-fixtures.ts';
import type { Finding } from '../types.ts';

const NOW = 1_700_000_000;
const opts = { now: NOW };
const idToken = unsignedJwt({ alg: 'RS256' }, { iss: 'https://auth', sub: 'u1', fhirUser: 'Practitioner/1' }, 'c2ln');
const ORIGINAL = {
  access_token: 'at', token_type: 'Bearer', expires_in: 3600, scope: 'launch/patient openid fhirUser patient/*.rs',
  patient: '123', encounter: 'e1', id_token: idToken,
};
const ACTIVE = {
  active: true, scope: ORIGINAL.scope, client_id: 'app-1', exp: NOW + 3600, iat: NOW, patient: '123', encounter: 'e1',
  iss: 'https://auth', sub: 'u1', fhirUser: 'Practitioner/1',
};
const input = (body: unknown, over: Partial<IntrospectionInput> = {}): IntrospectionInput => ({
  clientId: 'app-1', originalTokenResponse: ORIGINAL, status: 200, headers: { 'content-type': 'application/json' }, body, ...over,
});
const without = (k: string) => Object.fromEntries(Object.entries(ACTIVE).filter(([key]) => key !== k));
const pairs = (fs: Finding[]) => fs.map((f) => [f.rule, f.severity]);

describe('inspectIntrospection', () => {
  it('clean active response has no findings', () => {
    expect(inspectIntrospection(input(ACTIVE), opts)).toEqual([]);
  });
  it('clean inactive response has no findings', () => {
    expect(inspectIntrospection(input({ active: false }), opts)).toEqual([]);
  });
  it('a raw JSON body is parsed', () => {
    expect(inspectIntrospection(input(undefined, { rawBody: JSON.stringify(ACTIVE) }), opts)).toEqual([]);
  });
  it.each([
    ['active missing', without('active'), 'INTROSPECT-ACTIVE', 'error'],
    ['active "true"', { ...ACTIVE, active: 'true' }, 'INTROSPECT-ACTIVE', 'error'],
    ['active 1', { ...ACTIVE, active: 1 }, 'INTROSPECT-ACTIVE', 'error'],
    ['scope missing', without('scope'), 'INTROSPECT-SMART-FIELDS', 'error'],
    ['client_id missing', without('client_id'), 'INTROSPECT-SMART-FIELDS', 'error'],
    ['exp missing', without('exp'), 'INTROSPECT-SMART-FIELDS', 'error'],
    ['exp inconsistent with iat + expires_in', { ...ACTIVE, exp: NOW + 300 }, 'INTROSPECT-SMART-FIELDS', 'error'],
    ['patient missing', without('patient'), 'INTROSPECT-CONTEXT', 'error'],
    ['encounter missing', without('encounter'), 'INTROSPECT-CONTEXT', 'error'],
    ['iss missing with id_token', without('iss'), 'INTROSPECT-CONTEXT', 'error'],
    ['sub missing with id_token', without('sub'), 'INTROSPECT-CONTEXT', 'error'],
    ['fhirUser missing with id_token', without('fhirUser'), 'INTROSPECT-CONTEXT', 'warning'],
    ['inactive with extra members', { active: false, exp: NOW - 10, reason: 'revoked' }, 'INTROSPECT-INACTIVE-EXTRA', 'warning'],
  ])('%s → %s (%s)', (_n, body, rule, severity) => {
    expect(pairs(inspectIntrospection(input(body), opts))).toEqual([[rule, severity]]);
  });
  it('exp within 60 s of iat + expires_in is consistent', () => {
    expect(inspectIntrospection(input({ ...ACTIVE, exp: NOW + 3650 }), opts)).toEqual([]);
  });
  it('without iat, exp is compared with now + expires_in', () => {
    const { iat: _iat, ...noIat } = ACTIVE;
    expect(inspectIntrospection(input({ ...noIat, exp: NOW + 3600 }), opts)).toEqual([]);
    expect(pairs(inspectIntrospection(input({ ...noIat, exp: NOW + 60 }), opts))).toEqual([['INTROSPECT-SMART-FIELDS', 'error']]);
  });
  it('context is not required when the original response had none', () => {
    const body = { active: true, scope: 'system/*.rs', client_id: 'svc', exp: NOW + 300, iat: NOW };
    expect(inspectIntrospection(input(body, { originalTokenResponse: { access_token: 'x', expires_in: 300 } }), opts)).toEqual([]);
  });
  it('an inactive token skips the SMART field checks', () => {
    expect(inspectIntrospection(input({ active: false }, { originalTokenResponse: ORIGINAL }), opts)).toEqual([]);
  });
  it.each([
    ['HTML raw body', input(undefined, { rawBody: '<html>error</html>' })],
    ['garbage raw body', input(undefined, { rawBody: '{{{' })],
    ['array body', input([1])],
    ['null body', input(null)],
    ['no body', input(undefined)],
    ['HTTP 401', input({ error: 'invalid_client' }, { status: 401 })],
    ['null input', null],
    ['number input', 42],
  ])('%s → INTROSPECT-ACTIVE, no exception', (_n, i) => {
    expect(inspectIntrospection(i as IntrospectionInput, opts).map((f) => f.rule)).toEqual(['INTROSPECT-ACTIVE']);
  });
  it('a garbage original token response does not throw', () => {
    expect(inspectIntrospection(input(ACTIVE, { originalTokenResponse: 'x' as unknown as object }), opts)).toEqual([]);
  });
});
