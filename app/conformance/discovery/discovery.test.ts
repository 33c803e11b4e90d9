import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectDiscovery, type DiscoveryInput } from './inspect-discovery.ts';

const OPTS = { now: 1_760_000_000 };
const BASE = 'https://ehr.example.com/fhir/r4';
const URL_WK = `${BASE}/.well-known/smart-configuration`;
const JSON_HEADERS = { 'Content-Type': 'application/json; charset=utf-8' };

const CLEAN: Record<string, unknown> = {
  issuer: 'https://ehr.example.com/auth',
  jwks_uri: 'https://ehr.example.com/auth/jwks',
  authorization_endpoint: 'https://ehr.example.com/auth/authorize',
  token_endpoint: 'https://ehr.example.com/auth/token',
  introspection_endpoint: 'https://ehr.example.com/auth/introspect',
  revocation_endpoint: 'https://ehr.example.com/auth/revoke',
  token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt'],
  token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
  grant_types_supported: ['authorization_code', 'client_credentials'],
  scopes_supported: ['openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access', 'patient/*.rs', 'user/*.rs', 'system/*.rs', 'patient/*.read'],
  response_types_supported: ['code'],
  capabilities: ['launch-ehr', 'launch-standalone', 'client-public', 'client-confidential-symmetric', 'client-confidential-asymmetric',
    'sso-openid-connect', 'context-ehr-patient', 'context-standalone-patient', 'permission-offline', 'permission-patient',
    'permission-user', 'permission-v1', 'permission-v2'],
  code_challenge_methods_supported: ['S256'],
  associated_endpoints: [{ url: 'https://ehr.example.com/fhir/dstu2', capabilities: ['launch-ehr'] }],
};

const BACKEND_ONLY: Record<string, unknown> = {
  token_endpoint: 'https://ehr.example.com/auth/token',
  grant_types_supported: ['client_credentials'],
  token_endpoint_auth_methods_supported: ['private_key_jwt'],
  token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
  scopes_supported: ['system/*.rs'],
  capabilities: ['client-confidential-asymmetric', 'permission-v2'],
  code_challenge_methods_supported: ['S256'],
};

function wk(patch: Record<string, unknown> = {}, base: Record<string, unknown> = CLEAN, extra: Partial<DiscoveryInput> = {}): DiscoveryInput {
  const body: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete body[k];
    else body[k] = v;
  }
  return { fhirBaseUrl: BASE, requestUrl: URL_WK, status: 200, headers: JSON_HEADERS, body, ...extra };
}

const pick = (fs: { rule: string; severity: string }[]) => [...new Set(fs.map((f) => `${f.rule}:${f.severity}`))].sort();
const without = (list: string[], drop: string) => list.filter((c) => c !== drop);

function capabilityStatement(uris: Record<string, string>, service = true): Record<string, unknown> {
  return {
    resourceType: 'CapabilityStatement',
    rest: [{
      mode: 'server',
      security: {
        ...(service ? { service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }] } : {}),
        extension: [{
          url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
          extension: Object.entries(uris).map(([url, valueUri]) => ({ url, valueUri })),
        }],
      },
    }],
  };
}

describe('inspectDiscovery', () => {
  it('clean app-launch document: no findings at all', () => {
    expect(inspectDiscovery(wk(), OPTS)).toEqual([]);
  });
  it('clean backend-only document: no findings at all', () => {
    expect(inspectDiscovery(wk({}, BACKEND_ONLY), OPTS)).toEqual([]);
  });
  it('clean document given as rawBody: no findings', () => {
    expect(inspectDiscovery({ ...wk(), body: undefined, rawBody: JSON.stringify(CLEAN) }, OPTS)).toEqual([]);
  });

  const caps = CLEAN['capabilities'] as string[];
  const cases: { name: string; input: DiscoveryInput; expected: string[]; msg?: RegExp }[] = [
    { name: 'fetched from the host root', input: wk({}, CLEAN, { requestUrl: 'https://ehr.example.com/.well-known/smart-configuration' }), expected: ['DISC-FETCH-PATH:info'] },
    { name: 'fetched the openid configuration', input: wk({}, CLEAN, { requestUrl: `${BASE}/.well-known/openid-configuration` }), expected: ['DISC-FETCH-PATH:info'], msg: /OpenID/ },
    { name: 'base with trailing slash is fine', input: wk({}, CLEAN, { fhirBaseUrl: `${BASE}/` }), expected: [] },
    { name: '404', input: { fhirBaseUrl: BASE, requestUrl: URL_WK, status: 404, headers: { 'content-type': 'text/html' }, rawBody: '<html>Not Found</html>' }, expected: ['DISC-NOT-FOUND:error'] },
    { name: '302 redirect to login', input: { fhirBaseUrl: BASE, requestUrl: URL_WK, status: 302, headers: {} }, expected: ['DISC-NOT-FOUND:error'] },
    { name: 'nothing received', input: { fhirBaseUrl: BASE, requestUrl: URL_WK }, expected: ['DISC-NOT-FOUND:error'] },
    { name: 'fhir+json content type', input: wk({}, CLEAN, { headers: { 'content-type': 'application/fhir+json' } }), expected: ['DISC-CONTENT-TYPE:error'] },
    { name: 'no content type', input: wk({}, CLEAN, { headers: {} }), expected: ['DISC-CONTENT-TYPE:error'] },
    { name: 'HTML login page with 200', input: { fhirBaseUrl: BASE, requestUrl: URL_WK, status: 200, headers: { 'content-type': 'text/html' }, rawBody: '<!doctype html><title>Login</title>' }, expected: ['DISC-CONTENT-TYPE:error', 'DISC-NOT-JSON:error'] },
    { name: 'empty body', input: { fhirBaseUrl: BASE, requestUrl: URL_WK, status: 200, headers: JSON_HEADERS, rawBody: '' }, expected: ['DISC-NOT-JSON:error'] },
    { name: 'JSON array', input: { ...wk(), body: [CLEAN] }, expected: ['DISC-NOT-JSON:error'] },
    { name: 'IG backend example: trailing commas, no PKCE list', input: { fhirBaseUrl: BASE, requestUrl: URL_WK, status: 200, headers: JSON_HEADERS,
      rawBody: '{\n "token_endpoint": "https://ehr.example.com/auth/token",\n "grant_types_supported": ["client_credentials"],\n "token_endpoint_auth_methods_supported": ["private_key_jwt",],\n "token_endpoint_auth_signing_alg_values_supported": ["RS384", "ES384"],\n "scopes_supported": ["system/*.rs"],\n "capabilities": ["client-confidential-asymmetric", "permission-v2",]\n}' },
      expected: ['DISC-NOT-JSON:error', 'DISC-PKCE-METHODS:warning'], msg: /trailing commas/ },
    { name: 'token_endpoint missing', input: wk({ token_endpoint: undefined }), expected: ['DISC-TOKEN-ENDPOINT:error'] },
    { name: 'token_endpoint empty', input: wk({ token_endpoint: '' }), expected: ['DISC-TOKEN-ENDPOINT:error'] },
    { name: 'token_endpoint not a string', input: wk({ token_endpoint: ['https://x'] }), expected: ['DISC-TOKEN-ENDPOINT:error'] },
    { name: 'grant types missing', input: wk({ grant_types_supported: undefined }), expected: ['DISC-GRANT-TYPES:error'] },
    { name: 'grant types a string', input: wk({ grant_types_supported: 'authorization_code' }), expected: ['DISC-GRANT-TYPES:error'] },
    { name: 'launch without authorization_code grant', input: wk({ grant_types_supported: ['client_credentials'] }), expected: ['DISC-GRANT-TYPES:error'] },
    { name: 'asymmetric-only without client_credentials', input: wk({ grant_types_supported: [] }, BACKEND_ONLY), expected: ['DISC-GRANT-TYPES:error'] },
    { name: 'capabilities missing', input: wk({ capabilities: undefined, issuer: undefined }, BACKEND_ONLY), expected: ['DISC-CAPABILITIES:error', 'DISC-PERMISSION-SCOPES:info'] },
    { name: 'capabilities with non-strings', input: wk({ capabilities: [...caps, 3] }), expected: ['DISC-CAPABILITIES:error'] },
    { name: 'PKCE methods missing (app launch)', input: wk({ code_challenge_methods_supported: undefined }), expected: ['DISC-PKCE-METHODS:error'] },
    { name: 'PKCE methods missing (backend only)', input: wk({ code_challenge_methods_supported: undefined }, BACKEND_ONLY), expected: ['DISC-PKCE-METHODS:warning'] },
    { name: 'PKCE methods without S256', input: wk({ code_challenge_methods_supported: ['plain'] }), expected: ['DISC-PKCE-METHODS:error', 'DISC-PKCE-PLAIN:error'] },
    { name: 'PKCE methods with plain', input: wk({ code_challenge_methods_supported: ['S256', 'plain'] }), expected: ['DISC-PKCE-PLAIN:error'] },
    { name: 'PKCE methods missing, nothing advertised', input: wk({ code_challenge_methods_supported: undefined, grant_types_supported: [], capabilities: ['permission-v2'], issuer: undefined, token_endpoint_auth_methods_supported: ['client_secret_basic'] }), expected: ['DISC-PKCE-METHODS:error'] },
    { name: 'launch without authorization_endpoint', input: wk({ authorization_endpoint: undefined }), expected: ['DISC-AUTHZ-ENDPOINT:error'] },
    { name: 'authorization_code grant without authorization_endpoint', input: wk({ authorization_endpoint: undefined, capabilities: ['permission-v2', 'client-public'] , issuer: undefined }), expected: ['DISC-AUTHZ-ENDPOINT:error'] },
    { name: 'openid without issuer', input: wk({ issuer: undefined }), expected: ['DISC-OIDC-FIELDS:error'] },
    { name: 'openid with jwks_uri not a string', input: wk({ jwks_uri: { keys: [] } }), expected: ['DISC-OIDC-FIELDS:error'] },
    { name: 'issuer without openid capability', input: wk({ capabilities: without(caps, 'sso-openid-connect') }), expected: ['DISC-ISSUER-UNEXPECTED:warning'] },
    { name: 'relative token endpoint', input: wk({ token_endpoint: '/auth/token' }), expected: ['DISC-ABSOLUTE-URLS:error'], msg: /https:\/\/ehr\.example\.com\/auth\/token/ },
    { name: 'relative associated endpoint', input: wk({ associated_endpoints: [{ url: 'fhir/dstu2', capabilities: [] }] }), expected: ['DISC-ABSOLUTE-URLS:error'] },
    { name: 'scheme-relative jwks_uri', input: wk({ jwks_uri: '//ehr.example.com/jwks' }), expected: ['DISC-ABSOLUTE-URLS:error'] },
    { name: 'http token endpoint', input: wk({ token_endpoint: 'http://ehr.example.com/auth/token' }), expected: ['DISC-HTTPS:error'] },
    { name: 'http loopback token endpoint', input: wk({ token_endpoint: 'http://127.0.0.1:8080/auth/token' }), expected: ['DISC-HTTPS:info'] },
    { name: 'http localhost user_access_brand_bundle', input: wk({ user_access_brand_bundle: 'http://localhost:3000/brands.json' }), expected: ['DISC-HTTPS:info'] },
    { name: 'asymmetric without private_key_jwt', input: wk({ token_endpoint_auth_methods_supported: ['client_secret_basic'] }), expected: ['DISC-ASYMMETRIC-ADVERTISING:warning'] },
    { name: 'asymmetric without alg list', input: wk({ token_endpoint_auth_signing_alg_values_supported: undefined }), expected: ['DISC-ASYMMETRIC-ADVERTISING:warning'] },
    { name: 'asymmetric with RS256 only', input: wk({ token_endpoint_auth_signing_alg_values_supported: ['RS256'] }), expected: ['DISC-ASYMMETRIC-ADVERTISING:warning'] },
    { name: 'misspelled auth method', input: wk({ token_endpoint_auth_methods_supported: ['client_secret_basic', 'private-key-jwt', 'private_key_jwt'] }), expected: ['DISC-AUTH-METHODS-VALUES:warning'] },
    { name: 'none and client_secret_jwt are info', input: wk({ token_endpoint_auth_methods_supported: ['client_secret_basic', 'private_key_jwt', 'none', 'client_secret_jwt'] }), expected: ['DISC-AUTH-METHODS-VALUES:info'] },
    { name: 'auth methods not an array', input: wk({ token_endpoint_auth_methods_supported: 'private_key_jwt' }), expected: ['DISC-ASYMMETRIC-ADVERTISING:warning', 'DISC-AUTH-METHODS-VALUES:warning'] },
    { name: 'symmetric without basic', input: wk({ token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'] }), expected: ['DISC-SYMMETRIC-BASIC:warning'] },
    { name: 'legacy field name', input: wk({ token_endpoint_auth_methods_supported: undefined, token_endpoint_auth_methods: ['client_secret_basic', 'private_key_jwt'] }), expected: ['DISC-LEGACY-FIELD:warning'] },
    { name: 'legacy and 2.x name both present', input: wk({ token_endpoint_auth_methods: ['client_secret_basic'] }), expected: [] },
    { name: 'unknown capability', input: wk({ capabilities: [...caps, 'launch_ehr', 'single-sign-on'] }), expected: ['DISC-CAPABILITY-UNKNOWN:info'] },
    { name: 'URI capability is fine', input: wk({ capabilities: [...caps, 'http://example.org/fhir/capability/x'] }), expected: [] },
    { name: 'scopes_supported missing', input: wk({ scopes_supported: undefined }), expected: ['DISC-SCOPES-SUPPORTED:info'] },
    { name: 'v1 scopes with v2-only capability', input: wk({ scopes_supported: ['patient/*.read'], capabilities: without(caps, 'permission-v1') }), expected: ['DISC-PERMISSION-SCOPES:info'] },
    { name: 'v2 scopes with v1-only capability', input: wk({ scopes_supported: ['system/*.rs'], capabilities: ['client-confidential-asymmetric', 'permission-v1'] }, BACKEND_ONLY), expected: ['DISC-PERMISSION-SCOPES:info'] },
    { name: 'no permission capability', input: wk({ capabilities: ['client-confidential-asymmetric'] }, BACKEND_ONLY), expected: ['DISC-PERMISSION-SCOPES:info'] },
    { name: 'client_credentials with secrets only', input: wk({ capabilities: ['client-confidential-symmetric', 'permission-v2'], token_endpoint_auth_methods_supported: ['client_secret_basic'], token_endpoint_auth_signing_alg_values_supported: undefined }, BACKEND_ONLY),
      expected: ['DISC-ASYMMETRIC-ADVERTISING:warning', 'DISC-BACKEND-READINESS:warning'] },
  ];
  it.each(cases)('$name', ({ input, expected, msg }) => {
    const fs = inspectDiscovery(input, OPTS);
    expect(pick(fs)).toEqual(expected);
    if (msg) expect(fs.map((f) => f.message).join(' | ')).toMatch(msg);
    for (const f of fs) expect(f.message).not.toMatch(/\n/);
  });

  describe('CapabilityStatement', () => {
    const uris = { authorize: 'https://ehr.example.com/auth/authorize', token: 'https://ehr.example.com/auth/token' };
    it('well-known missing: falls back to oauth-uris (info)', () => {
      const fs = inspectDiscovery({ fhirBaseUrl: BASE, requestUrl: URL_WK, status: 404, capabilityStatement: capabilityStatement(uris) }, OPTS);
      expect(pick(fs)).toEqual(['DISC-CS-OAUTH-URIS:info', 'DISC-NOT-FOUND:error']);
      expect(fs.find((f) => f.rule === 'DISC-CS-OAUTH-URIS')?.message).toContain('https://ehr.example.com/auth/token');
    });
    it('resolves relative oauth-uris against the FHIR base', () => {
      const fs = inspectDiscovery({ fhirBaseUrl: BASE, status: 404, capabilityStatement: capabilityStatement({ authorize: 'auth/authorize', token: 'auth/token' }) }, OPTS);
      expect(fs.find((f) => f.rule === 'DISC-CS-OAUTH-URIS')?.message).toContain(`${BASE}/auth/token`);
    });
    it('oauth-uris without token: warning', () => {
      const fs = inspectDiscovery({ fhirBaseUrl: BASE, status: 404, capabilityStatement: capabilityStatement({ authorize: uris.authorize }) }, OPTS);
      expect(pick(fs)).toEqual(['DISC-CS-OAUTH-URIS:warning', 'DISC-NOT-FOUND:error']);
    });
    it('oauth-uris without the SMART-on-FHIR service coding', () => {
      const fs = inspectDiscovery({ fhirBaseUrl: BASE, status: 404, capabilityStatement: capabilityStatement(uris, false) }, OPTS);
      expect(pick(fs)).toEqual(['DISC-CS-OAUTH-URIS:info', 'DISC-CS-SERVICE:warning', 'DISC-NOT-FOUND:error']);
    });
    it('both sources agree: only the informational finding', () => {
      expect(pick(inspectDiscovery(wk({}, CLEAN, { capabilityStatement: capabilityStatement(uris) }), OPTS))).toEqual(['DISC-CS-OAUTH-URIS:info']);
    });
    it('both sources disagree on the token endpoint', () => {
      const fs = inspectDiscovery(wk({}, CLEAN, { capabilityStatement: capabilityStatement({ ...uris, token: 'https://old.example.com/token' }) }), OPTS);
      expect(pick(fs)).toEqual(['DISC-CS-MISMATCH:error', 'DISC-CS-OAUTH-URIS:info']);
      expect(fs.find((f) => f.rule === 'DISC-CS-MISMATCH')?.message).toContain('old.example.com');
    });
    it('CapabilityStatement as raw JSON text without the extension: nothing', () => {
      expect(inspectDiscovery(wk({}, CLEAN, { capabilityStatement: '{"resourceType":"CapabilityStatement","rest":[{"mode":"server"}]}' }), OPTS)).toEqual([]);
    });
    it('garbage CapabilityStatement: no exception', () => {
      expect(() => inspectDiscovery(wk({}, CLEAN, { capabilityStatement: { rest: 'x' } }), OPTS)).not.toThrow();
      expect(inspectDiscovery(wk({}, CLEAN, { capabilityStatement: 12 }), OPTS)).toEqual([]);
    });
  });

  it.each([null, undefined, 'garbage', 7, [], { status: 'abc' }])('malformed input %j yields findings, not exceptions', (bad) => {
    const fs = inspectDiscovery(bad as never, OPTS);
    expect(fs.length).toBeGreaterThan(0);
  });
  it('garbage field values yield findings, not exceptions', () => {
    const fs = inspectDiscovery(wk({ capabilities: { a: 1 }, grant_types_supported: null, code_challenge_methods_supported: 5, associated_endpoints: 'x', token_endpoint_auth_methods_supported: [1, 2], scopes_supported: [null, 3] }), OPTS);
    expect(pick(fs)).toEqual(expect.arrayContaining(['DISC-CAPABILITIES:error', 'DISC-GRANT-TYPES:error', 'DISC-PKCE-METHODS:error', 'DISC-AUTH-METHODS-VALUES:warning']));
  });
});

describe('inspectDiscovery: fuzzed input', () => {
  it('never throws and always returns findings with known severities', () => {
    fc.assert(fc.property(fc.record({ status: fc.anything(), headers: fc.anything(), body: fc.anything(), rawBody: fc.option(fc.string()), capabilityStatement: fc.anything(), fhirBaseUrl: fc.anything(), requestUrl: fc.anything() }, { requiredKeys: [] }), (input) => {
      const fs = inspectDiscovery(input as DiscoveryInput, OPTS);
      return Array.isArray(fs) && fs.every((f) => ['error', 'warning', 'info'].includes(f.severity) && !f.message.includes('\n'));
    }), { numRuns: 300 });
  });
  it('never throws on fuzzed documents', () => {
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('capabilities', 'grant_types_supported', 'token_endpoint', 'issuer', 'jwks_uri', 'authorization_endpoint', 'code_challenge_methods_supported', 'token_endpoint_auth_methods_supported', 'token_endpoint_auth_methods', 'scopes_supported', 'associated_endpoints', 'token_endpoint_auth_signing_alg_values_supported'), fc.anything()), (doc) => {
      const fs = inspectDiscovery(wk({}, doc), OPTS);
      return fs.every((f) => !f.message.includes('\n'));
    }), { numRuns: 300 });
  });
});
