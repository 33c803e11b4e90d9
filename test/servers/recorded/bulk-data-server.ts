/**
 * SMART's Bulk Data reference server (smart-on-fhir/bulk-data-server): its token endpoint reports
 * client-assertion problems as `invalid_grant` (RFC 7523 style), its FHIR endpoints answer a
 * simulated expired token with the plain text "Token expired", and its kick-off insists on
 * Prefer/Accept. Bodies as token_handler.ts, lib.ts (replyWithOAuthError, checkAuth, outcomes)
 * and config.ts (errors) produce them.
 */
import { claimsFor, json, outcome, text, tokenRequest, withAssertion, type RecordedAnswer } from './kit.ts';

const BASE = 'http://localhost:9443';
const TOKEN = `${BASE}/auth/token`;
const FHIR = `${BASE}/v/r4/fhir`;
const CLIENT = 'eyJhbGciOiJIUzI1NiIsImtpZCI6InJlZ2lzdHJhdGlvbi10b2tlbiJ9.registration';
const SERVER = 'SMART bulk-data-server';
const src = (path: string) => `smart-on-fhir/bulk-data-server ${path}`;
const backend = { flow: 'backend' as const, client: { id: CLIENT, auth: 'private_key_jwt' as const, type: 'confidential-asymmetric' as const } };

export const bulkDataServer: RecordedAnswer[] = [
  {
    server: SERVER, source: src('token_handler.ts (invalid_aud -> invalid_grant), config.ts errors.invalid_aud'),
    name: 'an assertion addressed to another token URL: invalid_grant', expected: 'ASSERT-AUD',
    build: async (k) => ({
      endpoint: 'token', ...backend, context: { discovery: { token_endpoint: TOKEN } },
      request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, `${BASE}/token`)))),
      response: json(400, { error: 'invalid_grant', error_description: `Invalid token 'aud' value. Must be '${TOKEN}'.` }),
    }),
  },
  {
    server: SERVER, source: src('token_handler.ts (invalid_token_iss), config.ts errors.invalid_token_iss'),
    name: 'iss is not the client id', expected: 'ASSERT-ISS',
    build: async (k) => ({
      endpoint: 'token', ...backend, context: { discovery: { token_endpoint: TOKEN } },
      request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN, { iss: 'my-app' })))),
      response: json(400, { error: 'invalid_grant', error_description: `The given iss 'my-app' does not match the registered client_id '${CLIENT}'` }),
    }),
  },
  {
    server: SERVER, source: src('token_handler.ts (grant_type must be client_credentials)'),
    name: 'grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer', expected: 'TOKREQ-GRANT-TYPE',
    build: async (k) => ({
      endpoint: 'token', ...backend,
      request: tokenRequest(TOKEN, { ...withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN))), grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }),
      response: json(400, { error: 'unsupported_grant_type', error_description: "The grant_type parameter should equal 'client_credentials'" }),
    }),
  },
  {
    server: SERVER, source: src('token_handler.ts (invalid_client_assertion_type), config.ts'),
    name: 'client_assertion_type misspelled', expected: 'TOKREQ-ASSERTION-TYPE',
    build: async (k) => ({
      endpoint: 'token', ...backend,
      request: tokenRequest(TOKEN, { ...withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN))), client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt_bearer' }),
      response: json(400, { error: 'invalid_request', error_description: "Invalid client_assertion_type parameter. Must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'." }),
    }),
  },
  {
    server: SERVER, source: src('token_handler.ts (form_content_type_required), config.ts'),
    name: 'a JSON token request', expected: 'TOKREQ-METHOD-CONTENT-TYPE',
    build: async (k) => ({
      endpoint: 'token', ...backend,
      request: { method: 'POST', url: TOKEN, headers: { 'content-type': 'application/json' }, body: JSON.stringify(withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN)))) },
      response: json(400, { error: 'invalid_request', error_description: "Invalid request content-type header (must be 'application/x-www-form-urlencoded')" }),
    }),
  },
  {
    server: SERVER, source: src('token_handler.ts (No public keys found in the JWKS with "kid" ...)'),
    name: 'a kid the registered key set does not have', expected: 'ASSERT-KID-UNKNOWN',
    build: async (k) => ({
      endpoint: 'token', ...backend, context: { registeredJwks: k.registeredJwks },
      request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN), { kid: 'old-key' }))),
      response: json(400, { error: 'invalid_grant', error_description: 'No public keys found in the JWKS with "kid" equal to "old-key"' }),
    }),
  },
  {
    server: SERVER, source: src('token_handler.ts (Unable to verify the token with any of the public keys ...)'),
    name: 'an assertion signed with another private key', expected: 'ASSERT-SIG-INVALID',
    build: async (k) => ({
      endpoint: 'token', ...backend, context: { registeredJwks: k.registeredJwks },
      request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN), { stranger: true }))),
      response: json(400, { error: 'invalid_grant', error_description: 'Unable to verify the token with any of the public keys found in the JWKS: invalid signature' }),
    }),
  },
  {
    server: SERVER, source: src('scope.ts validateForExport ("Empty scope"), token_handler.ts'),
    name: 'no scope', expected: 'TOKREQ-SCOPE-MISSING',
    build: async (k) => ({
      endpoint: 'token', ...backend,
      request: tokenRequest(TOKEN, { ...withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN))), scope: '' }),
      response: json(400, { error: 'invalid_scope', error_description: 'Empty scope' }),
    }),
  },
  {
    server: SERVER, source: src('scope.ts validateForExport (Only system-level scopes are allowed ...)'),
    name: 'a patient/ scope for a bulk export', expected: 'SCOPE-NOT-SYSTEM',
    build: async (k) => ({
      endpoint: 'token', ...backend,
      request: tokenRequest(TOKEN, withAssertion(await k.assertion(claimsFor(CLIENT, TOKEN)), 'patient/*.read')),
      response: json(400, { error: 'invalid_scope', error_description: 'Only system-level scopes are allowed for bulk data export (bad scope: "patient/*.read")' }),
    }),
  },
  {
    server: SERVER, source: src('lib.ts checkAuth (401 with the token\'s simulated error text "Token expired")'),
    name: 'FHIR 401 with the body "Token expired" while a token was sent', expected: 'ERR-INVALID-TOKEN',
    build: async (k) => ({
      endpoint: 'fhir', request: { method: 'GET', url: `${FHIR}/Patient`, headers: { authorization: `Bearer ${await k.accessToken({ scope: 'system/*.read', err: 'Token expired', exp: k.now + 900 })}` } },
      response: text(401, 'Token expired'),
    }),
  },
  {
    server: SERVER, source: src('lib.ts checkAuth (jwt.verify failure -> OperationOutcome "Invalid token " + message, 401)'),
    name: 'FHIR 401 "Invalid token jwt expired" for a token past its exp', expected: 'AT-EXPIRED-AT-USE',
    build: async (k) => ({
      endpoint: 'fhir', request: { method: 'GET', url: `${FHIR}/Patient`, headers: { authorization: `Bearer ${await k.accessToken({ scope: 'system/*.read', exp: k.now - 120 })}` } },
      response: json(401, outcome('Invalid token jwt expired')),
    }),
  },
  {
    server: SERVER, source: src('lib.ts checkAuth ("Authentication is required", 401, secure mode)'),
    name: 'FHIR call without a token to a secured server', expected: 'ERR-NO-AUTH-INFO',
    build: () => ({ endpoint: 'fhir', request: { method: 'GET', url: `${FHIR}/Patient`, headers: {} }, response: json(401, outcome('Authentication is required')) }),
  },
  {
    server: SERVER, source: src('lib.ts requireRespondAsyncHeader / outcomes.requirePreferAsync'),
    name: 'kick-off without Prefer: respond-async', expected: 'BULK-NOT-ASYNC',
    build: async (k) => ({
      endpoint: 'bulk-kickoff', request: { method: 'GET', url: `${FHIR}/$export`, headers: { accept: 'application/fhir+json', authorization: `Bearer ${await k.accessToken({ scope: 'system/*.read', exp: k.now + 900 })}` } },
      response: json(400, outcome('The Prefer header must be respond-async')),
    }),
  },
  {
    server: SERVER, source: src('lib.ts requireFhirJsonAcceptHeader / outcomes.requireAcceptFhirJson'),
    name: 'kick-off with Accept: application/json', expected: 'BULK-NOT-ASYNC',
    build: async (k) => ({
      endpoint: 'bulk-kickoff', request: { method: 'GET', url: `${FHIR}/$export`, headers: { accept: 'application/json', prefer: 'respond-async', authorization: `Bearer ${await k.accessToken({ scope: 'system/*.read', exp: k.now + 900 })}` } },
      response: json(400, outcome('The Accept header must be application/fhir+json')),
    }),
  },
  {
    server: SERVER, source: src('lib.ts outcomes.exportDeleted (404)'),
    name: 'status of an export that was deleted', expected: 'ERR-ENDPOINT-NOT-FOUND',
    build: async (k) => ({
      endpoint: 'bulk-status', request: { method: 'GET', url: `${BASE}/v/r4/fhir/bulkstatus/3c4b7e2a`, headers: { accept: 'application/json', authorization: `Bearer ${await k.accessToken({ scope: 'system/*.read', exp: k.now + 900 })}` } },
      response: json(404, outcome('The exported resources have been deleted')),
    }),
  },
  {
    server: SERVER, source: src('lib.ts outcomes.fileExpired (410)'),
    name: 'download of a file that expired', expected: 'ERR-ENDPOINT-NOT-FOUND',
    build: async (k) => ({
      endpoint: 'bulk-file', request: { method: 'GET', url: `${BASE}/v/r4/fhir/bulkfiles/3c4b7e2a/1.Patient.ndjson`, headers: { accept: 'application/fhir+ndjson', authorization: `Bearer ${await k.accessToken({ scope: 'system/*.read', exp: k.now + 900 })}` } },
      response: json(410, outcome('Access to the target resource is no longer available at the server and this condition is likely to be permanent because the file expired')),
    }),
  },
  {
    server: SERVER, source: src('registration_handler.ts ("Either \'jwks\' or \'jwks_url\' is required")'),
    name: 'registration without a key set', expected: 'ERR-INVALID-CLIENT-METADATA',
    build: () => ({
      endpoint: 'registration', request: { method: 'POST', url: `${BASE}/auth/register`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'dur=15' },
      response: json(400, { error: 'invalid_request', error_description: "Either 'jwks' or 'jwks_url' is required" }),
    }),
  },
];

