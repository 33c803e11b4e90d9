import { type Cause, cause, OFF, type RankContext, when } from './rank.ts';
import { checkScopeString } from '../scopes/index.ts';
import { authorizeClientCauses } from './other-causes.ts';

/**
 * Likely causes of the token-endpoint (RFC 6749 §5.2) errors, as conformance.md rules 167-172
 * list them, with the evidence that promotes each one.
 */

const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** ERR-INVALID-REQUEST at any endpoint. */
export function invalidRequestCauses(ctx: RankContext): Cause[] {
  const { req, said, report } = ctx;
  const param = inferParam(ctx);
  const p = req.params;
  if (report.endpoint === 'authorize-redirect') {
    return [
      cause('the authorize request has no aud (it must be the FHIR base URL) (AUTHZ-AUD)', 40, ['AUTHZ-AUD', 'AUTHZ-AUD-VALUE'],
        when(req.paramsKnown && !p['aud'], 130), when(/\baud\b|audience|resource/.test(said), 100)),
      cause('code_challenge is missing ("code challenge required", RFC 7636 §4.4.1) (AUTHZ-PKCE-MISSING)', 38, ['AUTHZ-PKCE-MISSING'],
        when(req.paramsKnown && !p['code_challenge'], 130), when(/challenge|pkce/.test(said), 100)),
      cause('code_challenge_method is not supported ("transform algorithm not supported"): send code_challenge_method=S256 (PKCE-METHOD)', 30, ['PKCE-METHOD'],
        when(req.paramsKnown && p['code_challenge'] && p['code_challenge_method'] !== 'S256', 125), when(/transform|method|s256|plain/.test(said), 100)),
      cause(`a required parameter is missing${param ? `: ${param}` : ' (response_type, client_id, redirect_uri, scope or state)'}`, 35, ['AUTHZ-RESPONSE-TYPE', 'AUTHZ-STATE'],
        when(param !== undefined && !['aud', 'code_challenge', 'code_challenge_method'].includes(param), 120)),
      cause('a parameter is repeated or has an invalid value', 10, [], when(/repeat|duplicate|more than once|invalid/.test(said), 60)),
    ];
  }
  if (report.endpoint === 'resource') {
    return [
      cause('the FHIR request itself is malformed: an unknown search parameter, an invalid body or a wrong Content-Type', 40, []),
      cause('the access token was sent in more than one way (Authorization header and access_token query parameter) (BEARER-QUERY-PARAM)', 30,
        ['BEARER-QUERY-PARAM'], when(/[?&]access_token=/.test(req.url ?? ''), 130)),
      cause(`a required parameter is missing${param ? `: ${param}` : ''}`, 20, [], when(param, 120)),
    ];
  }
  const ct = req.contentType;
  const assertionType = p['client_assertion_type'];
  const basicAndBody = req.authorizationHeader?.toLowerCase().startsWith('basic ') && (p['client_secret'] !== undefined || p['client_assertion'] !== undefined);
  return [
    cause(`the body was not sent as application/x-www-form-urlencoded${ct ? ` (Content-Type was "${ct}")` : ''}: token endpoints only read a form-encoded POST body, not JSON or query parameters (TOKREQ-METHOD-CONTENT-TYPE)`,
      50, ['TOKREQ-METHOD-CONTENT-TYPE'], when(req.formEncoded === false, 200), when(req.method !== undefined && req.method !== 'POST', 150),
      when(/content.?type|urlencoded|form|json|media type/.test(said), 100)),
    cause(`a required parameter is missing${param ? `: ${param}` : ' (code_verifier, redirect_uri, client_assertion, scope or grant_type)'}`, 45,
      ['TOKREQ-CODE-VERIFIER-MISSING', 'TOKREQ-ASSERTION-MISSING', 'TOKREQ-SCOPE-MISSING'], when(param, 120)),
    cause(`client_assertion_type is not exactly ${ASSERTION_TYPE} (TOKREQ-ASSERTION-TYPE)`, 30, ['TOKREQ-ASSERTION-TYPE'],
      when(assertionType !== undefined && assertionType !== ASSERTION_TYPE, 130), when(/assertion.?type/.test(said), 100)),
    cause('the client authenticated twice: an Authorization: Basic header and credentials in the body (TOKREQ-MULTIPLE-AUTH)', 25, ['TOKREQ-MULTIPLE-AUTH'],
      when(basicAndBody, 130), when(/multiple|more than one|both|two (client )?(credentials|auth)/.test(said), 90)),
    cause('a parameter is repeated (TOKREQ-PARAM-REPEATED)', 20, ['TOKREQ-PARAM-REPEATED'], when(/repeat|duplicate|more than once|multiple values/.test(said), 100)),
    cause('the client credentials were refused: a wrong client id or secret, or a client assertion the server could not verify (Medplum, for one, answers invalid_request for these)', 5, [],
      when(/invalid (client|secret)|client assertion|credentials/.test(said), 500)),
    cause(`the client's registration does not allow the grant type ${req.grantType ?? 'used'} (some servers, oidc-provider among them, answer invalid_request instead of unauthorized_client)`, 5, [],
      when(/grant.?type.{0,30}not (allowed|permitted|authori[sz]ed)|not allowed for this client/.test(said), 600)),
    cause('an unencoded "&" inside a v2 scope query (patient/Observation.rs?category=...&code=...) split the form body (TOKREQ-SCOPE-ENCODING)', 15,
      ['TOKREQ-SCOPE-ENCODING'], when(/\?[^ ]*&/.test(req.scope ?? ''), 110)),
  ];
}

function assertionEvidence(ctx: RankContext) {
  const a = ctx.req.assertionClaims;
  const h = ctx.req.assertionHeader;
  const te = ctx.req.tokenEndpoint;
  const aud = a?.['aud'];
  const audWrong = a !== undefined && te !== undefined && (Array.isArray(aud) ? !aud.includes(te) : aud !== te);
  const issWrong = a !== undefined && (a['iss'] !== a['sub'] || (ctx.req.clientId !== undefined && a['iss'] !== ctx.req.clientId));
  const exp = a?.['exp'];
  const expWrong = a !== undefined && (typeof exp !== 'number' || exp - ctx.now > 300 || exp < ctx.now - ctx.skew);
  const algWrong = h !== undefined && h['alg'] !== 'RS384' && h['alg'] !== 'ES384';
  return {
    audWrong,
    // Claims seen and correct: that cause becomes less likely (the server may still disagree).
    audOk: a !== undefined && te !== undefined && !audWrong,
    issWrong,
    issOk: a !== undefined && ctx.req.clientId !== undefined && !issWrong,
    expWrong,
    expOk: a !== undefined && !expWrong,
    algWrong,
    algOk: h !== undefined && !algWrong,
    jku: h !== undefined && h['jku'] !== undefined,
  };
}

/** ERR-INVALID-CLIENT: assertion causes first for private_key_jwt, secret causes first for secrets. */
export function invalidClientCauses(ctx: RankContext): Cause[] {
  // At the authorize endpoint nothing authenticates the client: no assertion or secret was sent.
  if (ctx.report.endpoint === 'authorize-redirect') return authorizeClientCauses(ctx);
  const { req, said } = ctx;
  const secret = req.clientAuth === 'basic' || req.clientAuth === 'post';
  const jwt = req.clientAuth === 'jwt';
  const jwtPrior = secret || req.clientAuth === 'none' ? OFF : jwt || req.flow === 'backend' ? 60 : 50;
  const secretPrior = jwt ? OFF : secret ? 60 : 25;
  const e = assertionEvidence(ctx);
  return [
    cause('the assertion\'s aud is not exactly the token endpoint URL (copy token_endpoint from discovery) (ASSERT-AUD)', jwtPrior - 2, ['ASSERT-AUD', 'ASSERT-AUD-ARRAY'],
      when(e.audWrong, 140), when(e.audOk, -40), when(/\baud\b|audience/.test(said), 110)),
    cause('iss and sub are not both the client_id the server assigned (ASSERT-ISS, ASSERT-SUB)', jwtPrior - 4, ['ASSERT-ISS', 'ASSERT-SUB', 'TOKREQ-CLIENT-ID-MISMATCH'],
      when(e.issWrong, 140), when(e.issOk, -40), when(/\biss\b|issuer|\bsub\b|subject|client.?id/.test(said), 100)),
    cause('the kid is not in the registered (or cached) JWKS, or the JWKS URL is unreachable (ASSERT-KID-UNKNOWN, JWKS-URL)', jwtPrior - 6,
      ['ASSERT-KID-MISSING', 'ASSERT-KID-UNKNOWN', 'ASSERT-KID-AMBIGUOUS', 'JWKS-URL', 'JWKS-EMPTY'], when(/\bkid\b|key|jwk/.test(said), 100)),
    cause('the signature does not verify: wrong private key, RS256 instead of RS384/ES384, or a DER-encoded ECDSA signature (ASSERT-SIG-INVALID, ASSERT-ALG-*, ASSERT-ECDSA-DER)', jwtPrior - 8,
      ['ASSERT-SIG-INVALID', 'ASSERT-ECDSA-DER', 'ASSERT-ALG-NOT-SMART', 'ASSERT-ALG-NOT-ADVERTISED', 'ASSERT-ALG-NONE', 'ASSERT-ALG-SYMMETRIC', 'ASSERT-KTY-ALG-MISMATCH'],
      when(e.algWrong, 110), when(e.algOk, -10), when(/signature|verif|\balg/.test(said), 100)),
    cause('exp is more than five minutes ahead or already passed, or the clocks disagree (ASSERT-EXP-*)', jwtPrior - 10,
      ['ASSERT-EXP-MISSING', 'ASSERT-EXP-TOO-FAR', 'ASSERT-EXP-PAST', 'ASSERT-IAT-FUTURE', 'ASSERT-NBF-FUTURE', 'ASSERT-LIFETIME-LONG', 'ASSERT-TIME-FORMAT'],
      when(e.expWrong, 140), when(e.expOk, -40), when(/\bexp\b|expire|expir|clock|\biat\b|\bnbf\b|lifetime|too far|future/.test(said), 100)),
    cause('the jti was already used: every assertion needs a fresh jti (ASSERT-JTI-REUSED)', jwtPrior - 12, ['ASSERT-JTI-MISSING', 'ASSERT-JTI-REUSED', 'ASSERT-JTI-WEAK'],
      when(/\bjti\b|replay|reuse|already used/.test(said), 110)),
    cause('the jku header is not the registered JWKS URL (ASSERT-JKU-NOT-REGISTERED)', jwtPrior - 14, ['ASSERT-JKU-NOT-REGISTERED', 'ASSERT-JKU-NOT-HTTPS'],
      when(e.jku, 60), when(/\bjku\b/.test(said), 110)),
    cause('the client is not (yet) activated for this environment (sandbox and production client ids differ)', jwtPrior > 0 ? jwtPrior - 16 : 30, [],
      when(/unknown client|client.{0,20}(unknown|not found|not registered|inactive|disabled|not activated)|no such client/.test(said), 120)),
    cause('the client secret is wrong or belongs to another environment', secretPrior - 2, [], when(/secret|password|credential/.test(said), 100)),
    cause('special characters in the secret (":" or "+") were not form-encoded inside the Basic header (TOKREQ-BASIC-ENCODING)', secretPrior - 4, ['TOKREQ-BASIC-ENCODING'],
      when(req.clientAuth === 'basic' && /basic|decode|format/.test(said), 80)),
    cause('the server expects client_secret_basic but got client_secret_post, or the reverse (TOKREQ-CLIENT-SECRET-POST)', secretPrior - 6, ['TOKREQ-CLIENT-SECRET-POST'],
      when(/method|basic|post|unsupported/.test(said), 80)),
    cause('an Authorization: Bearer header was sent to the token endpoint: it authenticates the client with Basic credentials or a client_assertion in the body, never with a Bearer token', 5, [],
      when(req.authorizationHeader?.trim().toLowerCase().startsWith('bearer'), 250), when(/authori[sz]ation header/.test(said), 150)),
    cause('a public client sent no client_id (TOKREQ-CLIENT-ID-PUBLIC)', jwt || secret ? OFF : 17, ['TOKREQ-CLIENT-ID-PUBLIC'],
      when(req.clientAuth === 'none', 150), when(req.paramsKnown && req.clientAuth === 'none' && !req.params['client_id'], 100)),
  ];
}

/** ERR-INVALID-GRANT: code causes for authorization_code, token causes for refresh. */
export function invalidGrantCauses(ctx: RankContext): Cause[] {
  const { req, said } = ctx;
  const codePrior = req.flow === 'refresh' || req.flow === 'backend' ? OFF : 60;
  const refreshPrior = req.flow === 'refresh' ? 60 : req.flow === undefined ? 40 : OFF;
  return [
    cause('the authorization code was already used or has expired (codes usually live about one minute): start the login again', codePrior - 2, [],
      when(/expired|already|used|reuse|redeemed|invalid (authorization )?code|unknown code|code not found/.test(said), 100)),
    cause('redirect_uri differs from the one sent in the authorize request (TOKREQ-REDIRECT-URI-MISMATCH)', codePrior - 4, ['TOKREQ-REDIRECT-URI-MISMATCH'],
      when(/redirect/.test(said), 110)),
    cause('code_verifier does not match the code_challenge sent to the authorize endpoint (PKCE-CHALLENGE-MISMATCH)', codePrior - 6,
      ['PKCE-CHALLENGE-MISMATCH', 'PKCE-VERIFIER-FORMAT', 'PKCE-CHALLENGE-ENCODING'], when(/verifier|pkce|challenge/.test(said), 110)),
    cause('the authorization code was issued to another client_id', codePrior - 8, ['TOKREQ-CLIENT-ID-MISMATCH'], when(/client/.test(said), 80)),
    cause('the refresh token expired, was revoked, or was rotated (a newer refresh token replaced the one sent)', refreshPrior - 2, [],
      when(/refresh|revoked|rotat|expired/.test(said), 80)),
    cause('the refresh token was issued to a different client', refreshPrior - 4, [], when(/client/.test(said), 60)),
    cause('the user\'s session ended (online_access refresh tokens stop working at logout)', refreshPrior - 6, [], when(/session|logout|online/.test(said), 100)),
    cause('the server reports client-assertion problems as invalid_grant (RFC 7523 style): check the assertion\'s aud, iss/sub, exp and signature', req.flow === 'backend' ? 70 : OFF,
      ['ASSERT-AUD', 'ASSERT-ISS', 'ASSERT-SUB', 'ASSERT-SIG-INVALID', 'ASSERT-EXP-TOO-FAR', 'ASSERT-EXP-PAST'], when(/assertion|jwt/.test(said), 100)),
  ];
}

/** ERR-UNAUTHORIZED-CLIENT: the registration does not allow this grant type. */
export function unauthorizedClientCauses(ctx: RankContext): Cause[] {
  const { req, said } = ctx;
  const grant = req.grantType ?? (req.flow === 'backend' ? 'client_credentials' : req.flow === 'refresh' ? 'refresh_token' : req.flow === 'code' ? 'authorization_code' : undefined);
  return [
    cause(`the client's registration does not allow the grant type ${grant ?? 'used'}${grant === 'client_credentials' ? ' (it was registered as an app-launch client, not for Backend Services)' : ''}`, 60, []),
    cause('the client id or secret is wrong (Keycloak answers unauthorized_client for invalid client credentials)', req.clientAuth === 'basic' || req.clientAuth === 'post' ? 20 : 5, [],
      when(/invalid client|client credentials|secret|authentication failed/.test(said), 600)),
    cause('the client is registered for another FHIR tenant or environment (sandbox vs production)', 40, [],
      when(/tenant|environment|not registered|unknown/.test(said), 80)),
    cause('a public client asked for a refresh token (offline_access) on a server that reserves refresh tokens for confidential clients', 30, [],
      when(req.clientAuth === 'none' && (req.flow === 'refresh' || /offline_access/.test(req.scope ?? '')), 100), when(/refresh|offline/.test(said), 80)),
  ];
}

/** ERR-UNSUPPORTED-GRANT-TYPE: wrong grant_type value, JSON body, or a server without that grant. */
export function unsupportedGrantTypeCauses(ctx: RankContext): Cause[] {
  const { req } = ctx;
  const g = req.grantType;
  const known = g === 'client_credentials' || g === 'authorization_code' || g === 'refresh_token';
  return [
    cause('grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer was sent; Backend Services uses grant_type=client_credentials plus a client assertion (TOKREQ-GRANT-TYPE)', 50,
      ['TOKREQ-GRANT-TYPE'], when(g?.includes('jwt-bearer'), 150)),
    cause(`grant_type is missing or misspelled${g !== undefined && !known ? ` ("${g}")` : ''}, often because the body was JSON or query parameters instead of application/x-www-form-urlencoded`, 45,
      ['TOKREQ-METHOD-CONTENT-TYPE'], when(req.formEncoded === false, 150), when(req.paramsKnown && g === undefined, 130), when(g !== undefined && !known && !g.includes('jwt-bearer'), 120)),
    cause(`the server does not offer ${g && known ? g : 'this grant type'}: check grant_types_supported in .well-known/smart-configuration${req.flow === 'backend' ? ' (Backend Services needs client_credentials)' : ''}`, 40,
      [], when(known, 60)),
  ];
}

/** ERR-INVALID-SCOPE: backend scope mistakes first for backend flows, grammar and registration otherwise. */
export function invalidScopeCauses(ctx: RankContext): Cause[] {
  const { req, said } = ctx;
  const backend = req.flow === 'backend';
  const scope = req.scope;
  const flags = new Set(typeof scope === 'string'
    ? checkScopeString(scope, { flow: backend ? 'backend' : 'app-launch-standalone' }).map((f) => f.rule)
    : []);
  const empty = scope === undefined || scope.trim() === '';
  const known = typeof scope === 'string';
  const appLaunch = req.flow === 'code' || req.flow === 'refresh';
  // A scope string that was sent rules some causes out entirely.
  const unless = (ruledOut: boolean, prior: number) => (ruledOut ? OFF : prior);
  const grammar = ['SCOPE-SYNTAX', 'SCOPE-UNKNOWN-RESOURCE', 'SCOPE-CASE', 'SCOPE-V2-ORDER', 'SCOPE-SEPARATOR'];
  return [
    cause('the scope is empty: Backend Services requests must name system/ scopes (TOKREQ-SCOPE-MISSING)', unless(known && !empty, backend ? 60 : appLaunch ? OFF : 10), ['TOKREQ-SCOPE-MISSING'],
      when(backend && empty && (req.paramsKnown || scope !== undefined), 150), when(/empty|missing|required|no scope/.test(said), 80)),
    cause('app-launch scopes (launch, openid, fhirUser, patient/, user/) in a backend request: ask only for system/ scopes (SCOPE-NOT-SYSTEM)', unless(known && !flags.has('SCOPE-NOT-SYSTEM'), backend ? 58 : appLaunch ? OFF : 5),
      ['SCOPE-NOT-SYSTEM'], when(flags.has('SCOPE-NOT-SYSTEM'), 140)),
    cause('write scopes (.write, .c/.u/.d, .*) for a read-only bulk client (SCOPE-WRITE-BACKEND)', unless(known && !flags.has('SCOPE-WRITE-BACKEND'), backend ? 55 : appLaunch ? OFF : 5), ['SCOPE-WRITE-BACKEND'],
      when(flags.has('SCOPE-WRITE-BACKEND'), 120), when(/write|read.?only/.test(said), 80)),
    cause('scope syntax the server does not implement: v2 (.rs) on a v1-only server or v1 (.read) on a v2-only server; check permission-v1/permission-v2 in discovery', 50,
      [], when(/\bv1\b|\bv2\b|version|syntax/.test(said), 90), when(flags.has('SCOPE-V1-V2-MIXED'), 40)),
    cause('an unknown resource type or permission, or a malformed scope (SCOPE-SYNTAX, SCOPE-UNKNOWN-RESOURCE, SCOPE-CASE)', 48, grammar,
      when(grammar.some((r) => flags.has(r)), 130), when(/unknown|malformed|not recogni[sz]ed|unrecogni[sz]ed|invalid scope/.test(said), 60)),
    cause('the scope is not pre-authorized for this client (its registration allows fewer scopes)', 45, [],
      when(/not allowed|not authori[sz]ed|not permitted|registered|client/.test(said), 90)),
    cause('patient/ scopes without launch or launch/patient, so no patient can be put in context (SCOPE-PATIENT-WITHOUT-LAUNCH)', unless(known && !flags.has('SCOPE-PATIENT-WITHOUT-LAUNCH'), backend || req.flow === 'refresh' ? OFF : 30),
      ['SCOPE-PATIENT-WITHOUT-LAUNCH'], when(!backend && flags.has('SCOPE-PATIENT-WITHOUT-LAUNCH'), 100)),
    cause('a refresh request asked for more scope than was originally granted (TOKREQ-REFRESH-SCOPE-EXPANSION)', req.flow === 'refresh' ? 62 : req.flow === undefined ? 5 : OFF,
      ['TOKREQ-REFRESH-SCOPE-EXPANSION'], when(/exceed|original|broader|more than/.test(said), 90)),
  ];
}

/**
 * Infers which request parameter an `invalid_request` is about: from the server's words first,
 * else from the parameters the request is known to have sent.
 */

const NAMES = [
  'client_assertion_type', 'client_assertion', 'code_challenge_method', 'code_challenge', 'code_verifier', 'redirect_uri',
  'grant_type', 'refresh_token', 'response_type', 'client_id', 'scope', 'state', 'code', 'aud',
];

const REQUIRED: Record<string, string[]> = {
  code: ['grant_type', 'code', 'redirect_uri', 'code_verifier'],
  backend: ['grant_type', 'scope', 'client_assertion_type', 'client_assertion'],
  refresh: ['grant_type', 'refresh_token'],
  authorize: ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'aud', 'code_challenge', 'code_challenge_method'],
};

/** The parameter the server's text names next to "missing"/"required"/"duplicate", if any. */
export function paramNamedBy(said: string): string | undefined {
  if (!/missing|required|must|not (present|provided|found)|absent|duplicate|repeated|more than once|invalid|unsupported/.test(said)) return undefined;
  return NAMES.find((n) => new RegExp(`(^|[^a-z_])${n.replace(/_/g, '[_ ]')}([^a-z_]|$)`).test(said));
}

/** A required parameter the request is known not to have sent, if any. */
export function paramNotSent(ctx: RankContext): string | undefined {
  const { req } = ctx;
  if (!req.paramsKnown) return undefined;
  const list = ctx.report.endpoint === 'authorize-redirect' ? REQUIRED['authorize']
    : req.flow === 'backend' ? REQUIRED['backend']
    : req.flow === 'refresh' ? REQUIRED['refresh']
    : req.flow === 'code' ? REQUIRED['code']
    : undefined;
  if (!list) return undefined;
  return list.find((k) => {
    if (k.startsWith('client_assertion') && req.clientAuth !== undefined && req.clientAuth !== 'jwt') return false;
    const v = req.params[k];
    return v === undefined || v === '';
  });
}

/** The parameter an invalid_request most likely refers to. */
export function inferParam(ctx: RankContext): string | undefined {
  return paramNamedBy(ctx.said) ?? paramNotSent(ctx);
}
