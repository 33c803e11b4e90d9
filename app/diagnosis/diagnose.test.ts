import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RULES } from '../conformance/index.ts';
import { diagnose, ENDPOINTS, networkRule, type ExchangeInput } from './index.ts';

/**
 * diagnose() over hand-built exchanges: each rule diagnosis-api.md adds fires where it should and
 * heads the diagnosis, transport comes before protocol, the outcome follows the exchange, and no
 * input (however malformed) makes it throw.
 *
 * Real servers' answers are in test/servers (live oidc-provider and 63 recorded answers).
 */

const NOW = 1_772_000_000;
const OPTS = { now: NOW };
const TOKEN_URL = 'https://auth.example.test/token';
const FHIR = 'https://fhir.example.test/r4';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_CT = { 'content-type': 'application/json' };

function tokenPost(body: string, headers: Record<string, string> = {}): ExchangeInput['request'] {
  return { method: 'POST', url: TOKEN_URL, headers: { ...FORM, ...headers }, body };
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}): NonNullable<ExchangeInput['response']> => ({ status, headers: { ...JSON_CT, ...headers }, body: JSON.stringify(body) });
const b64url = (v: unknown): string => btoa(JSON.stringify(v)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
/** An unsigned-looking JWT (the signature is never checked where these are used). */
const jwt = (payload: Record<string, unknown>): string => `${b64url({ alg: 'RS384', typ: 'JWT' })}.${b64url(payload)}.c2ln`;

async function headline(input: ExchangeInput): Promise<string | undefined> {
  return (await diagnose(input, OPTS)).headline?.rule;
}

describe('NET-*: no response, the headline is what the network did', () => {
  // Node's codes (https://nodejs.org/api/errors.html, and OpenSSL's verification codes as Node reports them).
  const cases: [string, string][] = [
    ['ECONNREFUSED', 'NET-REFUSED'], ['ECONNRESET', 'NET-REFUSED'], ['UND_ERR_SOCKET', 'NET-REFUSED'],
    ['ENOTFOUND', 'NET-DNS'], ['EAI_AGAIN', 'NET-DNS'],
    ['ETIMEDOUT', 'NET-TIMEOUT'], ['UND_ERR_CONNECT_TIMEOUT', 'NET-TIMEOUT'], ['UND_ERR_HEADERS_TIMEOUT', 'NET-TIMEOUT'],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'NET-TLS-UNTRUSTED'], ['DEPTH_ZERO_SELF_SIGNED_CERT', 'NET-TLS-UNTRUSTED'],
    ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'NET-TLS-UNTRUSTED'], ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'NET-TLS-UNTRUSTED'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'NET-TLS-HOSTNAME'],
    ['CERT_HAS_EXPIRED', 'NET-TLS-EXPIRED'], ['CERT_NOT_YET_VALID', 'NET-TLS-EXPIRED'],
  ];
  it.each(cases)('%s -> %s, for every endpoint', async (code, rule) => {
    for (const endpoint of ENDPOINTS) {
      const d = await diagnose({ endpoint, request: tokenPost('grant_type=client_credentials'), networkError: { code, message: `request failed: ${code}` } }, OPTS);
      expect(d.outcome).toBe('failed');
      expect(d.headline?.rule).toBe(rule);
      expect(d.headline?.message).toContain('auth.example.test');
      expect(d.causes[0]).toBe(d.headline);
    }
  });

  it('reads the message when the code is unknown (undici wraps some errors)', () => {
    expect(networkRule('', 'Hostname/IP does not match certificate\'s altnames')).toBe('NET-TLS-HOSTNAME');
    expect(networkRule('UNKNOWN', 'certificate has expired')).toBe('NET-TLS-EXPIRED');
    expect(networkRule('', 'self-signed certificate in certificate chain')).toBe('NET-TLS-UNTRUSTED');
    expect(networkRule('', 'getaddrinfo failed')).toBe('NET-DNS');
    expect(networkRule('', 'operation timed out')).toBe('NET-TIMEOUT');
    expect(networkRule('', 'socket hang up')).toBe('NET-REFUSED');
    // A message quoting Node's code is read by the code, not by other words in it.
    expect(networkRule('NETWORK', 'The TLS certificate of 127.0.0.1:1 is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT). Use the server\'s proper hostname.')).toBe('NET-TLS-UNTRUSTED');
  });

  it('a network error outranks anything wrong with what was sent', async () => {
    // The body has no grant_type at all; with no response, that is not the headline.
    const d = await diagnose({ endpoint: 'token', request: tokenPost('scope=x'), networkError: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' } }, OPTS);
    expect(d.headline?.rule).toBe('NET-REFUSED');
  });
});

describe('the rules diagnosis-api.md adds, each firing as the headline', () => {
  it('ERR-ENDPOINT-NOT-FOUND: a 404 (or an HTML page) where an endpoint should be', async () => {
    expect(await headline({ endpoint: 'token', request: tokenPost('grant_type=client_credentials'), response: { status: 404, headers: { 'content-type': 'text/html' }, body: '<html><body>Not Found</body></html>' } })).toBe('ERR-ENDPOINT-NOT-FOUND');
    expect(await headline({ endpoint: 'introspection', request: tokenPost('token=abc'), response: { status: 405, headers: {}, body: '' } })).toBe('ERR-ENDPOINT-NOT-FOUND');
  });

  it('ERR-UNSUPPORTED-TOKEN-TYPE: revocation and introspection refusing the token type', async () => {
    const d = await diagnose({ endpoint: 'revocation', client: { auth: 'client_secret_basic' }, request: tokenPost('token=***&token_type_hint=refresh_token', { authorization: 'Basic Y2xpZW50OioqKg==' }), response: json(400, { error: 'unsupported_token_type' }) }, OPTS);
    expect(d.headline?.rule).toBe('ERR-UNSUPPORTED-TOKEN-TYPE');
    expect(d.headline?.message).toContain('token_type_hint=refresh_token');
  });

  it('ERR-INVALID-CLIENT-METADATA and ERR-INVALID-REDIRECT-URI at the registration endpoint', async () => {
    const post = { method: 'POST', url: 'https://auth.example.test/reg', headers: JSON_CT, body: JSON.stringify({ redirect_uris: ['http://x'], token_endpoint_auth_method: 'private_key_jwt' }) };
    expect(await headline({ endpoint: 'registration', request: post, response: json(400, { error: 'invalid_client_metadata', error_description: 'jwks or jwks_uri is mandatory for this client' }) })).toBe('ERR-INVALID-CLIENT-METADATA');
    expect(await headline({ endpoint: 'registration', request: post, response: json(400, { error: 'invalid_redirect_uri', error_description: 'redirect_uris must only contain web uris' }) })).toBe('ERR-INVALID-REDIRECT-URI');
  });

  it('BULK-NO-CONTENT-LOCATION: a 202 kick-off without a status URL', async () => {
    const d = await diagnose({ endpoint: 'bulk-kickoff', request: { method: 'GET', url: `${FHIR}/$export`, headers: { accept: 'application/fhir+json', prefer: 'respond-async', authorization: 'Bearer abc' } }, response: { status: 202, headers: {}, body: '' } }, OPTS);
    expect(d.outcome).toBe('failed');
    expect(d.headline?.rule).toBe('BULK-NO-CONTENT-LOCATION');
  });

  it('BULK-NOT-ASYNC: a kick-off answered synchronously, or refused for want of Prefer: respond-async', async () => {
    const sync = await diagnose({ endpoint: 'bulk-kickoff', request: { method: 'GET', url: `${FHIR}/$export`, headers: { accept: 'application/fhir+json' } }, response: json(200, { resourceType: 'Bundle', type: 'searchset' }, { 'content-type': 'application/fhir+json' }) }, OPTS);
    expect(sync.headline?.rule).toBe('BULK-NOT-ASYNC');
    expect(sync.headline?.message).toContain('Prefer: respond-async');
    const refused = await diagnose({ endpoint: 'bulk-kickoff', request: { method: 'GET', url: `${FHIR}/$export`, headers: { accept: 'application/fhir+json', authorization: 'Bearer abc' } }, response: json(400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: 'The Prefer header must be respond-async' }] }, { 'content-type': 'application/fhir+json' }) }, OPTS);
    expect(refused.headline?.rule).toBe('BULK-NOT-ASYNC');
  });

  it('AT-EXPIRED-AT-USE: the presented token had expired (from its exp, or obtained-at + expires_in)', async () => {
    const expiredJwt = jwt({ iss: 'https://auth.example.test', sub: 'svc', exp: NOW - 600, scope: 'system/*.rs' });
    const fromJwt = await diagnose({ endpoint: 'fhir', request: { method: 'GET', url: `${FHIR}/Patient`, headers: { authorization: `Bearer ${expiredJwt}` } }, response: { status: 401, headers: { 'www-authenticate': 'Bearer error="invalid_token"' }, body: '' } }, OPTS);
    expect(fromJwt.headline?.rule).toBe('AT-EXPIRED-AT-USE');
    const opaque = await diagnose({ endpoint: 'bulk-status', request: { method: 'GET', url: `${FHIR}/status/1`, headers: { authorization: 'Bearer opaque-1' } }, response: { status: 401, headers: {}, body: 'Unauthorized' },
      context: { tokenResponse: { access_token: 'opaque-1', token_type: 'Bearer', expires_in: 300 }, tokenObtainedAt: NOW - 900 } }, OPTS);
    expect(opaque.headline?.rule).toBe('AT-EXPIRED-AT-USE');
  });

  it('DIAG-INCOMPLETE-EXCHANGE: neither a response nor a network error, or not an exchange at all', async () => {
    expect(await headline({ endpoint: 'token', request: tokenPost('grant_type=client_credentials') })).toBe('DIAG-INCOMPLETE-EXCHANGE');
    const d = await diagnose({ endpoint: 'nowhere' } as unknown as ExchangeInput, OPTS);
    expect(d).toMatchObject({ outcome: 'failed', headline: { rule: 'DIAG-INCOMPLETE-EXCHANGE', severity: 'info' } });
  });

  it('covers every rule of app/diagnosis/rules.md', () => {
    // The rules this file shows firing; the registry test (test/rule-registry.test.ts) reads rules.md.
    const shown = ['NET-REFUSED', 'NET-DNS', 'NET-TIMEOUT', 'NET-TLS-UNTRUSTED', 'NET-TLS-HOSTNAME', 'NET-TLS-EXPIRED', 'ERR-ENDPOINT-NOT-FOUND', 'ERR-UNSUPPORTED-TOKEN-TYPE',
      'ERR-INVALID-CLIENT-METADATA', 'ERR-INVALID-REDIRECT-URI', 'BULK-NO-CONTENT-LOCATION', 'BULK-NOT-ASYNC', 'AT-EXPIRED-AT-USE', 'DIAG-INCOMPLETE-EXCHANGE'];
    for (const id of shown) expect(RULES).toHaveProperty(id);
    const added = Object.entries(RULES).filter(([, r]) => r.n > 190).map(([id]) => id);
    expect(new Set(added)).toEqual(new Set(shown));
  });
});

describe('ranking principles', () => {
  const assertionPost = (claims: Record<string, unknown>) => tokenPost(`grant_type=client_credentials&scope=system%2F*.rs&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&client_assertion=${jwt(claims)}`);
  const good = { iss: 'svc', sub: 'svc', aud: TOKEN_URL, exp: NOW + 240, jti: 'j-1' };

  it('the server\'s code is explained by what was sent: invalid_client + an expired assertion -> ASSERT-EXP-*', async () => {
    const d = await diagnose({ endpoint: 'token', flow: 'backend', client: { id: 'svc', auth: 'private_key_jwt' }, request: assertionPost({ ...good, exp: NOW - 120 }), response: json(401, { error: 'invalid_client' }) }, OPTS);
    expect(d.headline?.rule).toMatch(/^ASSERT-EXP/);
    expect(d.causes.map((c) => c.rule)).toContain('ERR-INVALID-CLIENT');
  });

  it('invalid_grant with an assertion addressed elsewhere -> ASSERT-AUD', async () => {
    const d = await diagnose({ endpoint: 'token', flow: 'backend', client: { id: 'svc', auth: 'private_key_jwt' }, request: assertionPost({ ...good, aud: 'https://elsewhere.test/token' }), response: json(400, { error: 'invalid_grant' }) }, OPTS);
    expect(d.headline?.rule).toBe('ASSERT-AUD');
  });

  it('a code present: remarks on the server\'s form never head (status mismatch, no description)', async () => {
    const d = await diagnose({ endpoint: 'token', flow: 'backend', client: { id: 'svc', auth: 'private_key_jwt' }, request: assertionPost(good), response: json(200, { error: 'invalid_scope' }) }, OPTS);
    expect(d.outcome).toBe('failed');
    expect(d.headline?.rule).not.toBe('ERR-STATUS-MISMATCH');
    expect(d.causes.map((c) => c.rule)).not.toContain('ERR-STATUS-MISMATCH');
    expect(d.findings.map((f) => f.rule)).toContain('ERR-STATUS-MISMATCH');
  });

  it('a successful exchange is ok, and its findings stay in the list', async () => {
    const d = await diagnose({ endpoint: 'token', flow: 'backend', client: { id: 'svc', auth: 'private_key_jwt' }, request: assertionPost(good),
      response: json(200, { access_token: 'abc', token_type: 'Bearer', expires_in: 300, scope: 'system/*.rs' }, { 'cache-control': 'no-store', pragma: 'no-cache' }) }, OPTS);
    expect(d.outcome).toBe('ok');
    expect(d.causes.every((c) => c.severity !== 'info')).toBe(true);
  });

  it('a token request the FHIR API answered (Bearer challenge) is a wrong URL, not invalid_client', async () => {
    const d = await diagnose({ endpoint: 'token', request: { method: 'POST', url: `${FHIR}/Patient`, headers: { ...FORM, authorization: 'Basic Y2xpZW50OioqKg==' }, body: 'grant_type=client_credentials' },
      response: json(401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'the Authorization header is not "Bearer <access_token>"' }] },
        { 'content-type': 'application/fhir+json', 'www-authenticate': 'Bearer realm="fhir", error="invalid_token"' }) }, OPTS);
    expect(d.headline?.rule).toBe('ERR-OPERATIONOUTCOME');
    expect(d.headline?.message).toContain('not the token endpoint');
    expect(d.causes.map((c) => c.rule)).not.toContain('ERR-INVALID-CLIENT');
  });

  it('headline is causes[0], and every cause is among the findings', async () => {
    const d = await diagnose({ endpoint: 'token', flow: 'backend', request: assertionPost({ ...good, iss: 'other' }), response: json(401, { error: 'invalid_client', error_description: 'client authentication failed' }) }, OPTS);
    expect(d.causes[0]).toBe(d.headline);
    for (const c of d.causes) expect(d.findings).toContainEqual(c);
  });
});

describe('diagnose: fuzzed input', () => {
  const anyHeaders = fc.oneof(fc.dictionary(fc.constantFrom('content-type', 'www-authenticate', 'authorization', 'content-location', 'Location'), fc.oneof(fc.string(), fc.anything())), fc.anything());
  const anyBody = fc.oneof(fc.string(), fc.json(), fc.anything(), fc.constant('{"error":"invalid_client","error_description":"x\\ny"}'));
  it('never throws; every diagnosis is well formed', async () => {
    await fc.assert(fc.asyncProperty(fc.record({
      endpoint: fc.oneof(fc.constantFrom(...ENDPOINTS), fc.anything()),
      flow: fc.oneof(fc.constantFrom('backend', 'authorization_code', 'refresh_token'), fc.anything()),
      client: fc.anything(),
      request: fc.oneof(fc.record({ method: fc.constantFrom('GET', 'POST', 'X'), url: fc.oneof(fc.webUrl(), fc.string()), headers: anyHeaders, body: anyBody }, { requiredKeys: [] }), fc.anything()),
      response: fc.oneof(fc.record({ status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.anything()), headers: anyHeaders, body: anyBody }, { requiredKeys: [] }), fc.anything()),
      networkError: fc.oneof(fc.record({ code: fc.oneof(fc.string(), fc.anything()), message: fc.anything() }), fc.anything()),
      redirectQuery: fc.oneof(fc.string(), fc.constant('error=access_denied&state=s'), fc.anything()),
      context: fc.anything(),
    }, { requiredKeys: ['endpoint', 'request'] }), async (input) => {
      const d = await diagnose(input as ExchangeInput, OPTS);
      expect(['ok', 'failed']).toContain(d.outcome);
      if (d.outcome === 'failed') expect(d.headline).not.toBeNull();
      if (d.headline) expect(d.causes[0]).toBe(d.headline);
      for (const f of d.findings) {
        expect(['error', 'warning', 'info']).toContain(f.severity);
        expect(RULES).toHaveProperty(f.rule);
        expect(f.message).not.toContain('\n');
      }
    }), { numRuns: 300 });
  });
});
