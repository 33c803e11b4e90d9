import { type Cause, cause, OFF, type RankContext, when } from './rank.ts';
import { parseScope } from '../scopes/index.ts';

/**
 * Likely causes of authorize-redirect errors (rules 173-176), resource-server errors
 * (rules 177-179) and non-JSON error pages (rule 182), with the evidence that promotes each.
 */

/** ERR-ACCESS-DENIED: the user, the patient, policy, or a cancelled picker. */
export function accessDeniedCauses(ctx: RankContext): Cause[] {
  const { said } = ctx;
  return [
    cause('the user clicked "deny" or closed the consent screen, so consent was not given', 60, [], when(/user|deny|denied|consent|declin/.test(said), 40)),
    cause('the user has no access to the requested patient', 50, [], when(/patient|no access|not authori[sz]ed/.test(said), 60)),
    cause('an institutional policy or administrator blocks this app', 45, [], when(/policy|admin|institution|not approved|blocked/.test(said), 100)),
    cause('the patient picker was cancelled in a standalone launch', 40, [], when(/picker|select|cancel/.test(said), 80)),
  ];
}

/**
 * ERR-INVALID-CLIENT on the authorize redirect: the authorize request carries only client_id and
 * redirect_uri (no secret, no assertion), so only they, and the client's registration, can be wrong.
 */
export function authorizeClientCauses(ctx: RankContext): Cause[] {
  const { req, said } = ctx;
  const cid = req.params['client_id'];
  return [
    cause(`the client_id${cid ? ` "${cid}"` : ''} is not known to this authorization server (a typo, or the id of another environment: sandbox and production ids differ)`, 60, [],
      when(/unknown|not found|not registered|no such|invalid client|client_id/.test(said), 100), when(req.paramsKnown && !cid, 120)),
    cause('the redirect_uri is not registered for this client (compared as an exact string: scheme, host, port, path and trailing slash) (REDIR-EXACT-MATCH)', 50,
      ['REDIR-EXACT-MATCH', 'REDIR-FRAGMENT', 'REDIR-HTTP-NON-LOOPBACK'], when(/redirect/.test(said), 130)),
    cause('the client is registered but not enabled for this launch (not yet approved by the organisation, or registered for backend services only, not for app launch)', 40, [],
      when(/disabled|not (yet )?(enabled|approved|activated)|inactive|launch|grant/.test(said), 100)),
    cause('the authorize request went to another authorization server than the one the client is registered with (check authorization_endpoint in discovery)', 30, [],
      when(/issuer|tenant|realm/.test(said), 80)),
  ];
}

/** ERR-UNSUPPORTED-RESPONSE-TYPE: anything but response_type=code. */
export function unsupportedResponseTypeCauses(ctx: RankContext): Cause[] {
  const sent = ctx.req.params['response_type'];
  return [
    cause(`response_type was ${sent !== undefined ? `"${sent}"` : 'not "code"'} (implicit flow "token" or an OpenID hybrid value); SMART only supports response_type=code (AUTHZ-RESPONSE-TYPE)`, 60,
      ['AUTHZ-RESPONSE-TYPE'], when(sent !== undefined && sent !== 'code', 100)),
    cause('the server does not allow this client to use the authorization-code flow with response_type=code (check its registration)', 30, [],
      when(sent === 'code', 60)),
  ];
}

/** ERR-SERVER-ERROR: a server bug, sometimes triggered by unusual input. */
export function serverErrorCauses(ctx: RankContext): Cause[] {
  const { req } = ctx;
  const odd = (req.scope?.length ?? 0) > 1000 || /[^A-Za-z0-9\-._~]/.test(req.params['state'] ?? '');
  return [
    cause('a bug or outage on the server side: retry later, and report it to the server operator (contact their support with the time of the request)', 60, []),
    cause('unexpected input triggered the failure: very long scope strings or unusual characters in state', 40, [], when(odd, 50)),
  ];
}

/** ERR-TEMPORARILY-UNAVAILABLE: overload or maintenance. */
export function temporarilyUnavailableCauses(_ctx: RankContext): Cause[] {
  return [
    cause('the server is temporarily overloaded or in maintenance: retry after a pause (honour Retry-After if sent)', 60, []),
    cause('a gateway in front of the server could not reach it; retry, and report it if it persists', 30, []),
  ];
}

/** ERR-INVALID-TOKEN: expiry first, then audience, header format, revocation, environment. */
export function invalidTokenCauses(ctx: RankContext): Cause[] {
  const { req, said } = ctx;
  const expired = req.accessTokenExp !== undefined && req.accessTokenExp <= ctx.now;
  const audMismatch = req.accessTokenAud !== undefined && req.url !== undefined &&
    !req.accessTokenAud.some((a) => req.url?.startsWith(a.replace(/\/+$/, '')));
  const badHeader = req.authorizationHeader !== undefined && !/^Bearer [^\s"]+$/.test(req.authorizationHeader);
  return [
    cause('the access token expired: get a new token (check expires_in and the exp claim)', 60, ['AT-JWT-EXPIRED'],
      when(expired, 150), when(/expir/.test(said), 100)),
    cause('the access token was issued for another FHIR server: the authorize request\'s aud did not name this server (AT-JWT-AUD, AUTHZ-AUD-VALUE)', 50,
      ['AT-JWT-AUD', 'AUTHZ-AUD-VALUE'], when(audMismatch, 120), when(/\baud\b|audience|resource server|wrong server/.test(said), 100)),
    cause('the Authorization header is malformed: the "Bearer " prefix is missing, or the token is quoted or padded with whitespace (BEARER-SCHEME)', 45,
      ['BEARER-SCHEME'], when(badHeader, 130), when(/malformed|format|header|bearer|parse/.test(said), 90)),
    cause('the access token was revoked (logout, consent withdrawn, or refresh-token rotation)', 40, [], when(/revoked|inactive/.test(said), 110)),
    cause('an access token from another environment (a sandbox token used against production)', 35, [], when(/issuer|signature|unknown|not found/.test(said), 60)),
  ];
}

/** ERR-INSUFFICIENT-SCOPE: what the granted scope lacks for this interaction. */
export function insufficientScopeCauses(ctx: RankContext): Cause[] {
  const { req, said } = ctx;
  const needed = ctx.report.challenge?.params['scope'];
  const write = req.method !== undefined && ['POST', 'PUT', 'PATCH', 'DELETE'].includes(req.method);
  const search = (req.method === undefined || req.method === 'GET') && /\?|_search/.test(req.url ?? '');
  const readWithoutSearch = (req.grantedScope ?? '').split(/\s+/).filter((t) => t !== '').some((t) => {
    const p = parseScope(t);
    return p.kind === 'resource' && p.permissions.has('r') && !p.permissions.has('s');
  });
  return [
    cause(`the granted scope lacks this resource type or interaction${needed ? `; the server names the scope needed: "${needed}"` : ''} (compare with SCOPE-GRANTED-MISSING)`, 60,
      ['SCOPE-GRANTED-MISSING'], when(needed, 30)),
    cause('a search needs the s permission but only r was granted (v2 scopes: .rs, not .r)', write ? OFF : 45, [], when(search && readWithoutSearch, 120)),
    cause('a write (POST/PUT/PATCH/DELETE) needs c/u/d permissions in the scope, which were not granted', req.method !== undefined && !write ? OFF : 44, [], when(write, 130)),
    cause('a patient/ scope was used for data outside the patient in context', 40, ['SCOPE-CROSS-CONTEXT'], when(/patient|compartment|context/.test(said), 90)),
  ];
}

/** ERR-NO-AUTH-INFO: no Authorization header reached the resource server. */
export function noAuthInfoCauses(ctx: RankContext): Cause[] {
  const { req } = ctx;
  return [
    cause('no Authorization header was sent: send "Authorization: Bearer <access_token>"', req.authorizationHeader === undefined ? 60 : OFF, [], when(req.tokenSent === false, 150)),
    cause(`the Authorization header uses another scheme than Bearer (${JSON.stringify(req.authorizationHeader?.trim().split(/\s+/)[0] ?? '')}), which this server does not accept: send "Authorization: Bearer <access_token>" (BEARER-SCHEME)`,
      req.authorizationHeader !== undefined && !/^\s*bearer\b/i.test(req.authorizationHeader) ? 200 : OFF, ['BEARER-SCHEME']),
    cause('the token was put in an access_token query parameter, which the server ignores (BEARER-QUERY-PARAM)', 40, ['BEARER-QUERY-PARAM'],
      when(/[?&]access_token=/.test(req.url ?? ''), 150)),
    cause('a proxy or gateway in front of the FHIR server stripped the Authorization header', 35, [], when(req.authorizationHeader !== undefined, 60)),
    cause('a redirect (http to https, or to another host) dropped the Authorization header', 30, [], when(req.url?.startsWith('http://') && req.tokenSent !== false, 60)),
  ];
}

/** ERR-NOT-JSON: what a non-JSON error page most likely means, by status. */
export function notJsonCauses(ctx: RankContext): Cause[] {
  const s = ctx.report.status;
  const shape = ctx.report.bodyShape;
  return [
    cause('the URL is wrong (a guessed [base]/token instead of token_endpoint from discovery), so a web server or gateway answered', 50, ['DISC-FETCH-PATH'],
      when(s === 404, 120), when(s === 200 && shape === 'html', 100)),
    cause('the wrong HTTP method: token requests are POST', 30, ['TOKREQ-METHOD-CONTENT-TYPE'], when(s === 405, 150), when(ctx.req.method !== undefined && ctx.req.method !== 'POST', 100)),
    cause('the body was not application/x-www-form-urlencoded and a gateway rejected it', 30, ['TOKREQ-METHOD-CONTENT-TYPE'], when(s === 415, 150), when(ctx.req.formEncoded === false, 100)),
    cause('a gateway, WAF or load balancer blocked the request (IP allow-list, mutual TLS requirement, missing API key)', 45, [], when(s === 401 || s === 403, 100)),
    cause('the OAuth server behind the gateway failed or is down; retry later', 40, [], when(s !== undefined && s >= 500, 120)),
    cause('a login page was returned instead of an API answer (browser-style redirect to sign-in)', 35, [], when(s === 200 || s === 302, 60)),
  ];
}
