/**
 * SMART's reference app launcher (smart-on-fhir/smart-launcher-v2): OAuth errors as JSON from
 * errors.ts (OAuthError.render), redirects with error/error_description on the redirect URI for
 * authorize errors, plain-text HttpErrors (lib.ts validateToken) for its FHIR proxy, and an
 * /introspect that wants "Authorization: Bearer <an access token it issued>" (introspect.ts).
 */
import { basic, claimsFor, json, text, tokenRequest, withAssertion, type RecordedAnswer } from './kit.ts';

const BASE = 'https://launch.smarthealthit.org/v/r4';
const TOKEN = `${BASE}/auth/token`;
const FHIR = `${BASE}/fhir`;
const CLIENT = 'my-backend-client';
const SERVER = 'SMART smart-launcher-v2';
const src = (path: string) => `smart-on-fhir/smart-launcher-v2 ${path}`;
const backend = { flow: 'backend' as const, client: { id: CLIENT, auth: 'private_key_jwt' as const, type: 'confidential-asymmetric' as const } };
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const STATE = 'a8f3b0c2d4e6f8a0b2c4d6e8f0a2b4c6';
const authorizeUrl = (over: Record<string, string>) => `${BASE}/auth/authorize?${new URLSearchParams({
  response_type: 'code', client_id: 'my-app', redirect_uri: 'http://127.0.0.1:8123/callback', scope: 'launch/patient openid fhirUser patient/*.rs',
  state: STATE, aud: FHIR, code_challenge: CHALLENGE, code_challenge_method: 'S256', ...over,
})}`;

export const smartLauncher: RecordedAnswer[] = [
  {
    server: SERVER, source: src('backend/routes/auth/introspect.ts ("Authorization is required", 401 text)'),
    name: 'introspection without an Authorization header', expected: 'ERR-INVALID-CLIENT',
    build: () => ({ endpoint: 'introspection', request: { method: 'POST', url: `${BASE}/auth/introspect`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=eyJ.abc.def' }, response: text(401, 'Authorization is required') }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/introspect.ts (jwt.verify of the Bearer token: "TokenExpiredError: jwt expired")'),
    name: 'introspection with an expired Bearer token', expected: 'AT-EXPIRED-AT-USE',
    build: async (k) => {
      const bearer = await k.accessToken({ scope: 'patient/*.rs', exp: k.now - 60 });
      return { endpoint: 'introspection', request: { method: 'POST', url: `${BASE}/auth/introspect`, headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${bearer}` }, body: `token=${bearer}` }, response: text(401, 'TokenExpiredError: jwt expired') };
    },
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts handleBackendServices (invalid_scope, status 401)'),
    name: 'a patient/ scope in a backend request', expected: 'SCOPE-NOT-SYSTEM',
    build: async (k) => ({
      endpoint: 'token', ...backend, request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN)), 'patient/*.read')),
      response: json(401, { error: 'invalid_scope', error_description: 'Invalid scope(s) "patient/*.read" requested. Only system scopes are allowed.' }),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts validateClientAssertion (Invalid token \'aud\' value)'),
    name: 'an assertion aud naming the FHIR base', expected: 'ASSERT-AUD',
    build: async (k) => ({
      endpoint: 'token', ...backend, context: { discovery: { token_endpoint: TOKEN } }, request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, FHIR)))),
      response: json(401, { error: 'invalid_client', error_description: `Invalid token 'aud' value (${FHIR}). Must be '${TOKEN}'.` }),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts validateClientAssertion (The token sub does not match the token iss claim)'),
    name: 'sub differs from iss', expected: 'ASSERT-SUB',
    build: async (k) => ({
      endpoint: 'token', ...backend, request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN, { sub: 'service-account@example.org' })))),
      response: json(401, { error: 'invalid_client', error_description: 'The token sub does not match the token iss claim' }),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts validateClientAssertion (jwt.verify: "Invalid token. jwt expired")'),
    name: 'an expired assertion', expected: 'ASSERT-EXP-PAST',
    build: async (k) => ({
      endpoint: 'token', ...backend, context: { registeredJwks: k.registeredJwks }, request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN, { iat: k.now - 400, exp: k.now - 100 })))),
      response: json(401, { error: 'invalid_client', error_description: 'Invalid token. jwt expired' }),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts pickPublicKey (None of the keys found in the JWKS have kid equal to ...)'),
    name: 'a kid the registered set does not have', expected: 'ASSERT-KID-UNKNOWN',
    build: async (k) => ({
      endpoint: 'token', ...backend, context: { registeredJwks: k.registeredJwks }, request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN), { kid: 'new-key-2027' }))),
      response: json(401, { error: 'invalid_client', error_description: 'None of the keys found in the JWKS have kid equal to new-key-2027' }),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts handleBackendServices ("Missing \'scope\' parameter" as invalid_client, 400)'),
    name: 'no scope parameter, answered as invalid_client', expected: 'TOKREQ-SCOPE-MISSING',
    build: async (k) => {
      const params = withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN)));
      const { scope: _dropped, ...rest } = params;
      return { endpoint: 'token', ...backend, request: tokenRequest(TOKEN, rest), response: json(400, { error: 'invalid_client', error_description: "Missing 'scope' parameter" }) };
    },
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts handleRefreshToken ("Invalid refresh token", invalid_grant, 401)'),
    name: 'a refresh token the launcher cannot verify', expected: 'ERR-INVALID-GRANT',
    build: () => ({
      endpoint: 'token', flow: 'refresh_token', client: { id: 'my-app', auth: 'none', type: 'public' },
      request: tokenRequest(TOKEN, { grant_type: 'refresh_token', refresh_token: 'eyJ.stale.refresh', client_id: 'my-app' }),
      response: json(401, { error: 'invalid_grant', error_description: 'Invalid refresh token' }),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts handleAuthorizationCode (Invalid grant or Invalid PKCE Verifier)'),
    name: 'a code_verifier that does not match the challenge', expected: 'ERR-INVALID-GRANT',
    build: () => ({
      endpoint: 'token', flow: 'authorization_code', client: { id: 'my-app', auth: 'none', type: 'public' },
      request: tokenRequest(TOKEN, { grant_type: 'authorization_code', code: 'eyJ.code.x', redirect_uri: 'http://127.0.0.1:8123/callback', code_verifier: 'a'.repeat(43), client_id: 'my-app' }),
      response: json(401, { error: 'invalid_grant', error_description: `Invalid grant or Invalid PKCE Verifier, 'x3Xnt1ft5jDNCqERO9ECZhqziCnKUqZCKreChi8mhkY' vs '${CHALLENGE}'.` }),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts validateBasicAuth ("Basic authentication is required for confidential clients")'),
    name: 'a confidential client posting its secret in the body', expected: 'TOKREQ-CLIENT-SECRET-POST',
    build: () => ({
      endpoint: 'token', flow: 'authorization_code', client: { id: 'my-app', auth: 'client_secret_post', type: 'confidential-symmetric' },
      request: tokenRequest(TOKEN, { grant_type: 'authorization_code', code: 'eyJ.code.x', redirect_uri: 'http://127.0.0.1:8123/callback', code_verifier: 'b'.repeat(43), client_id: 'my-app', client_secret: '***' }),
      response: json(401, { error: 'invalid_request', error_description: 'Basic authentication is required for confidential clients' }),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/token.ts validateBasicAuth ("Invalid client_secret in the basic auth header")'),
    name: 'a wrong client secret', expected: 'ERR-INVALID-CLIENT',
    build: () => ({
      endpoint: 'token', flow: 'authorization_code', client: { id: 'my-app', auth: 'client_secret_basic', type: 'confidential-symmetric' },
      request: tokenRequest(TOKEN, { grant_type: 'authorization_code', code: 'eyJ.code.x', redirect_uri: 'http://127.0.0.1:8123/callback', code_verifier: 'c'.repeat(43) }, { authorization: basic('my-app', 'not-it') }),
      response: json(401, { error: 'invalid_client', error_description: 'Invalid client_secret in the basic auth header' }),
    }),
  },
  {
    server: SERVER, source: src('backend/lib.ts validateToken (HttpError(token.sim_error) -> 401 text; token.ts "Token expired (simulated error)")'),
    name: 'FHIR 401 "Token expired (simulated error)" for a token still valid by its exp', expected: 'ERR-INVALID-TOKEN',
    build: async (k) => ({
      endpoint: 'fhir', request: { method: 'GET', url: `${FHIR}/Observation?patient=123`, headers: { authorization: `Bearer ${await k.accessToken({ scope: 'system/*.read', sim_error: 'Token expired (simulated error)', exp: k.now + 600 })}` } },
      response: text(401, 'Token expired (simulated error)'),
    }),
  },
  {
    server: SERVER, source: src('backend/lib.ts validateToken ("Invalid token: " + jwt.verify message, 401 text)'),
    name: 'FHIR 401 "Invalid token: jwt expired"', expected: 'AT-EXPIRED-AT-USE',
    build: async (k) => ({
      endpoint: 'fhir', request: { method: 'GET', url: `${FHIR}/Patient/123`, headers: { authorization: `Bearer ${await k.accessToken({ scope: 'patient/*.rs', exp: k.now - 30 })}` } },
      response: text(401, 'Invalid token: jwt expired'),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/authorize.ts (InvalidClientError: Invalid client_id "%s". Expected "%s".) + errors.ts redirect'),
    name: 'authorize redirect with invalid_client for a public client', expected: 'ERR-INVALID-CLIENT',
    build: () => ({
      endpoint: 'authorize', client: { id: 'my-app', auth: 'none', type: 'public' }, context: { fhirBaseUrl: FHIR },
      request: { method: 'GET', url: authorizeUrl({}), headers: {} },
      redirectQuery: new URLSearchParams({ error: 'invalid_client', error_description: 'Invalid client_id "my-app". Expected "my-registered-app".', state: STATE }).toString(),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/authorize.ts (Bad audience value "%s". Expected "%s".)'),
    name: 'authorize with aud naming another server', expected: 'AUTHZ-AUD-VALUE',
    build: () => ({
      endpoint: 'authorize', client: { id: 'my-app', auth: 'none', type: 'public' }, context: { fhirBaseUrl: FHIR },
      request: { method: 'GET', url: authorizeUrl({ aud: 'https://launch.smarthealthit.org/v/r3/fhir' }), headers: {} },
      redirectQuery: new URLSearchParams({ error: 'invalid_request', error_description: `Bad audience value "https://launch.smarthealthit.org/v/r3/fhir". Expected "${FHIR}".`, state: STATE }).toString(),
    }),
  },
  {
    server: SERVER, source: src('backend/routes/auth/authorize.ts (Invalid code_challenge_method. Must be S256.)'),
    name: 'authorize with code_challenge_method=plain', expected: 'PKCE-METHOD',
    build: () => ({
      endpoint: 'authorize', client: { id: 'my-app', auth: 'none', type: 'public' }, context: { fhirBaseUrl: FHIR },
      request: { method: 'GET', url: authorizeUrl({ code_challenge_method: 'plain', code_challenge: 'a'.repeat(43) }), headers: {} },
      redirectQuery: new URLSearchParams({ error: 'invalid_request', error_description: 'Invalid code_challenge_method. Must be S256.', state: STATE }).toString(),
    }),
  },
];
