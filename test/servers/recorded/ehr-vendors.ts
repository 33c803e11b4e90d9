/**
 * EHR vendors whose answers are documented publicly: Epic (the token endpoint's invalid_client
 * with a null description, as developers have posted it), Oracle Health (Millennium's token errors
 * name their cause only in error_uri; the Health Data Repository documents its BAD_TOKEN texts)
 * and athenahealth (a token-request rate limit answered 429).
 */
import { basic, claimsFor, json, text, tokenRequest, withAssertion, type RecordedAnswer } from './kit.ts';

const EPIC_TOKEN = 'https://fhir.epic.com/interconnect-fhir-oauth/oauth2/token';
const EPIC_FHIR = 'https://fhir.epic.com/interconnect-fhir-oauth/api/FHIR/R4';
const EPIC_CLIENT = 'd45049c3-3441-40ef-ab4d-b9cd86a17225';
const EPIC = 'Epic';
const epicSrc = 'Stack Overflow "EPIC FHIR SMART Backend Services: { "error": "invalid_client", "error_description": null }" (mirrored at https://golangfix.com/epic-fhir-smart-backend-services-error-invalid_client-error_description-null/); Epic\'s backend OAuth doc https://fhir.epic.com/Documentation?docId=oauth2';
const epicBackend = { flow: 'backend' as const, client: { id: EPIC_CLIENT, auth: 'private_key_jwt' as const, type: 'confidential-asymmetric' as const }, context: { discovery: { token_endpoint: EPIC_TOKEN } } };
const epicAnswer = json(400, { error: 'invalid_client', error_description: null });

const CERNER_TENANT = 'ec2458f2-1e24-41c8-b71b-0e701af7583d';
const CERNER_TOKEN = `https://authorization.cerner.com/tenants/${CERNER_TENANT}/protocols/oauth2/profiles/smart-v1/token`;
const CERNER = 'Oracle Health (Cerner Millennium)';
const cernerUri = (cause: string, client = 'unknown') => `https://authorization.cerner.com/errors/urn%3Acerner%3Aerror%3Aauthorization-server%3Aoauth2%3Atoken%3A${cause}/instances/826bf054-f12e-48d9-9e74-1b8db5ffaa44?client=${client}&tenant=${CERNER_TENANT}`;

const HDR = 'Oracle Health Data Repository';
const HDR_FHIR = 'https://hdr.example.org/fhir/r4';
const hdrSrc = 'https://docs.oracle.com/en/industries/health-sciences/healthcare-data-repository/8.1.4/fhir-guide/error-messages.html (Table 5-1)';

export const epic: RecordedAnswer[] = [
  {
    server: EPIC, source: epicSrc, name: 'invalid_client with a null description; the assertion lives an hour', expected: 'ASSERT-EXP-TOO-FAR',
    build: async (k) => ({ ...epicBackend, endpoint: 'token', request: tokenRequest(EPIC_TOKEN, withAssertion(await k.assertion(claimsFor(EPIC_CLIENT, EPIC_TOKEN, { exp: k.now + 3600 })), 'system/Patient.read')), response: epicAnswer }),
  },
  {
    server: EPIC, source: epicSrc, name: 'invalid_client with a null description; aud is the FHIR base', expected: 'ASSERT-AUD',
    build: async (k) => ({ ...epicBackend, endpoint: 'token', request: tokenRequest(EPIC_TOKEN, withAssertion(await k.assertion(claimsFor(EPIC_CLIENT, EPIC_FHIR)), 'system/Patient.read')), response: epicAnswer }),
  },
  {
    server: EPIC, source: epicSrc, name: 'invalid_client with a null description; nothing wrong in what was sent (the app is not active yet)', expected: 'ERR-INVALID-CLIENT',
    build: async (k) => ({ ...epicBackend, endpoint: 'token', request: tokenRequest(EPIC_TOKEN, withAssertion(await k.assertion(claimsFor(EPIC_CLIENT, EPIC_TOKEN)), 'system/Patient.read')), response: epicAnswer }),
  },
];

export const oracleHealth: RecordedAnswer[] = [
  {
    server: CERNER, source: 'Oracle Health developer forum "System client authentication using JWT failing" (https://forums.oracle.com/ords/apexds/post/system-client-authentication-using-jwt-failing-7719)',
    name: 'the assertion sent as Authorization: Bearer (invalid-authorization-header)', expected: 'ERR-INVALID-CLIENT',
    build: async (k) => ({
      endpoint: 'token', flow: 'backend', request: tokenRequest(CERNER_TOKEN, { grant_type: 'client_credentials', scope: 'system/Encounter.read' }, { authorization: `Bearer ${await k.assertion(claimsFor('system-account-1', CERNER_TOKEN))}` }),
      response: json(401, { error: 'invalid_client', error_uri: cernerUri('invalid-authorization-header') }),
    }),
  },
  {
    server: CERNER, source: 'Oracle Health developer forum "Token Request Failing with invalid_client After Successful authorization" (https://forums.oracle.com/ords/apexds/post/token-request-failing-with-invalid-client-after-successful-0040)',
    name: 'a wrong client secret at the code exchange (invalid-client-credentials)', expected: 'ERR-INVALID-CLIENT',
    build: () => ({
      endpoint: 'token', flow: 'authorization_code', client: { id: 'ee0a5ef6-3155-4228-b254-7666cffc6f52', auth: 'client_secret_basic', type: 'confidential-symmetric' },
      request: tokenRequest(CERNER_TOKEN, { grant_type: 'authorization_code', code: 'AUTHORIZATION_CODE', redirect_uri: 'https://app.example.org/callback' }, { authorization: basic('ee0a5ef6-3155-4228-b254-7666cffc6f52', 'xxxxx') }),
      response: json(401, { error: 'invalid_client', error_uri: cernerUri('invalid-client-credentials') }),
    }),
  },
  {
    server: CERNER, source: 'Oracle Health developer forum "invalid_grant for R4 authorization.cerner.com/tenants/" (https://forums.oracle.com/ords/apexds/post/invalid-grant-for-r4-authorization-cerner-com-tenants-4126)',
    name: 'a client not provisioned for this tenant (invalid-tenant)', expected: 'ERR-INVALID-GRANT',
    build: () => ({
      endpoint: 'token', flow: 'backend', client: { id: 'ec9e9fdd-d770-4108-8589-62fa060429fb', auth: 'client_secret_basic', type: 'confidential-symmetric' },
      request: tokenRequest(CERNER_TOKEN, { grant_type: 'client_credentials', scope: 'system/Account.read system/Patient.read' }, { authorization: basic('ec9e9fdd-d770-4108-8589-62fa060429fb', '***') }),
      response: json(400, { error: 'invalid_grant', error_uri: cernerUri('invalid-tenant', 'ec9e9fdd-d770-4108-8589-62fa060429fb') }),
    }),
  },
  {
    server: HDR, source: hdrSrc, name: '401 "BAD_TOKEN: Invalid JWT token. Bad claims. Expired JWT"', expected: 'AT-EXPIRED-AT-USE',
    build: async (k) => ({ endpoint: 'fhir', request: { method: 'GET', url: `${HDR_FHIR}/Patient?name=smith`, headers: { authorization: `Bearer ${await k.accessToken({ aud: HDR_FHIR, exp: k.now - 45 })}` } }, response: text(401, 'BAD_TOKEN: Invalid JWT token. Bad claims. Expired JWT') }),
  },
  {
    server: HDR, source: hdrSrc, name: '401 "BAD_TOKEN: Invalid JWT token. Token is null or empty."', expected: 'ERR-NO-AUTH-INFO',
    build: () => ({ endpoint: 'fhir', request: { method: 'GET', url: `${HDR_FHIR}/Patient?name=smith`, headers: {} }, response: text(401, 'BAD_TOKEN: Invalid JWT token. Token is null or empty.') }),
  },
  {
    server: HDR, source: hdrSrc, name: '401 "BAD_TOKEN: ... Invalid \'aud\' attribute" for a token of another audience', expected: 'AT-JWT-AUD',
    build: async (k) => ({
      endpoint: 'fhir', context: { fhirBaseUrl: HDR_FHIR }, request: { method: 'GET', url: `${HDR_FHIR}/Patient?name=smith`, headers: { authorization: `Bearer ${await k.accessToken({ aud: 'https://hdr-test.example.org/fhir/r4', exp: k.now + 600 })}` } },
      response: text(401, `BAD_TOKEN: Invalid JWT token. Bad claims. Invalid 'aud' attribute. Expected audience '${HDR_FHIR}' does not exist in audience 'https://hdr-test.example.org/fhir/r4'`),
    }),
  },
  {
    server: HDR, source: hdrSrc, name: '401 "BAD_TOKEN: Invalid Algorithm. Algorithm is empty or not supported."', expected: 'ERR-INVALID-TOKEN',
    build: async (k) => ({ endpoint: 'fhir', request: { method: 'GET', url: `${HDR_FHIR}/Patient?name=smith`, headers: { authorization: `Bearer ${await k.accessToken({ aud: HDR_FHIR, exp: k.now + 600 })}` } }, response: text(401, 'BAD_TOKEN: Invalid Algorithm. Algorithm is empty or not supported.') }),
  },
];

export const athenahealth: RecordedAnswer[] = [
  {
    server: 'athenahealth', source: 'https://docs.athenahealth.com/api/guides/authentication-and-url-locations ("If you exceed this limit, your application will be blocked (429 response) from requesting new tokens")',
    name: 'too many token requests in a minute (429)', expected: 'ERR-TEMPORARILY-UNAVAILABLE',
    build: () => ({
      endpoint: 'token', flow: 'backend', client: { id: '0oa1b2c3d4', auth: 'client_secret_basic' },
      request: tokenRequest('https://api.preview.platform.athenahealth.com/oauth2/v1/token', { grant_type: 'client_credentials', scope: 'athena/service/Athenanet.MDP.*' }, { authorization: basic('0oa1b2c3d4', '***') }),
      response: { status: 429, headers: {}, body: '' },
    }),
  },
];
