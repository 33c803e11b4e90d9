/**
 * Enterprise OAuth and FHIR servers whose answers are public in their source: Keycloak (client
 * authentication with a signed JWT, and with a secret), Medplum (every token error as
 * invalid_request; OperationOutcomes from @medplum/core) and HAPI FHIR (AuthorizationInterceptor,
 * resource not found).
 */
import { basic, claimsFor, fhirJson, json, outcome, tokenRequest, withAssertion, type RecordedAnswer } from './kit.ts';

const KC_TOKEN = 'https://sso.example.org/realms/fhir/protocol/openid-connect/token';
const KC_CLIENT = 'bulk-export-client';
const KC = 'Keycloak';
const kcSrc = (file: string) => `keycloak/keycloak services/src/main/java/org/keycloak/authentication/authenticators/client/${file}`;
const kcBackend = { flow: 'backend' as const, client: { id: KC_CLIENT, auth: 'private_key_jwt' as const, type: 'confidential-asymmetric' as const } };
const kcFailed = (why: string) => json(400, { error: 'invalid_client', error_description: `Client authentication with signed JWT failed: ${why}` });

const MP_BASE = 'https://api.medplum.com';
const MP_TOKEN = `${MP_BASE}/oauth2/token`;
const MP_FHIR = `${MP_BASE}/fhir/R4`;
const MP = 'Medplum';
const mpSrc = 'medplum/medplum packages/server/src/oauth/token.ts (sendTokenError)';
const mpOutcomes = 'medplum/medplum packages/core/src/outcomes.ts (as shipped in @medplum/core 5.2.13)';
const MP_CLIENT = '0195f5d3-8a1b-7c2d-9e0f-123456789abc';

const HAPI = 'HAPI FHIR';
const HAPI_BASE = 'https://hapi.example.org/fhir';

export const keycloak: RecordedAnswer[] = [
  {
    server: KC, source: kcSrc('JWTClientAuthenticator.java (validator: "Token is not active")'),
    name: 'an expired assertion ("Token is not active")', expected: 'ASSERT-EXP-PAST',
    build: async (k) => ({ endpoint: 'token', ...kcBackend, request: tokenRequest(KC_TOKEN, withAssertion(await k.assertion(claimsFor(KC_CLIENT, KC_TOKEN, { iat: k.now - 600, exp: k.now - 300 })), 'openid')), response: kcFailed('Token is not active') }),
  },
  {
    server: KC, source: kcSrc('JWTClientAuthenticator.java (validateTokenReuse: "Token reuse detected")'),
    name: 'a reused jti', expected: 'ASSERT-JTI-REUSED',
    build: async (k) => ({ endpoint: 'token', ...kcBackend, context: { previousJtis: ['jti-fixed-1'] }, request: tokenRequest(KC_TOKEN, withAssertion(await k.assertion(claimsFor(KC_CLIENT, KC_TOKEN, { jti: 'jti-fixed-1' })), 'openid')), response: kcFailed('Token reuse detected') }),
  },
  {
    server: KC, source: kcSrc('JWTClientAuthenticator.java ("Signature on JWT token failed validation")'),
    name: 'an assertion signed with another key', expected: 'ASSERT-SIG-INVALID',
    build: async (k) => ({ endpoint: 'token', ...kcBackend, context: { registeredJwks: k.registeredJwks }, request: tokenRequest(KC_TOKEN, withAssertion(await k.assertion(claimsFor(KC_CLIENT, KC_TOKEN), { stranger: true }), 'openid')), response: kcFailed('Signature on JWT token failed validation') }),
  },
  {
    server: KC, source: kcSrc('JWTClientAuthenticator.java ("Token audience doesn\'t match domain. Expected audiences are any of ...")'),
    name: 'aud is the realm URL instead of the token endpoint', expected: 'ASSERT-AUD',
    build: async (k) => ({
      endpoint: 'token', ...kcBackend, context: { discovery: { token_endpoint: KC_TOKEN } },
      request: tokenRequest(KC_TOKEN, withAssertion(await k.assertion(claimsFor(KC_CLIENT, 'https://sso.example.org/admin/realms/fhir')), 'openid')),
      response: kcFailed(`Token audience doesn't match domain. Expected audiences are any of [https://sso.example.org/realms/fhir, ${KC_TOKEN}] but audience from token is '[https://sso.example.org/admin/realms/fhir]'`),
    }),
  },
  {
    server: KC, source: kcSrc('JWTClientAuthenticator.java getSignatureValidationKey ("Unable to load public key")'),
    name: 'a kid Keycloak cannot find in the client\'s keys', expected: 'ASSERT-KID-UNKNOWN',
    build: async (k) => ({ endpoint: 'token', ...kcBackend, context: { registeredJwks: k.registeredJwks }, request: tokenRequest(KC_TOKEN, withAssertion(await k.assertion(claimsFor(KC_CLIENT, KC_TOKEN), { kid: 'rotated' }), 'openid')), response: json(400, { error: 'invalid_client', error_description: 'Unable to load public key' }) }),
  },
  {
    server: KC, source: `${kcSrc('JWTClientSecretAuthenticator.java')} ("Missing ID on the token", answered as unauthorized_client)`,
    name: 'an assertion without jti', expected: 'ASSERT-JTI-MISSING',
    build: async (k) => {
      const claims = claimsFor(KC_CLIENT, KC_TOKEN);
      delete claims['jti'];
      return { endpoint: 'token', ...kcBackend, request: tokenRequest(KC_TOKEN, withAssertion(await k.assertion(claims), 'openid')), response: json(400, { error: 'unauthorized_client', error_description: 'Client authentication with signed JWT failed: Missing ID on the token' }) };
    },
  },
  {
    server: KC, source: `${kcSrc('ClientIdAndSecretAuthenticator.java')} (401 unauthorized_client "Invalid client or Invalid client credentials")`,
    name: 'a wrong client secret', expected: 'ERR-UNAUTHORIZED-CLIENT',
    build: () => ({
      endpoint: 'token', flow: 'backend', client: { id: 'reporting', auth: 'client_secret_basic', type: 'confidential-symmetric' },
      request: tokenRequest(KC_TOKEN, { grant_type: 'client_credentials' }, { authorization: basic('reporting', 'wrong') }),
      response: json(401, { error: 'unauthorized_client', error_description: 'Invalid client or Invalid client credentials' }),
    }),
  },
];

export const medplum: RecordedAnswer[] = [
  {
    server: MP, source: `${mpSrc}: tokenHandler (res.status(400).send('Unsupported content type'))`,
    name: 'a JSON token request', expected: 'TOKREQ-METHOD-CONTENT-TYPE',
    build: () => ({ endpoint: 'token', flow: 'backend', request: { method: 'POST', url: MP_TOKEN, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: MP_CLIENT, client_secret: '***' }) }, response: { status: 400, headers: { 'content-type': 'text/html; charset=utf-8' }, body: 'Unsupported content type' } }),
  },
  {
    server: MP, source: `${mpSrc}: parseClientAssertion ("Invalid client assertion audience")`,
    name: 'an assertion aud that is not the token URL', expected: 'ASSERT-AUD',
    build: async (k) => ({ endpoint: 'token', flow: 'backend', client: { id: MP_CLIENT, auth: 'private_key_jwt' }, context: { discovery: { token_endpoint: MP_TOKEN } }, request: tokenRequest(MP_TOKEN, withAssertion(await k.assertion(claimsFor(MP_CLIENT, `${MP_BASE}/oauth2/token/`)))), response: json(400, { error: 'invalid_request', error_description: 'Invalid client assertion audience' }) }),
  },
  {
    server: MP, source: `${mpSrc}: parseClientAssertion ("Invalid client assertion issuer")`,
    name: 'an assertion whose sub differs from iss', expected: 'ASSERT-SUB',
    build: async (k) => ({ endpoint: 'token', flow: 'backend', client: { id: MP_CLIENT, auth: 'private_key_jwt' }, request: tokenRequest(MP_TOKEN, withAssertion(await k.assertion(claimsFor(MP_CLIENT, MP_TOKEN, { sub: 'ops@example.org' })))), response: json(400, { error: 'invalid_request', error_description: 'Invalid client assertion issuer' }) }),
  },
  {
    server: MP, source: `${mpSrc}: parseClientAssertion (jose jwtVerify fails on exp too, answered "Invalid client assertion signature")`,
    name: 'an expired assertion, answered as a signature problem', expected: 'ASSERT-EXP-PAST',
    build: async (k) => ({ endpoint: 'token', flow: 'backend', client: { id: MP_CLIENT, auth: 'private_key_jwt' }, request: tokenRequest(MP_TOKEN, withAssertion(await k.assertion(claimsFor(MP_CLIENT, MP_TOKEN, { iat: k.now - 500, exp: k.now - 200 })))), response: json(400, { error: 'invalid_request', error_description: 'Invalid client assertion signature' }) }),
  },
  {
    server: MP, source: `${mpSrc}: validateClientIdAndSecret ("Invalid secret", invalid_request)`,
    name: 'a wrong client secret, answered as invalid_request', expected: 'ERR-INVALID-REQUEST',
    build: () => ({ endpoint: 'token', flow: 'backend', client: { id: MP_CLIENT, auth: 'client_secret_basic' }, request: tokenRequest(MP_TOKEN, { grant_type: 'client_credentials' }, { authorization: basic(MP_CLIENT, 'wrong') }), response: json(400, { error: 'invalid_request', error_description: 'Invalid secret' }) }),
  },
  {
    server: MP, source: `${mpSrc}: tokenHandler ("Missing grant_type")`,
    name: 'no grant_type', expected: 'TOKREQ-GRANT-TYPE',
    build: () => ({ endpoint: 'token', flow: 'backend', client: { id: MP_CLIENT, auth: 'client_secret_basic' }, request: tokenRequest(MP_TOKEN, { scope: 'system/*.read' }, { authorization: basic(MP_CLIENT, '***') }), response: json(400, { error: 'invalid_request', error_description: 'Missing grant_type' }) }),
  },
  {
    server: MP, source: `${mpOutcomes}: unauthorizedTokenExpired (401)`,
    name: 'FHIR 401 "Token expired" OperationOutcome for an expired token', expected: 'AT-EXPIRED-AT-USE',
    build: async (k) => ({
      endpoint: 'fhir', request: { method: 'GET', url: `${MP_FHIR}/Patient`, headers: { authorization: `Bearer ${await k.accessToken({ login_id: 'x', exp: k.now - 90 })}` } },
      response: fhirJson(401, { resourceType: 'OperationOutcome', id: 'unauthorized', issue: [{ severity: 'error', code: 'login', details: { text: 'Unauthorized' } }, { severity: 'error', code: 'expired', details: { text: 'Token expired' } }] }),
    }),
  },
  {
    server: MP, source: `${mpOutcomes}: unauthorizedTokenAudience (401)`,
    name: 'FHIR 401 "Token not issued for this audience"', expected: 'AT-JWT-AUD',
    build: async (k) => ({
      endpoint: 'fhir', context: { fhirBaseUrl: MP_FHIR }, request: { method: 'GET', url: `${MP_FHIR}/Patient`, headers: { authorization: `Bearer ${await k.accessToken({ aud: 'https://staging.medplum.example/fhir/R4', exp: k.now + 600 })}` } },
      response: fhirJson(401, { resourceType: 'OperationOutcome', id: 'unauthorized', issue: [{ severity: 'error', code: 'login', details: { text: 'Unauthorized' } }, { severity: 'error', code: 'invalid', details: { text: 'Token not issued for this audience' } }] }),
    }),
  },
  {
    server: MP, source: 'medplum/medplum packages/server/src/oauth/middleware.ts authenticateRequest (OperationOutcomeError(unauthorized))',
    name: 'FHIR call without a token', expected: 'ERR-NO-AUTH-INFO',
    build: () => ({ endpoint: 'fhir', request: { method: 'GET', url: `${MP_FHIR}/Patient`, headers: {} }, response: fhirJson(401, { resourceType: 'OperationOutcome', id: 'unauthorized', issue: [{ severity: 'error', code: 'login', details: { text: 'Unauthorized' } }] }) }),
  },
];

export const hapi: RecordedAnswer[] = [
  {
    server: HAPI, source: 'hapifhir/hapi-fhir AuthorizationInterceptorDstu3Test (ERR403: "Access denied by default policy (no applicable rules)")',
    name: '403 from the AuthorizationInterceptor with a token sent', expected: 'ERR-INSUFFICIENT-SCOPE',
    build: async (k) => ({ endpoint: 'fhir', request: { method: 'GET', url: `${HAPI_BASE}/Observation?patient=42`, headers: { authorization: `Bearer ${await k.accessToken({ scope: 'patient/Patient.read', exp: k.now + 600 })}` } }, response: fhirJson(403, outcome('Access denied by default policy (no applicable rules)')) }),
  },
  {
    server: HAPI, source: 'hapifhir/hapi-fhir IdHelperServiceTest ("HAPI-2001: Resource Patient/123 is not known", 404)',
    name: 'a read of a Patient id the server does not have', expected: 'ERR-ENDPOINT-NOT-FOUND',
    build: async (k) => ({ endpoint: 'fhir', request: { method: 'GET', url: `${HAPI_BASE}/Patient/99999`, headers: { authorization: `Bearer ${await k.accessToken({ scope: 'system/*.read', exp: k.now + 600 })}` } }, response: fhirJson(404, outcome('HAPI-2001: Resource Patient/99999 is not known')) }),
  },
];
