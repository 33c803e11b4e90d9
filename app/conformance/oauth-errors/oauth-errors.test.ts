import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainOAuthError, type OAuthErrorInput } from './explain.ts';
import type { Finding } from '../types.ts';

const NOW = 1_760_000_000;
const OPTS = { now: NOW };
const JSON_CT = { 'content-type': 'application/json' };
const TOKEN_URL = 'https://ehr.example.com/auth/token';

const pick = (fs: Finding[]) => fs.map((f) => `${f.rule}:${f.severity}`).sort();
const causes = (f: Finding | undefined) => (f?.explanation ?? '').split('\n').filter((l) => /^\d+\. /.test(l)).map((l) => l.replace(/^\d+\. /, ''));
const primary = (fs: Finding[]) => fs.find((f) => /^ERR-(?!STATUS|NONSTANDARD|NOT-JSON|OPERATIONOUTCOME|DESCRIPTION)/.test(f.rule));

function token(status: number, body: unknown, requestSummary?: object, headers: Record<string, string> = JSON_CT): OAuthErrorInput {
  return { endpoint: 'token', status, headers, body, requestSummary };
}
function resource(status: number, wwwAuthenticate?: string, requestSummary?: object, body?: unknown): OAuthErrorInput {
  return { endpoint: 'resource', status, headers: wwwAuthenticate ? { 'WWW-Authenticate': wwwAuthenticate } : {}, body, requestSummary };
}
const redirect = (q: string, requestSummary?: object): OAuthErrorInput => ({ endpoint: 'authorize-redirect', redirectQuery: q, requestSummary });

function b64url(o: object): string {
  return Buffer.from(JSON.stringify(o)).toString('base64url');
}
function jwt(header: object, payload: object): string {
  return `${b64url(header)}.${b64url(payload)}.c2ln`;
}

describe('explainOAuthError: one rule per standard code (well-formed responses carry no warnings)', () => {
  const cases: { name: string; input: OAuthErrorInput; expected: string[] }[] = [
    { name: 'invalid_request (token)', input: token(400, { error: 'invalid_request', error_description: 'x' }), expected: ['ERR-INVALID-REQUEST:info'] },
    { name: 'invalid_client 401', input: token(401, { error: 'invalid_client', error_description: 'x' }), expected: ['ERR-INVALID-CLIENT:info'] },
    { name: 'invalid_client 400 without Basic', input: token(400, { error: 'invalid_client', error_description: 'x' }, { client_auth: 'private_key_jwt' }), expected: ['ERR-INVALID-CLIENT:info'] },
    { name: 'invalid_grant', input: token(400, { error: 'invalid_grant', error_uri: 'https://docs.example.com/e' }), expected: ['ERR-INVALID-GRANT:info'] },
    { name: 'unauthorized_client', input: token(400, { error: 'unauthorized_client', error_description: 'x' }), expected: ['ERR-UNAUTHORIZED-CLIENT:info'] },
    { name: 'unsupported_grant_type', input: token(400, { error: 'unsupported_grant_type', error_description: 'x' }), expected: ['ERR-UNSUPPORTED-GRANT-TYPE:info'] },
    { name: 'invalid_scope', input: token(400, { error: 'invalid_scope', error_description: 'x' }), expected: ['ERR-INVALID-SCOPE:info'] },
    { name: 'access_denied (redirect)', input: redirect('error=access_denied&error_description=User+denied+access&state=abc'), expected: ['ERR-ACCESS-DENIED:info'] },
    { name: 'unsupported_response_type (redirect)', input: redirect('?error=unsupported_response_type&error_description=x'), expected: ['ERR-UNSUPPORTED-RESPONSE-TYPE:info'] },
    { name: 'server_error (redirect)', input: redirect('error=server_error&error_description=oops'), expected: ['ERR-SERVER-ERROR:info'] },
    { name: 'temporarily_unavailable (redirect URL)', input: redirect('https://app.example.com/cb?error=temporarily_unavailable&error_description=maintenance'), expected: ['ERR-TEMPORARILY-UNAVAILABLE:info'] },
    { name: 'invalid_request (redirect)', input: redirect('error=invalid_request&error_description=aud+required'), expected: ['ERR-INVALID-REQUEST:info'] },
    { name: 'invalid_scope (redirect)', input: redirect('error=invalid_scope&error_description=x'), expected: ['ERR-INVALID-SCOPE:info'] },
    { name: 'invalid_token (resource)', input: resource(401, 'Bearer realm="fhir", error="invalid_token", error_description="expired"'), expected: ['ERR-INVALID-TOKEN:info'] },
    { name: 'insufficient_scope (resource)', input: resource(403, 'Bearer error="insufficient_scope", error_description="needs more", scope="patient/Observation.rs"'), expected: ['ERR-INSUFFICIENT-SCOPE:info'] },
    { name: 'invalid_request (resource)', input: resource(400, 'Bearer error="invalid_request", error_description="two tokens"'), expected: ['ERR-INVALID-REQUEST:info'] },
    { name: 'bare Bearer challenge', input: resource(401, 'Bearer realm="fhir"'), expected: ['ERR-NO-AUTH-INFO:info'] },
    { name: '401 without any challenge', input: resource(401), expected: ['ERR-NO-AUTH-INFO:info'] },
    { name: 'resource 401 with OperationOutcome body', input: resource(401, undefined, undefined, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'Authentication required' }] }), expected: ['ERR-NO-AUTH-INFO:info'] },
    { name: 'authorize redirect carrying a code: nothing to explain', input: redirect('code=abc&state=xyz'), expected: [] },
    { name: 'resource 404 without an OAuth error: nothing to explain', input: resource(404, undefined, undefined, { resourceType: 'OperationOutcome', issue: [] }), expected: [] },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    const fs = explainOAuthError(input, OPTS);
    expect(pick(fs)).toEqual(expected);
    for (const f of fs) {
      expect(f.message).not.toMatch(/\n/);
      expect(f.explanation).toMatch(/Likely causes, most likely first:\n1\. /);
    }
  });
});

describe('explainOAuthError: meta rules 180-184', () => {
  const cases: { name: string; input: OAuthErrorInput; expected: string[] }[] = [
    { name: 'invalid_grant with 401', input: token(401, { error: 'invalid_grant', error_description: 'x' }), expected: ['ERR-INVALID-GRANT:info', 'ERR-STATUS-MISMATCH:warning'] },
    { name: 'invalid_client 400 after Basic', input: token(400, { error: 'invalid_client', error_description: 'x' }, { client_auth: 'client_secret_basic' }), expected: ['ERR-INVALID-CLIENT:info', 'ERR-STATUS-MISMATCH:warning'] },
    { name: 'invalid_client 401 after Basic without WWW-Authenticate', input: token(401, { error: 'invalid_client', error_description: 'x' }, { client_auth: 'client_secret_basic' }), expected: ['ERR-INVALID-CLIENT:info', 'ERR-STATUS-MISMATCH:warning'] },
    { name: 'invalid_client 401 after Basic with WWW-Authenticate', input: token(401, { error: 'invalid_client', error_description: 'x' }, { client_auth: 'client_secret_basic' }, { ...JSON_CT, 'WWW-Authenticate': 'Basic realm="token"' }), expected: ['ERR-INVALID-CLIENT:info'] },
    { name: 'invalid_client with 500', input: token(500, { error: 'invalid_client', error_description: 'x' }), expected: ['ERR-INVALID-CLIENT:info', 'ERR-STATUS-MISMATCH:warning'] },
    { name: 'error with 200', input: token(200, { error: 'invalid_scope', error_description: 'x' }), expected: ['ERR-INVALID-SCOPE:info', 'ERR-STATUS-MISMATCH:warning'] },
    { name: 'invalid_token with 403', input: resource(403, 'Bearer error="invalid_token", error_description="x"'), expected: ['ERR-INVALID-TOKEN:info', 'ERR-STATUS-MISMATCH:warning'] },
    { name: 'insufficient_scope with 401', input: resource(401, 'Bearer error="insufficient_scope", error_description="x"'), expected: ['ERR-INSUFFICIENT-SCOPE:info', 'ERR-STATUS-MISMATCH:warning'] },
    { name: 'invalid_jwt (mapped to invalid_client)', input: token(400, { error: 'invalid_jwt', error_description: 'JWT signature invalid' }), expected: ['ERR-INVALID-CLIENT:info', 'ERR-NONSTANDARD-CODE:warning'] },
    { name: 'unauthorized without description', input: token(401, { error: 'unauthorized' }), expected: ['ERR-DESCRIPTION-MISSING:info', 'ERR-INVALID-CLIENT:info', 'ERR-NONSTANDARD-CODE:warning'] },
    { name: '"Bad Request"', input: token(400, { error: 'Bad Request', error_description: 'Request was malformed' }), expected: ['ERR-INVALID-REQUEST:info', 'ERR-NONSTANDARD-CODE:warning'] },
    { name: 'numeric error', input: token(400, { error: 400, error_description: 'Missing grant_type' }), expected: ['ERR-INVALID-REQUEST:info', 'ERR-NONSTANDARD-CODE:warning'] },
    { name: 'misspelled Invalid_Client', input: token(401, { error: 'Invalid_Client', error_description: 'x' }), expected: ['ERR-INVALID-CLIENT:info', 'ERR-NONSTANDARD-CODE:warning'] },
    { name: 'server_error at the token endpoint', input: token(500, { error: 'server_error', error_description: 'boom' }), expected: ['ERR-NONSTANDARD-CODE:warning', 'ERR-SERVER-ERROR:info'] },
    { name: '4xx JSON without error', input: token(401, { message: 'Unauthorized' }), expected: ['ERR-INVALID-CLIENT:info', 'ERR-NONSTANDARD-CODE:warning'] },
    { name: 'HTML 502 from a gateway', input: { endpoint: 'token', status: 502, headers: { 'content-type': 'text/html' }, rawBody: '<html><body>Bad Gateway</body></html>' }, expected: ['ERR-NOT-JSON:warning', 'ERR-SERVER-ERROR:info'] },
    { name: 'HTML 404', input: { endpoint: 'token', status: 404, headers: { 'content-type': 'text/html' }, rawBody: '<!doctype html><h1>Not Found</h1>' }, expected: ['ERR-NOT-JSON:warning'] },
    { name: 'empty 503', input: { endpoint: 'token', status: 503, headers: {}, rawBody: '' }, expected: ['ERR-NOT-JSON:warning', 'ERR-TEMPORARILY-UNAVAILABLE:info'] },
    { name: 'form-encoded error body', input: { endpoint: 'token', status: 400, headers: { 'content-type': 'application/x-www-form-urlencoded' }, rawBody: 'error=invalid_grant' }, expected: ['ERR-DESCRIPTION-MISSING:info', 'ERR-INVALID-GRANT:info', 'ERR-NOT-JSON:warning'] },
    { name: 'plain-text 401', input: { endpoint: 'token', status: 401, headers: { 'content-type': 'text/plain' }, rawBody: 'Client authentication failed' }, expected: ['ERR-INVALID-CLIENT:info', 'ERR-NOT-JSON:warning'] },
    { name: 'OperationOutcome at the token endpoint', input: token(400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'security', diagnostics: 'Invalid client assertion signature' }] }), expected: ['ERR-INVALID-CLIENT:info', 'ERR-OPERATIONOUTCOME:warning'] },
    { name: 'OperationOutcome from the authorize endpoint', input: { endpoint: 'authorize-redirect', status: 400, body: { resourceType: 'OperationOutcome', issue: [{ details: { text: 'Unknown client' } }] } }, expected: ['ERR-OPERATIONOUTCOME:warning'] },
    { name: 'description missing', input: token(400, { error: 'invalid_scope' }), expected: ['ERR-DESCRIPTION-MISSING:info', 'ERR-INVALID-SCOPE:info'] },
    { name: 'error_uri is enough', input: token(400, { error: 'invalid_scope', error_uri: 'https://x' }), expected: ['ERR-INVALID-SCOPE:info'] },
    { name: 'resource error without description', input: resource(401, 'Bearer error="invalid_token"'), expected: ['ERR-DESCRIPTION-MISSING:info', 'ERR-INVALID-TOKEN:info'] },
    { name: 'redirect error without description', input: redirect('error=access_denied'), expected: ['ERR-ACCESS-DENIED:info', 'ERR-DESCRIPTION-MISSING:info'] },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    const fs = explainOAuthError(input, OPTS);
    expect(pick(fs)).toEqual(expected);
    for (const f of fs) expect(f.message).not.toMatch(/\n/);
  });

  it('names the mapping of a non-standard code in the explanation', () => {
    const f = primary(explainOAuthError(token(400, { error: 'invalid_jwt', error_description: 'JWT signature invalid' }), OPTS));
    expect(f?.explanation).toMatch(/Non-standard code "invalid_jwt" read as invalid_client/);
    expect(f?.explanation).toContain('The server said: "JWT signature invalid"');
  });
  it('ranks the non-JSON causes by status', () => {
    const fs = explainOAuthError({ endpoint: 'token', status: 405, rawBody: '<html>Method Not Allowed</html>' }, OPTS);
    expect(causes(fs.find((f) => f.rule === 'ERR-NOT-JSON'))[0]).toMatch(/POST/);
  });
});

describe('explainOAuthError: likely causes, most likely first', () => {
  const backend = { flow: 'backend', grant_type: 'client_credentials', client_auth: 'private_key_jwt', scope: 'system/*.rs', content_type: 'application/x-www-form-urlencoded', token_endpoint: TOKEN_URL, client_id: 'bulk-1' };
  const cases: { name: string; input: OAuthErrorInput; first: RegExp; absent?: RegExp; keywords?: RegExp[] }[] = [
    { name: 'invalid_client: description names the audience', input: token(401, { error: 'invalid_client', error_description: 'Invalid audience' }, backend), first: /\baud\b/, absent: /client secret/, keywords: [/client authentication/] },
    { name: 'invalid_client: assertion aud is the FHIR base', input: token(401, { error: 'invalid_client', error_description: 'Authentication failed' },
      { ...backend, client_assertion: jwt({ alg: 'RS384', kid: 'k1', typ: 'JWT' }, { iss: 'bulk-1', sub: 'bulk-1', aud: 'https://ehr.example.com/fhir', exp: NOW + 200, jti: 'a'.repeat(32) }) }), first: /\baud\b/ },
    { name: 'invalid_client: assertion exp too far ahead', input: token(401, { error: 'invalid_client', error_description: 'Authentication failed' },
      { ...backend, client_assertion: jwt({ alg: 'RS384', kid: 'k1', typ: 'JWT' }, { iss: 'bulk-1', sub: 'bulk-1', aud: TOKEN_URL, exp: NOW + 3600, jti: 'a'.repeat(32) }) }), first: /\bexp\b/ },
    { name: 'invalid_client: iss differs from client_id', input: token(401, { error: 'invalid_client', error_description: 'Authentication failed' },
      { ...backend, client_assertion: jwt({ alg: 'ES384', kid: 'k1', typ: 'JWT' }, { iss: 'My App', sub: 'bulk-1', aud: TOKEN_URL, exp: NOW + 200, jti: 'a'.repeat(32) }) }), first: /\biss\b/ },
    { name: 'invalid_client: assertion claims all correct, so the key is the prime suspect', input: token(401, { error: 'invalid_client', error_description: 'Authentication failed' },
      { ...backend, client_assertion: jwt({ alg: 'RS384', kid: 'k1', typ: 'JWT' }, { iss: 'bulk-1', sub: 'bulk-1', aud: TOKEN_URL, exp: NOW + 200, jti: 'a'.repeat(32) }) }), first: /\bkid\b/ },
    { name: 'invalid_client: pre-flight found an unknown kid', input: token(401, { error: 'invalid_client', error_description: 'Authentication failed' }, { ...backend, findings: [{ rule: 'ASSERT-KID-UNKNOWN', severity: 'error' }] }), first: /\bkid\b/ },
    { name: 'invalid_client: description names jti replay', input: token(400, { error: 'invalid_client', error_description: 'jti has already been used' }, backend), first: /\bjti\b/ },
    { name: 'invalid_client: client secret (Basic)', input: token(401, { error: 'invalid_client', error_description: 'Bad credentials' }, { flow: 'authorization_code', client_auth: 'client_secret_basic' }, { ...JSON_CT, 'www-authenticate': 'Basic' }), first: /client secret/, absent: /ASSERT-AUD/ },
    { name: 'invalid_client: public client without client_id', input: token(400, { error: 'invalid_client', error_description: 'x' }, { flow: 'authorization_code', client_auth: 'none', body: 'grant_type=authorization_code&code=abc' }), first: /public client/ },
    { name: 'invalid_request: JSON body', input: token(400, { error: 'invalid_request', error_description: 'grant_type missing' }, { ...backend, content_type: 'application/json' }), first: /x-www-form-urlencoded/ },
    { name: 'invalid_request: missing code_verifier named by the server', input: token(400, { error: 'invalid_request', error_description: 'Missing required parameter: code_verifier' }, { flow: 'authorization_code', content_type: 'application/x-www-form-urlencoded' }), first: /code_verifier/ },
    { name: 'invalid_request: missing code_verifier inferred from the body', input: token(400, { error: 'invalid_request', error_description: 'Invalid request' }, { grant_type: 'authorization_code', content_type: 'application/x-www-form-urlencoded', body: 'grant_type=authorization_code&code=abc&redirect_uri=https%3A%2F%2Fapp%2Fcb&client_id=app' }), first: /code_verifier/ },
    { name: 'invalid_request: wrong assertion type', input: token(400, { error: 'invalid_request', error_description: 'x' }, { ...backend, client_assertion_type: 'jwt-bearer' }), first: /client_assertion_type/ },
    { name: 'invalid_request: authorize without aud', input: redirect('error=invalid_request&error_description=Invalid+request', { params: { response_type: 'code', client_id: 'a', redirect_uri: 'https://a/cb', scope: 'openid', state: 's', code_challenge: 'c', code_challenge_method: 'S256' } }), first: /\baud\b/ },
    { name: 'invalid_request: authorize "code challenge required"', input: redirect('error=invalid_request&error_description=code+challenge+required'), first: /code_challenge is missing/ },
    { name: 'invalid_grant: refresh', input: token(400, { error: 'invalid_grant', error_description: 'Invalid grant' }, { grant_type: 'refresh_token' }), first: /refresh token/, absent: /authorization code/ },
    { name: 'invalid_grant: PKCE', input: token(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' }, { grant_type: 'authorization_code' }), first: /code_verifier/, keywords: [/redirect_uri/, /\bcode\b/] },
    { name: 'invalid_grant: redirect_uri', input: token(400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' }, { grant_type: 'authorization_code' }), first: /redirect_uri/ },
    { name: 'invalid_grant: code flow default', input: token(400, { error: 'invalid_grant', error_description: 'Invalid grant' }, { grant_type: 'authorization_code' }), first: /authorization code was already used/ },
    { name: 'unauthorized_client: backend', input: token(400, { error: 'unauthorized_client', error_description: 'x' }, backend), first: /registration.*client_credentials/, keywords: [/grant type/] },
    { name: 'unsupported_grant_type: jwt-bearer', input: token(400, { error: 'unsupported_grant_type', error_description: 'x' }, { ...backend, grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' }), first: /jwt-bearer/, keywords: [/client_credentials/, /grant_types_supported/] },
    { name: 'unsupported_grant_type: JSON body', input: token(400, { error: 'unsupported_grant_type', error_description: 'x' }, { flow: 'backend', content_type: 'application/json' }), first: /x-www-form-urlencoded/ },
    { name: 'invalid_scope: app-launch scopes in backend', input: token(400, { error: 'invalid_scope', error_description: 'x' }, { ...backend, scope: 'launch fhirUser' }), first: /SCOPE-NOT-SYSTEM/, keywords: [/system\//] },
    { name: 'invalid_scope: a scope that was sent rules out the empty-scope cause', input: token(400, { error: 'invalid_scope' }, { ...backend, scope: 'launch fhirUser system/Patient.rs' }), first: /SCOPE-NOT-SYSTEM/, absent: /scope is empty|SCOPE-WRITE-BACKEND/ },
    { name: 'invalid_scope: empty backend scope', input: token(400, { error: 'invalid_scope', error_description: 'x' }, { ...backend, scope: '' }), first: /scope is empty/ },
    { name: 'invalid_scope: write scope in backend', input: token(400, { error: 'invalid_scope', error_description: 'x' }, { ...backend, scope: 'system/Patient.cruds' }), first: /SCOPE-WRITE-BACKEND/ },
    { name: 'invalid_scope: unknown resource', input: token(400, { error: 'invalid_scope', error_description: 'x' }, { flow: 'authorization_code', scope: 'launch/patient patient/Observations.rs' }), first: /unknown resource/, absent: /Backend Services/ },
    { name: 'invalid_scope: refresh broadening', input: token(400, { error: 'invalid_scope', error_description: 'x' }, { grant_type: 'refresh_token', scope: 'patient/*.rs' }), first: /refresh/ },
    { name: 'access_denied: policy', input: redirect('error=access_denied&error_description=Blocked+by+institution+policy'), first: /policy/, keywords: [/user/, /denied/] },
    { name: 'access_denied: default is the user', input: redirect('error=access_denied&error_description=x'), first: /user clicked/ },
    { name: 'unsupported_response_type: token', input: redirect('error=unsupported_response_type&error_description=x', { params: { response_type: 'token' } }), first: /"token"/, keywords: [/response_type/] },
    { name: 'server_error', input: redirect('error=server_error&error_description=x'), first: /retry/, keywords: [/report/, /server/] },
    { name: 'temporarily_unavailable', input: redirect('error=temporarily_unavailable&error_description=x'), first: /retry/, keywords: [/temporar/] },
    { name: 'invalid_token: expired token known', input: resource(401, 'Bearer error="invalid_token", error_description="Invalid token"', { url: 'https://ehr.example.com/fhir/Patient/1', access_token: jwt({ alg: 'RS256' }, { exp: NOW - 10, aud: 'https://ehr.example.com/fhir' }) }), first: /expired/, keywords: [/access token/, /new token/] },
    { name: 'invalid_token: audience of another server', input: resource(401, 'Bearer error="invalid_token", error_description="Invalid token"', { url: 'https://ehr.example.com/fhir/Patient/1', access_token: jwt({ alg: 'RS256' }, { exp: NOW + 600, aud: 'https://other.example.com/fhir' }) }), first: /another FHIR server/ },
    { name: 'invalid_token: quoted token in the header', input: resource(401, 'Bearer error="invalid_token", error_description="Invalid token"', { authorization: 'Bearer "abc.def.ghi"' }), first: /malformed/ },
    { name: 'insufficient_scope: write', input: resource(403, 'Bearer error="insufficient_scope", error_description="x", scope="patient/Observation.c"', { method: 'POST', url: 'https://ehr/fhir/Observation', granted_scope: 'patient/Observation.rs' }), first: /write/, keywords: [/patient\/Observation\.c/] },
    { name: 'insufficient_scope: search with r only', input: resource(403, 'Bearer error="insufficient_scope", error_description="x"', { method: 'GET', url: 'https://ehr/fhir/Observation?code=1', granted_scope: 'patient/Observation.r' }), first: /search/ },
    { name: 'insufficient_scope: a GET rules out the write cause', input: resource(403, 'Bearer error="insufficient_scope", scope="patient/Observation.rs"', { method: 'GET', url: 'https://ehr/fhir/Observation?code=1', granted_scope: 'patient/Observation.r' }), first: /search/, absent: /a write/, keywords: [/"patient\/Observation\.rs"/] },
    { name: 'no auth info: token in the query', input: resource(401, 'Bearer', { url: 'https://ehr/fhir/Patient?access_token=abc' }), first: /query parameter/, keywords: [/Authorization header/, /Bearer/] },
    { name: 'no auth info: header not sent', input: resource(401, 'Bearer realm="x"', { url: 'https://ehr/fhir/Patient' }), first: /no Authorization header/ },
  ];
  it.each(cases)('$name', ({ input, first, absent, keywords }) => {
    const f = primary(explainOAuthError(input, OPTS));
    const list = causes(f);
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toMatch(first);
    if (absent) expect(list.join('\n')).not.toMatch(absent);
    for (const k of keywords ?? []) expect(f?.explanation).toMatch(k);
  });
});

describe('explainOAuthError: issue 14 (the first and third failed on main\'s code; the second guards the fix)', () => {
  it('a FHIR 401 "Token expired" while a token was sent is not ERR-NO-AUTH-INFO ("saw no usable Authorization header")', () => {
    // SMART bulk-data-server lib.ts checkAuth answers its simulated expiry with the plain text "Token expired".
    const fs = explainOAuthError({ endpoint: 'resource', status: 401, headers: { 'content-type': 'text/plain' }, rawBody: 'Token expired',
      requestSummary: { url: 'https://bulk.example/fhir/Patient', authorization: 'Bearer eyJ.abc.def' } }, OPTS);
    expect(fs.map((f) => f.rule)).not.toContain('ERR-NO-AUTH-INFO');
    expect(fs.map((f) => f.message).join(' ')).not.toMatch(/no usable Authorization header/i);
    expect(primary(fs)?.rule).toBe('ERR-INVALID-TOKEN');
  });

  it('without a token sent, the same 401 still says so', () => {
    const fs = explainOAuthError({ endpoint: 'resource', status: 401, headers: {}, rawBody: 'Unauthorized', requestSummary: { url: 'https://bulk.example/fhir/Patient', token_sent: false } }, OPTS);
    expect(primary(fs)?.rule).toBe('ERR-NO-AUTH-INFO');
  });

  it('invalid_client on the authorize redirect for a public client is not explained with client-assertion causes', () => {
    // The request summary the app's auth-code run hands over: no client authentication at authorize.
    const fs = explainOAuthError(redirect('error=invalid_client&error_description=client+not+found', {
      flow: 'code', client_id: 'my-app', params: { response_type: 'code', client_id: 'my-app', redirect_uri: 'http://127.0.0.1:8123/cb', scope: 'openid launch/patient', state: 's', code_challenge: 'c', code_challenge_method: 'S256', aud: 'https://ehr/fhir' },
    }), OPTS);
    const f = fs.find((x) => x.rule === 'ERR-INVALID-CLIENT');
    expect(f).toBeDefined();
    const list = causes(f);
    expect(list.length).toBeGreaterThan(0);
    expect(list.join('\n')).not.toMatch(/assertion|\bkid\b|\bjti\b|JWKS|secret/i);
    expect(list[0]).toMatch(/client_id/);
  });
});

describe('explainOAuthError: malformed input', () => {
  it.each([null, undefined, 'garbage', 42, [], { endpoint: 'bogus' }, { endpoint: 'token', body: 'not json at all' }, { endpoint: 'token', rawBody: 17 }])(
    'token-like malformed input %j yields findings, not exceptions', (bad) => {
      const fs = explainOAuthError(bad as never, OPTS);
      expect(fs.map((f) => f.rule)).toContain('ERR-NOT-JSON');
    });
  it.each([
    { endpoint: 'resource', headers: 'x', status: 'abc' },
    { endpoint: 'authorize-redirect', redirectQuery: 42 },
    { endpoint: 'authorize-redirect', redirectQuery: '%%%error=%%%' },
    { endpoint: 'token', status: 400, body: { error: { nested: true } }, requestSummary: 'x' },
    { endpoint: 'token', status: 400, body: null },
    { endpoint: 'resource', status: 401, headers: { 'WWW-Authenticate': '"""' }, requestSummary: { findings: 'x', client_assertion: 5 } },
  ])('never throws on %j', (bad) => {
    expect(() => explainOAuthError(bad as never, OPTS)).not.toThrow();
  });
  it('an object as error code is a non-standard code', () => {
    expect(pick(explainOAuthError({ endpoint: 'token', status: 400, body: { error: { nested: true } } }, OPTS))).toContain('ERR-NONSTANDARD-CODE:warning');
  });
});

describe('explainOAuthError: fuzzed input', () => {
  it('never throws, and every finding is one line with a known severity', () => {
    fc.assert(fc.property(fc.record({ endpoint: fc.constantFrom('token', 'authorize-redirect', 'resource', 'x'), status: fc.oneof(fc.integer({ min: 100, max: 599 }), fc.anything()),
      headers: fc.oneof(fc.dictionary(fc.constantFrom('www-authenticate', 'content-type', 'WWW-Authenticate'), fc.string()), fc.anything()),
      body: fc.oneof(fc.dictionary(fc.constantFrom('error', 'error_description', 'error_uri', 'resourceType', 'issue'), fc.anything()), fc.anything()),
      rawBody: fc.string(), redirectQuery: fc.oneof(fc.string(), fc.anything()), requestSummary: fc.anything() }, { requiredKeys: [] }), (input) => {
      const fs = explainOAuthError(input as OAuthErrorInput, OPTS);
      return Array.isArray(fs) && fs.every((f) => ['error', 'warning', 'info'].includes(f.severity) && !f.message.includes('\n'));
    }), { numRuns: 400 });
  });
});
