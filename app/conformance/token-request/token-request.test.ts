import { beforeAll, describe, expect, it } from 'vitest';
import { makeKey, signJwt, type TestKey } from '../testing/key-fixtures.ts';
import { inspectTokenRequest, type TokenRequestInput } from './inspect-token-request.ts';
import type { Finding } from '../types.ts';

const NOW = 1_750_000_000;
const CLIENT = 'client-7f3c2a';
const TOKEN = 'https://auth.example.com/oauth2/token';
const FORM = 'application/x-www-form-urlencoded';
const URN = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const REDIRECT = 'http://127.0.0.1:53127/callback';
// RFC 7636 Appendix B example pair.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const SECRET = 'k9:Xy+z/Q w%';
const basic = (user: string, pass: string) => `Basic ${btoa(user + ':' + pass)}`;
const enc = (s: string) => new URLSearchParams({ s }).toString().slice(2);

let rs: TestKey;
let jwt: string;

beforeAll(async () => {
  rs = await makeKey('RS384', 'rs-1');
  jwt = await signJwt(rs, { alg: 'RS384', kid: 'rs-1', typ: 'JWT' }, { iss: CLIENT, sub: CLIENT, aud: TOKEN, exp: NOW + 240, iat: NOW, jti: '0b8e6c44-1f2a-4a9e-9d3c-5e7f6a8b9c0d' });
});

type Pairs = [string, string][];
const form = (pairs: Pairs) => new URLSearchParams(pairs).toString();

function req(flow: TokenRequestInput['flow'], clientType: TokenRequestInput['clientType'], body: string, over: Partial<TokenRequestInput> = {}, headers: Record<string, string> = {}): TokenRequestInput {
  return {
    flow, clientType, clientId: CLIENT, tokenEndpoint: TOKEN, registeredJwks: { keys: [rs.publicJwk] },
    request: { method: 'POST', url: TOKEN, headers: { 'Content-Type': FORM, ...headers }, body }, ...over,
  };
}

const backendPairs = (): Pairs => [['grant_type', 'client_credentials'], ['scope', 'system/Patient.rs system/Observation.rs'], ['client_assertion_type', URN], ['client_assertion', jwt]];
const backend = (pairs = backendPairs(), over?: Partial<TokenRequestInput>, headers?: Record<string, string>) => req('backend', 'confidential-asymmetric', form(pairs), over, headers);
const codePairs = (): Pairs => [['grant_type', 'authorization_code'], ['code', 'SplxlOBeZQQYbYS6WxSbIA'], ['redirect_uri', REDIRECT], ['code_verifier', VERIFIER], ['client_id', CLIENT]];
const authz = { redirect_uri: REDIRECT, code_challenge: CHALLENGE, code_challenge_method: 'S256' };
const code = (pairs = codePairs(), over?: Partial<TokenRequestInput>, headers?: Record<string, string>) => req('authorization_code', 'public', form(pairs), { authorizeRequest: authz, ...over }, headers);
const symmetricCode = (pairs = codePairs().filter(([k]) => k !== 'client_id'), over?: Partial<TokenRequestInput>) =>
  req('authorization_code', 'confidential-symmetric', form(pairs), { authorizeRequest: authz, clientSecret: 'plainsecret', ...over }, { Authorization: basic(CLIENT, 'plainsecret') });
const refreshPairs = (scope = 'patient/Observation.rs'): Pairs => [['grant_type', 'refresh_token'], ['refresh_token', 'tGzv3JOkF0XG5Qx2TlKWIA'], ['client_id', CLIENT], ['scope', scope]];
const refresh = (scope?: string, original = 'launch/patient openid fhirUser offline_access patient/Observation.rs patient/Condition.rs') =>
  req('refresh_token', 'public', form(refreshPairs(scope)), { originalGrantedScope: original });
const without = (pairs: Pairs, name: string) => pairs.filter(([k]) => k !== name);
const replace = (pairs: Pairs, name: string, value: string): Pairs => pairs.map(([k, v]) => [k, k === name ? value : v]);

const ids = (f: Finding[]) => f.map((x) => x.rule);
const run = (i: unknown) => inspectTokenRequest(i as TokenRequestInput, { now: NOW });

interface Case { rule: string; name: string; make: () => TokenRequestInput; severity?: Finding['severity'] }

const triggering: Case[] = [
  { rule: 'TOKREQ-METHOD-CONTENT-TYPE', name: 'GET', make: () => ({ ...backend(), request: { ...backend().request, method: 'GET' } }) },
  { rule: 'TOKREQ-METHOD-CONTENT-TYPE', name: 'JSON body', make: () => req('backend', 'confidential-asymmetric', JSON.stringify(Object.fromEntries(backendPairs())), {}, { 'Content-Type': 'application/json' }) },
  { rule: 'TOKREQ-METHOD-CONTENT-TYPE', name: 'JSON body under a form header', make: () => req('backend', 'confidential-asymmetric', JSON.stringify(Object.fromEntries(backendPairs()))) },
  { rule: 'TOKREQ-METHOD-CONTENT-TYPE', name: 'no Content-Type', make: () => ({ ...backend(), request: { ...backend().request, headers: {} } }) },
  { rule: 'TOKREQ-METHOD-CONTENT-TYPE', name: 'multipart', make: () => req('backend', 'confidential-asymmetric', '--b\r\nContent-Disposition: form-data; name="grant_type"\r\n\r\nclient_credentials\r\n--b--', {}, { 'Content-Type': 'multipart/form-data; boundary=b' }) },
  { rule: 'TOKREQ-METHOD-CONTENT-TYPE', name: 'parameters in the query', make: () => ({ ...backend(), request: { ...backend().request, url: `${TOKEN}?grant_type=client_credentials`, body: '' } }) },
  { rule: 'TOKREQ-GRANT-TYPE', name: 'missing', make: () => backend(without(backendPairs(), 'grant_type')) },
  { rule: 'TOKREQ-GRANT-TYPE', name: 'JWT-bearer grant URN', make: () => backend(replace(backendPairs(), 'grant_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer')) },
  { rule: 'TOKREQ-GRANT-TYPE', name: 'refresh_token in a code exchange', make: () => code(replace(codePairs(), 'grant_type', 'refresh_token')) },
  { rule: 'TOKREQ-ASSERTION-TYPE', name: 'missing', make: () => backend(without(backendPairs(), 'client_assertion_type')) },
  { rule: 'TOKREQ-ASSERTION-TYPE', name: 'grant-type URN', make: () => backend(replace(backendPairs(), 'client_assertion_type', 'urn:ietf:params:oauth:grant-type:jwt-bearer')) },
  { rule: 'TOKREQ-ASSERTION-TYPE', name: 'double URL-encoded', make: () => req('backend', 'confidential-asymmetric', form(without(backendPairs(), 'client_assertion_type')) + `&client_assertion_type=${encodeURIComponent(encodeURIComponent(URN))}`) },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'no assertion', make: () => backend(without(without(backendPairs(), 'client_assertion'), 'client_assertion_type')) },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'empty assertion', make: () => backend(replace(backendPairs(), 'client_assertion', '')) },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'not a JWT', make: () => backend(replace(backendPairs(), 'client_assertion', 'undefined')) },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'two JWTs', make: () => backend(replace(backendPairs(), 'client_assertion', `${jwt},${jwt}`)) },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'asymmetric code client without assertion', make: () => req('authorization_code', 'confidential-asymmetric', form(without(codePairs(), 'client_id')), { authorizeRequest: authz }) },
  { rule: 'TOKREQ-SCOPE-MISSING', name: 'no scope', make: () => backend(without(backendPairs(), 'scope')) },
  { rule: 'TOKREQ-SCOPE-MISSING', name: 'blank scope', make: () => backend(replace(backendPairs(), 'scope', '  ')) },
  { rule: 'TOKREQ-SCOPE-ENCODING', name: 'unescaped = and & of a v2 query', make: () => req('backend', 'confidential-asymmetric', `${form(without(backendPairs(), 'scope'))}&scope=system/Observation.rs?category=laboratory&code=1234-5`) },
  { rule: 'TOKREQ-SCOPE-ENCODING', name: 'escaped = but raw &', make: () => req('backend', 'confidential-asymmetric', `${form(without(backendPairs(), 'scope'))}&scope=system%2FObservation.rs%3Fcategory%3Dlaboratory&status%3Dfinal`) },
  { rule: 'TOKREQ-SCOPE-ENCODING', name: 'literal space', make: () => req('backend', 'confidential-asymmetric', `scope=system/Patient.rs system/Observation.rs&${form(without(backendPairs(), 'scope'))}`) },
  { rule: 'TOKREQ-SCOPE-ENCODING', name: 'unescaped #', make: () => req('backend', 'confidential-asymmetric', `scope=system/Observation.rs%3Fcode%3Dhttp%3A%2F%2Floinc.org%7C1234#x&${form(without(backendPairs(), 'scope'))}`) },
  { rule: 'TOKREQ-SCOPE-ENCODING', name: 'scopes joined with &', make: () => req('backend', 'confidential-asymmetric', `scope=system%2FPatient.rs&system%2FObservation.rs&${form(without(backendPairs(), 'scope'))}`) },
  { rule: 'TOKREQ-MULTIPLE-AUTH', name: 'Basic plus assertion', make: () => backend(backendPairs(), {}, { Authorization: basic(CLIENT, 's') }) },
  { rule: 'TOKREQ-MULTIPLE-AUTH', name: 'Basic plus client_secret', make: () => symmetricCode([...without(codePairs(), 'client_id'), ['client_secret', 'plainsecret']]) },
  { rule: 'TOKREQ-CREDENTIALS-IN-QUERY', name: 'client_secret in the URL', make: () => ({ ...code(), request: { ...code().request, url: `${TOKEN}?client_secret=abc` } }) },
  { rule: 'TOKREQ-CREDENTIALS-IN-QUERY', name: 'code in the token endpoint', make: () => code(codePairs(), { tokenEndpoint: `${TOKEN}?code=abc` }) },
  { rule: 'TOKREQ-CLIENT-SECRET-POST', name: 'secret in the body', severity: 'warning', make: () => req('authorization_code', 'confidential-symmetric', form([...codePairs(), ['client_secret', 'plainsecret']]), { authorizeRequest: authz, clientSecret: 'plainsecret' }) },
  { rule: 'TOKREQ-CLIENT-SECRET-POST', name: 'secret in the body, server lists client_secret_post', severity: 'info', make: () => req('authorization_code', 'confidential-symmetric', form([...codePairs(), ['client_secret', 'plainsecret']]), { authorizeRequest: authz, clientSecret: 'plainsecret', discovery: { token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'] } }) },
  { rule: 'TOKREQ-CLIENT-SECRET-POST', name: 'SMART 1.0 legacy list names client_secret_post', severity: 'info', make: () => req('authorization_code', 'confidential-symmetric', form([...codePairs(), ['client_secret', 'plainsecret']]), { authorizeRequest: authz, discovery: { token_endpoint_auth_methods: ['client_secret_post'] } }) },
  { rule: 'TOKREQ-BASIC-ENCODING', name: 'raw secret with : + / space %', severity: 'warning', make: () => ({ ...symmetricCode(undefined, { clientSecret: SECRET }), request: { ...symmetricCode().request, headers: { 'Content-Type': FORM, Authorization: basic(CLIENT, SECRET) } } }) },
  { rule: 'TOKREQ-BASIC-ENCODING', name: 'raw secret, secret not configured', make: () => ({ ...symmetricCode(undefined, { clientSecret: undefined }), request: { ...symmetricCode().request, headers: { 'Content-Type': FORM, Authorization: basic(CLIENT, SECRET) } } }) },
  { rule: 'TOKREQ-BASIC-ENCODING', name: 'raw client_id with a colon', make: () => ({ ...symmetricCode(undefined, { clientId: 'urn:app:1', clientSecret: 'plainsecret' }), request: { ...symmetricCode().request, headers: { 'Content-Type': FORM, Authorization: basic('urn:app:1', 'plainsecret') } } }) },
  { rule: 'TOKREQ-BASIC-ENCODING', name: 'not base64', make: () => ({ ...symmetricCode(), request: { ...symmetricCode().request, headers: { 'Content-Type': FORM, Authorization: 'Basic ***' } } }) },
  { rule: 'TOKREQ-BASIC-ENCODING', name: 'wrong secret (Inferno header value error)', make: () => symmetricCode(undefined, { clientSecret: 'another' }) },
  { rule: 'TOKREQ-CLIENT-ID-MISMATCH', name: 'client_id differs from assertion iss', make: () => backend([...backendPairs(), ['client_id', 'someone-else']]) },
  { rule: 'TOKREQ-CLIENT-ID-MISMATCH', name: 'client_id differs from Basic username', make: () => symmetricCode([...without(codePairs(), 'client_id'), ['client_id', 'someone-else']]) },
  { rule: 'TOKREQ-CLIENT-ID-CONFIDENTIAL', name: 'assertion plus matching client_id', severity: 'info', make: () => backend([...backendPairs(), ['client_id', CLIENT]]) },
  { rule: 'TOKREQ-CLIENT-ID-CONFIDENTIAL', name: 'Basic plus client_id', make: () => symmetricCode(codePairs()) },
  { rule: 'TOKREQ-CLIENT-ID-PUBLIC', name: 'public client without client_id', make: () => code(without(codePairs(), 'client_id')) },
  { rule: 'TOKREQ-CLIENT-ID-PUBLIC', name: 'client_secret_post without client_id', make: () => req('authorization_code', 'confidential-symmetric', form([...without(codePairs(), 'client_id'), ['client_secret', 'x']]), { authorizeRequest: authz }) },
  { rule: 'TOKREQ-CODE-VERIFIER-MISSING', name: 'no code_verifier', make: () => code(without(codePairs(), 'code_verifier')) },
  { rule: 'TOKREQ-CODE-VERIFIER-MISSING', name: 'confidential client without verifier', make: () => symmetricCode(without(without(codePairs(), 'client_id'), 'code_verifier')) },
  { rule: 'TOKREQ-REDIRECT-URI-MISMATCH', name: 'missing', make: () => code(without(codePairs(), 'redirect_uri')) },
  { rule: 'TOKREQ-REDIRECT-URI-MISMATCH', name: 'trailing slash', make: () => code(replace(codePairs(), 'redirect_uri', `${REDIRECT}/`)) },
  { rule: 'TOKREQ-REDIRECT-URI-MISMATCH', name: 'other port', make: () => code(replace(codePairs(), 'redirect_uri', REDIRECT.replace('53127', '53128'))) },
  { rule: 'TOKREQ-REFRESH-SCOPE-EXPANSION', name: 'new resource type', make: () => refresh('patient/Observation.rs patient/Immunization.rs') },
  { rule: 'TOKREQ-REFRESH-SCOPE-EXPANSION', name: 'wildcard after explicit grant', make: () => refresh('patient/*.rs') },
  { rule: 'TOKREQ-REFRESH-SCOPE-EXPANSION', name: 'write after read', make: () => refresh('patient/Observation.cruds') },
  { rule: 'TOKREQ-REFRESH-SCOPE-EXPANSION', name: 'new opaque scope', make: () => refresh('patient/Observation.rs online_access') },
  { rule: 'TOKREQ-REFRESH-SCOPE-EXPANSION', name: 'other context', make: () => refresh('user/Observation.rs') },
  { rule: 'TOKREQ-PARAM-REPEATED', name: 'scope twice', make: () => backend([...backendPairs(), ['scope', 'system/Condition.rs']]) },
  { rule: 'TOKREQ-PARAM-REPEATED', name: 'grant_type twice', make: () => code([...codePairs(), ['grant_type', 'authorization_code']]) },
  { rule: 'TOKREQ-SYMMETRIC-BACKEND', name: 'Basic client_credentials', severity: 'warning', make: () => req('backend', 'confidential-symmetric', form([['grant_type', 'client_credentials'], ['scope', 'system/Patient.rs']]), { clientSecret: 'plainsecret' }, { Authorization: basic(CLIENT, 'plainsecret') }) },
  { rule: 'TOKREQ-SYMMETRIC-BACKEND', name: 'b.well-style client_secret_post', make: () => req('backend', 'confidential-symmetric', form([['grant_type', 'client_credentials'], ['client_id', CLIENT], ['client_secret', 'plainsecret'], ['scope', 'system/Patient.rs']]), { clientSecret: 'plainsecret' }) },
  // Rules of other sections that apply to what a token request carries.
  { rule: 'SCOPE-NOT-SYSTEM', name: 'bdt "launch fhirUser" in backend', make: () => backend(replace(backendPairs(), 'scope', 'launch fhirUser')) },
  { rule: 'SCOPE-SYNTAX', name: 'bdt unknown action', make: () => backend(replace(backendPairs(), 'scope', 'system/Patient.unknownAction')) },
  { rule: 'SCOPE-WRITE-BACKEND', name: 'backend write', make: () => backend(replace(backendPairs(), 'scope', 'system/Patient.cud')) },
  { rule: 'SCOPE-V2-ORDER', name: 'refresh with .sr', make: () => refresh('patient/Observation.sr') },
  { rule: 'SCOPE-SEPARATOR', name: 'double-encoded spaces', make: () => req('backend', 'confidential-asymmetric', `${form(without(backendPairs(), 'scope'))}&scope=system%2FPatient.rs%2Bsystem%2FObservation.rs`) },
  { rule: 'PKCE-CHALLENGE-MISMATCH', name: 'verifier regenerated', make: () => code(replace(codePairs(), 'code_verifier', 'A'.repeat(43))) },
  { rule: 'PKCE-VERIFIER-FORMAT', name: 'UUID verifier', make: () => code(replace(codePairs(), 'code_verifier', '0b8e6c441f2a4a9e9d3c5e7f6a8b9c0d'), { authorizeRequest: { redirect_uri: REDIRECT } }) },
  { rule: 'PKCE-METHOD', name: 'authorize request sent plain', make: () => code(codePairs(), { authorizeRequest: { ...authz, code_challenge_method: 'plain' } }) },
  { rule: 'ASSERT-AUD', name: 'assertion for another endpoint', make: () => backend(backendPairs(), { tokenEndpoint: `${TOKEN}/v2` }) },
  { rule: 'ASSERT-KID-UNKNOWN', name: 'assertion key not registered', make: () => backend(backendPairs(), { registeredJwks: { keys: [{ ...rs.publicJwk, kid: 'other' }] } }) },
];

const nonTriggering: Case[] = [
  { rule: 'TOKREQ-METHOD-CONTENT-TYPE', name: 'form with charset, lower-case header', make: () => ({ ...backend(), request: { ...backend().request, headers: { 'content-type': `${FORM}; charset=UTF-8` } } }) },
  { rule: 'TOKREQ-SCOPE-ENCODING', name: 'properly encoded v2 query', make: () => backend(replace(backendPairs(), 'scope', 'system/Observation.rs?category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory&code=1234-5')) },
  { rule: 'TOKREQ-SCOPE-ENCODING', name: '%20 for spaces', make: () => req('backend', 'confidential-asymmetric', `scope=system%2FPatient.rs%20system%2FObservation.rs&${form(without(backendPairs(), 'scope'))}`) },
  { rule: 'TOKREQ-SCOPE-MISSING', name: 'code exchange without scope', make: () => code() },
  { rule: 'TOKREQ-SCOPE-MISSING', name: 'refresh without scope', make: () => req('refresh_token', 'public', form(without(refreshPairs(), 'scope'))) },
  { rule: 'TOKREQ-CLIENT-SECRET-POST', name: 'Basic', make: () => symmetricCode() },
  { rule: 'TOKREQ-BASIC-ENCODING', name: 'form-encoded special secret', make: () => ({ ...symmetricCode(undefined, { clientSecret: SECRET }), request: { ...symmetricCode().request, headers: { 'Content-Type': FORM, Authorization: basic(CLIENT, enc(SECRET)) } } }) },
  { rule: 'TOKREQ-BASIC-ENCODING', name: 'plain secret, not configured', make: () => symmetricCode(undefined, { clientSecret: undefined }) },
  { rule: 'TOKREQ-CLIENT-ID-MISMATCH', name: 'client_id equals the assertion iss', make: () => backend([...backendPairs(), ['client_id', CLIENT]]) },
  { rule: 'TOKREQ-CLIENT-ID-PUBLIC', name: 'asymmetric client that forgot its assertion', make: () => backend(without(backendPairs(), 'client_assertion')) },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'public code client', make: () => code() },
  { rule: 'TOKREQ-REDIRECT-URI-MISMATCH', name: 'authorize redirect unknown but sent', make: () => code(codePairs(), { authorizeRequest: undefined }) },
  { rule: 'TOKREQ-REFRESH-SCOPE-EXPANSION', name: 'narrower refresh', make: () => refresh('patient/Observation.r') },
  { rule: 'TOKREQ-REFRESH-SCOPE-EXPANSION', name: 'v1 spelling of a v2 grant', make: () => refresh('patient/Observation.read') },
  { rule: 'TOKREQ-REFRESH-SCOPE-EXPANSION', name: 'covered by a wildcard grant', make: () => refresh('patient/Immunization.rs', 'patient/*.read offline_access') },
  { rule: 'TOKREQ-REFRESH-SCOPE-EXPANSION', name: 'original grant unknown', make: () => req('refresh_token', 'public', form(refreshPairs('patient/*.cruds'))) },
  { rule: 'SCOPE-PATIENT-WITHOUT-LAUNCH', name: 'refresh narrows to patient scopes', make: () => refresh('patient/Observation.rs') },
  { rule: 'TOKREQ-SYMMETRIC-BACKEND', name: 'asymmetric backend', make: () => backend() },
  { rule: 'TOKREQ-ASSERTION-MISSING', name: 'symmetric backend client without credentials', make: () => req('backend', 'confidential-symmetric', form([['grant_type', 'client_credentials'], ['scope', 'system/Patient.rs']])) },
  { rule: 'PKCE-METHOD', name: 'method not recorded', make: () => code(codePairs(), { authorizeRequest: { redirect_uri: REDIRECT, code_challenge: CHALLENGE } }) },
];

describe('inspectTokenRequest: each rule fires on its triggering input', () => {
  it.each(triggering.map((c) => [c.rule, c.name, c] as const))('%s: %s', async (_r, _n, c) => {
    const findings = await run(c.make());
    const hit = findings.find((f) => f.rule === c.rule);
    expect(hit, JSON.stringify(findings.map((f) => `${f.rule}: ${f.message}`))).toBeDefined();
    if (c.severity) expect(hit?.severity).toBe(c.severity);
    expect(hit?.message).not.toMatch(/\n/);
  });
});

describe('inspectTokenRequest: near misses do not fire', () => {
  it.each(nonTriggering.map((c) => [c.rule, c.name, c] as const))('%s: %s', async (_r, _n, c) => {
    expect(ids(await run(c.make()))).not.toContain(c.rule);
  });
});

describe('inspectTokenRequest: clean requests', () => {
  const serious = (f: Finding[]) => f.filter((x) => x.severity !== 'info').map((x) => `${x.rule}: ${x.message}`);
  it('SMART Backend Services request', async () => {
    expect(serious(await run(backend()))).toEqual([]);
    expect(await run(backend())).toEqual([]);
  });
  it('public app-launch code exchange', async () => {
    expect(await run(code())).toEqual([]);
  });
  it('confidential-symmetric code exchange with Basic', async () => {
    expect(await run(symmetricCode())).toEqual([]);
  });
  it('confidential-asymmetric code exchange', async () => {
    expect(await run(req('authorization_code', 'confidential-asymmetric', form([...without(codePairs(), 'client_id'), ['client_assertion_type', URN], ['client_assertion', jwt]]), { authorizeRequest: authz }))).toEqual([]);
  });
  it('refresh that narrows the grant', async () => {
    expect(await run(refresh('patient/Observation.rs'))).toEqual([]);
  });
  it('does not leak the client secret into messages', async () => {
    const f = await run({ ...symmetricCode(undefined, { clientSecret: SECRET }), request: { ...symmetricCode().request, headers: { 'Content-Type': FORM, Authorization: basic(CLIENT, SECRET) } } });
    expect(f.map((x) => x.message).join(' ')).not.toContain(SECRET);
  });
});

describe('inspectTokenRequest: malformed input becomes findings, never exceptions', () => {
  const garbage: [string, () => unknown][] = [
    ['null', () => null],
    ['a string', () => 'grant_type=client_credentials'],
    ['no request', () => ({ flow: 'backend', clientType: 'confidential-asymmetric', clientId: CLIENT, tokenEndpoint: TOKEN })],
    ['request body a number', () => ({ ...backend(), request: { method: 'POST', url: TOKEN, headers: { 'Content-Type': FORM }, body: 42 } })],
    ['headers null, body null', () => ({ ...backend(), request: { method: 'POST', url: TOKEN, headers: null, body: null } })],
    ['HTML body', () => req('backend', 'confidential-asymmetric', '<html><body>hello</body></html>')],
    ['broken percent-encoding', () => req('backend', 'confidential-asymmetric', 'grant_type=%E0%A4%A&scope=%zz&client_assertion=%')],
    ['unknown flow and client type', () => req('implicit' as never, 'weird' as never, 'a=b')],
    ['Authorization header garbage', () => symmetricCode(undefined, {})],
  ];
  it.each(garbage)('%s', async (_n, make) => {
    const input = make();
    if (_n === 'Authorization header garbage') (input as TokenRequestInput).request.headers.Authorization = 'Basic';
    const f = await run(input);
    expect(Array.isArray(f)).toBe(true);
    expect(f.length).toBeGreaterThan(0);
  });
});
