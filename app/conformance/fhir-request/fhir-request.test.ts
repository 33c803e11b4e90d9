import { describe, expect, it } from 'vitest';
import { inspectFhirRequest, type FhirRequestInput } from './inspect-fhir-request.ts';

const BASE = 'https://ehr.example.com/fhir';
const req = (url: string, headers: Record<string, string>): FhirRequestInput => ({
  fhirBaseUrl: BASE, tokenResponse: { access_token: 'tok123', token_type: 'bearer' }, request: { method: 'GET', url, headers },
});
const rules = (i: FhirRequestInput) => inspectFhirRequest(i).map((f) => [f.rule, f.severity]);

describe('inspectFhirRequest', () => {
  it('clean request has no findings', () => {
    expect(rules(req(`${BASE}/Patient/123`, { Authorization: 'Bearer tok123' }))).toEqual([]);
    expect(rules(req(`${BASE}/Observation?patient=1&_count=10`, { authorization: 'Bearer eyJ.x.y' }))).toEqual([]);
  });
  it.each([
    [`${BASE}/Patient?access_token=tok123`],
    [`${BASE}/Patient?_count=1&access_token=tok123`],
    [`${BASE}/Patient?access%5Ftoken=tok123`],
  ])('BEARER-QUERY-PARAM: %s', (url) => {
    const f = inspectFhirRequest(req(url, {}));
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['BEARER-QUERY-PARAM', 'warning']]);
    expect(f[0]?.message).not.toContain('tok123');
  });
  it.each([[`${BASE}/Patient?my_access_token=1`], [`${BASE}/Patient#access_token=1`], [`${BASE}/access_token=1`]])(
    'no BEARER-QUERY-PARAM for %s', (url) => {
      expect(rules(req(url, { Authorization: 'Bearer tok123' }))).toEqual([]);
    },
  );
  it.each([
    ['bearer tok123'], ['BEARER tok123'], ['Bearer  tok123'], ['Bearer "tok123"'], [' Bearer tok123'], ['Bearer\ttok123'], ['Bearer'], ['DPoP tok123'],
  ])('BEARER-SCHEME: %j', (auth) => {
    expect(rules(req(`${BASE}/Patient`, { Authorization: auth }))).toEqual([['BEARER-SCHEME', 'info']]);
  });
  it('a request without any token is reported', () => {
    expect(rules(req(`${BASE}/Patient`, {}))).toEqual([['BEARER-SCHEME', 'info']]);
  });
  it.each([null, 42, 'GET /Patient', { request: null }, { request: { url: 5, headers: 'x' } }])('malformed %j yields findings, no exception', (i) => {
    expect(inspectFhirRequest(i as unknown as FhirRequestInput).length).toBeGreaterThan(0);
  });
});

describe('inspectFhirRequest: the presented JWT access token', () => {
  const NOW = 1_700_000_000;
  const jwt = (claims: Record<string, unknown>) =>
    [{ alg: 'RS256', typ: 'at+jwt' }, claims].map((p) => btoa(JSON.stringify(p)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')).join('.') + '.c2ln';
  const withToken = (token: string): FhirRequestInput => ({
    fhirBaseUrl: BASE, tokenResponse: { access_token: token, token_type: 'Bearer' },
    request: { method: 'GET', url: `${BASE}/Patient`, headers: { Authorization: `Bearer ${token}` } },
  });
  it('reports AT-JWT-EXPIRED and AT-JWT-AUD', () => {
    const f = inspectFhirRequest(withToken(jwt({ exp: NOW - 3600, aud: 'https://other.example/fhir' })), { now: NOW });
    expect(f.map((x) => [x.rule, x.severity])).toEqual([['AT-JWT-EXPIRED', 'error'], ['AT-JWT-AUD', 'warning']]);
  });
  it('is quiet for a valid JWT or an opaque token', () => {
    expect(inspectFhirRequest(withToken(jwt({ exp: NOW + 60, aud: `${BASE}/` })), { now: NOW })).toEqual([]);
    expect(inspectFhirRequest(withToken('opaque-token'), { now: NOW })).toEqual([]);
  });
});
