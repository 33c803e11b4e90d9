import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectAuthorizeRequest, type AuthorizeRequestInput } from './inspect-authorize-request.ts';

const OPTS = { now: 1_760_000_000 };
const BASE = 'https://ehr.example.com/fhir/r4';
const STATE = 'Xk3v9QmZ2pLr8TnW5yBc1dFg';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const REDIRECT = 'https://app.example.com/callback';

function standalone(params: Record<string, string | undefined> = {}, extra: Partial<AuthorizeRequestInput> = {}): AuthorizeRequestInput {
  const p: Record<string, string> = {
    response_type: 'code', client_id: 'app-1', redirect_uri: REDIRECT, scope: 'openid fhirUser launch/patient patient/Observation.rs',
    state: STATE, aud: BASE, code_challenge: CHALLENGE, code_challenge_method: 'S256',
  };
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) delete p[k];
    else p[k] = v;
  }
  return {
    launchMode: 'standalone', fhirBaseUrl: BASE, authorizationEndpoint: 'https://ehr.example.com/oauth/authorize',
    tokenEndpoint: 'https://ehr.example.com/oauth/token', clientType: 'public', registeredRedirectUris: [REDIRECT], params: p, ...extra,
  };
}

function ehr(params: Record<string, string | undefined> = {}, extra: Partial<AuthorizeRequestInput> = {}): AuthorizeRequestInput {
  return standalone({ scope: 'launch openid fhirUser patient/Observation.rs', launch: 'xyz123', ...params },
    { launchMode: 'ehr', launchIss: BASE, launch: 'xyz123', ...extra });
}

const pick = (fs: { rule: string; severity: string }[]) => fs.map((f) => `${f.rule}:${f.severity}`).sort();

describe('inspectAuthorizeRequest', () => {
  it('clean standalone request: no findings', () => {
    expect(inspectAuthorizeRequest(standalone(), OPTS)).toEqual([]);
  });
  it('clean EHR launch with a matching callback: no findings', () => {
    expect(inspectAuthorizeRequest(ehr({}, { callbackQuery: `code=abc&state=${STATE}` }), OPTS)).toEqual([]);
  });

  const cases: { name: string; input: AuthorizeRequestInput; expected: string[]; msg?: RegExp }[] = [
    { name: 'no aud', input: standalone({ aud: undefined }), expected: ['AUTHZ-AUD:error'] },
    { name: 'resource instead of aud', input: standalone({ aud: undefined, resource: BASE }), expected: ['AUTHZ-AUD:warning'] },
    { name: 'resource instead of aud, wrong value', input: standalone({ aud: undefined, resource: `${BASE}/` }), expected: ['AUTHZ-AUD-VALUE:error', 'AUTHZ-AUD:warning'] },
    { name: 'aud with trailing slash', input: standalone({ aud: `${BASE}/` }), expected: ['AUTHZ-AUD-VALUE:error'], msg: /trailing slash/ },
    { name: 'aud = token endpoint', input: standalone({ aud: 'https://ehr.example.com/oauth/token' }), expected: ['AUTHZ-AUD-VALUE:error'], msg: /token endpoint/ },
    { name: 'aud = authorize endpoint', input: standalone({ aud: 'https://ehr.example.com/oauth/authorize' }), expected: ['AUTHZ-AUD-VALUE:error'], msg: /authorization endpoint/ },
    { name: 'aud = server root (issuer)', input: standalone({ aud: 'https://ehr.example.com' }), expected: ['AUTHZ-AUD-VALUE:error'], msg: /issuer or server root/ },
    { name: 'aud on another host', input: standalone({ aud: 'https://other.example.com/fhir/r4' }), expected: ['AUTHZ-AUD-VALUE:error'], msg: /another host/ },
    { name: 'EHR aud = base but iss differs', input: ehr({}, { launchIss: 'https://ehr.example.com/fhir/tenant-2' }), expected: ['AUTHZ-AUD-VALUE:error'], msg: /different iss/ },
    { name: 'EHR aud = iss though base differs', input: ehr({ aud: 'https://ehr.example.com/fhir/tenant-2' }, { launchIss: 'https://ehr.example.com/fhir/tenant-2' }), expected: [] },
    { name: 'no state', input: standalone({ state: undefined }), expected: ['AUTHZ-STATE:error'] },
    { name: 'short state', input: standalone({ state: 'abc123' }), expected: ['AUTHZ-STATE:error'] },
    { name: 'constant state', input: standalone({ state: 'a'.repeat(30) }), expected: ['AUTHZ-STATE:error'] },
    { name: 'uuid state is fine', input: standalone({ state: '3b241101-e2bb-4255-8caf-4136c566a962' }), expected: [] },
    { name: 'EHR without launch parameter', input: ehr({ launch: undefined }), expected: ['AUTHZ-LAUNCH:error'] },
    { name: 'EHR without launch scope', input: ehr({ scope: 'openid fhirUser launch/patient patient/Observation.rs' }), expected: ['AUTHZ-LAUNCH:error'] },
    { name: 'EHR launch value differs from the one received', input: ehr({ launch: 'other' }), expected: ['AUTHZ-LAUNCH:error'] },
    { name: 'standalone sending launch', input: standalone({ launch: 'xyz' }), expected: ['AUTHZ-LAUNCH:error'] },
    { name: 'response_type token', input: standalone({ response_type: 'token' }), expected: ['AUTHZ-RESPONSE-TYPE:error'] },
    { name: 'response_type missing', input: standalone({ response_type: undefined }), expected: ['AUTHZ-RESPONSE-TYPE:error'] },
    { name: 'no PKCE at all', input: standalone({ code_challenge: undefined, code_challenge_method: undefined }), expected: ['AUTHZ-PKCE-MISSING:error', 'PKCE-METHOD:error'] },
    { name: 'challenge without method', input: standalone({ code_challenge_method: undefined }), expected: ['PKCE-METHOD:error'] },
    { name: 'plain method', input: standalone({ code_challenge_method: 'plain' }), expected: ['PKCE-METHOD:error'] },
    { name: 'hex challenge', input: standalone({ code_challenge: 'ab'.repeat(32) }), expected: ['PKCE-CHALLENGE-ENCODING:error'] },
    { name: 'unregistered redirect', input: standalone({ redirect_uri: `${REDIRECT}/` }), expected: ['REDIR-EXACT-MATCH:error'] },
    { name: 'missing redirect', input: standalone({ redirect_uri: undefined }), expected: ['REDIR-EXACT-MATCH:error'] },
    { name: 'loopback redirect, other port', input: standalone({ redirect_uri: 'http://127.0.0.1:5000/cb' }, { registeredRedirectUris: ['http://127.0.0.1/cb'] }), expected: ['REDIR-LOOPBACK-PORT:info', 'REDIR-LOOPBACK:info'] },
    { name: 'scope rules apply (fhirUser without openid)', input: standalone({ scope: 'fhirUser launch/patient patient/Observation.rs' }), expected: ['SCOPE-FHIRUSER-WITHOUT-OPENID:warning'] },
    { name: 'scope rules apply (online_access standalone)', input: standalone({ scope: 'launch/patient patient/Observation.rs online_access' }), expected: ['SCOPE-ONLINE-ACCESS-STANDALONE:info'] },
    { name: 'callback with other state', input: standalone({}, { callbackQuery: 'code=abc&state=zzz' }), expected: ['AUTHZ-STATE-MISMATCH:error'] },
    { name: 'callback without state', input: standalone({}, { callbackQuery: '?code=abc' }), expected: ['AUTHZ-STATE-MISMATCH:error'] },
    { name: 'callback as full URL with matching state', input: standalone({}, { callbackQuery: `https://app.example.com/callback?code=abc&state=${STATE}` }), expected: [] },
    { name: 'callback with state but no pending login', input: standalone({ state: undefined }, { callbackQuery: 'code=abc&state=zzz' }), expected: ['AUTHZ-STATE-MISMATCH:error', 'AUTHZ-STATE:error'] },
  ];
  it.each(cases)('$name', ({ input, expected, msg }) => {
    const fs = inspectAuthorizeRequest(input, OPTS);
    expect(pick(fs)).toEqual(expected);
    if (msg) expect(fs.map((f) => f.message).join(' | ')).toMatch(msg);
    for (const f of fs) expect(f.message).not.toMatch(/\n/);
  });

  it.each([null, undefined, 'garbage', 42, { params: 'x' }, { params: null, launchMode: 'ehr' }])('malformed input %j yields findings, not exceptions', (bad) => {
    const fs = inspectAuthorizeRequest(bad as never, OPTS);
    expect(fs.map((f) => f.rule)).toEqual(expect.arrayContaining(['AUTHZ-RESPONSE-TYPE', 'AUTHZ-AUD', 'AUTHZ-STATE', 'AUTHZ-PKCE-MISSING']));
  });

  it('non-string parameter values are findings', () => {
    const fs = inspectAuthorizeRequest({ ...standalone(), params: { ...(standalone().params as object), aud: 7, state: ['a'], scope: 3 } }, OPTS);
    expect(pick(fs)).toEqual(['AUTHZ-AUD-VALUE:error', 'AUTHZ-STATE:error']);
  });
});

describe('inspectAuthorizeRequest: fuzzed input', () => {
  it('never throws', () => {
    fc.assert(fc.property(fc.record({ launchMode: fc.constantFrom('standalone', 'ehr', 'x'), fhirBaseUrl: fc.anything(), launchIss: fc.anything(), launch: fc.anything(), registeredRedirectUris: fc.anything(),
      params: fc.dictionary(fc.constantFrom('aud', 'resource', 'state', 'scope', 'launch', 'response_type', 'code_challenge', 'code_challenge_method', 'redirect_uri'), fc.oneof(fc.string(), fc.anything())),
      callbackQuery: fc.anything() }, { requiredKeys: [] }), (input) => {
      const fs = inspectAuthorizeRequest(input as AuthorizeRequestInput, OPTS);
      return Array.isArray(fs) && fs.every((f) => !f.message.includes('\n'));
    }), { numRuns: 300 });
  });
});
