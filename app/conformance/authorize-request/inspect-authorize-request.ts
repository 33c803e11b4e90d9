import { finding } from '../finding.ts';
import { checkChallengeEncoding, checkPkceMethod } from '../pkce/index.ts';
import { redirectUriFindings } from '../redirect-uri/index.ts';
import { checkScopeString } from '../scopes/index.ts';
import type { CheckOptions, Finding } from '../types.ts';
import { isObject, show } from '../values.ts';
import { parseUri } from '../uri-parts.ts';

/**
 * Authorization request checks (rules 153-159, plus the PKCE, redirect URI and scope rules that
 * apply to what the app sends to the authorize endpoint and to what comes back on the redirect).
 *
 * Run before the browser opens, so a wrong `aud`, a missing `state` or PKCE, or an unregistered
 * redirect URI is caught before the server shows an error page the tool never sees.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#request-4
 */

/** Input of inspectAuthorizeRequest (conformance-api.md); `params` are URL-decoded. */
export interface AuthorizeRequestInput {
  launchMode?: 'standalone' | 'ehr' | string;
  fhirBaseUrl?: unknown;
  authorizationEndpoint?: unknown;
  tokenEndpoint?: unknown;
  clientType?: unknown;
  registeredRedirectUris?: unknown;
  launchIss?: unknown;
  launch?: unknown;
  params?: unknown;
  callbackQuery?: unknown;
}

const MIN_STATE_LENGTH = 22;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function stateFindings(state: unknown): Finding[] {
  if (state === undefined || state === null || state === '') {
    return [finding('AUTHZ-STATE', 'authorize request has no state parameter')];
  }
  if (typeof state !== 'string') return [finding('AUTHZ-STATE', `state is not a string: ${show(state)}`)];
  if (state.length < MIN_STATE_LENGTH) {
    return [finding('AUTHZ-STATE', `state ${show(state)} is ${state.length} characters long; use at least 122 random bits (22+ characters)`)];
  }
  if (new Set(state).size === 1) return [finding('AUTHZ-STATE', `state ${show(state)} is a constant string, not a random value`)];
  return [];
}

function launchFindings(ehr: boolean, params: Record<string, unknown>, scope: string | undefined, received: unknown): Finding[] {
  const out: Finding[] = [];
  const launch = params['launch'];
  const hasLaunch = launch !== undefined && launch !== null && launch !== '';
  if (!ehr) {
    if (hasLaunch) out.push(finding('AUTHZ-LAUNCH', `standalone launch sends launch=${show(launch)}; omit it outside an EHR launch`));
    return out;
  }
  if (!hasLaunch) out.push(finding('AUTHZ-LAUNCH', 'EHR launch without the launch parameter received from the EHR'));
  else if (typeof received === 'string' && received !== '' && launch !== received) {
    out.push(finding('AUTHZ-LAUNCH', `launch=${show(launch)} differs from the launch value the EHR sent (${show(received)})`));
  }
  const tokens = (scope ?? '').split(/[ \t\r\n]+/);
  if (!tokens.includes('launch')) out.push(finding('AUTHZ-LAUNCH', `EHR launch without the "launch" scope (scope=${show(scope ?? '')})`));
  return out;
}

/** Reads the query of a raw redirect URL or query string; never throws. */
export function parseCallbackQuery(raw: string): URLSearchParams {
  let q = raw.trim();
  const hash = q.indexOf('#');
  if (hash >= 0) q = q.slice(0, hash);
  const qm = q.indexOf('?');
  if (qm >= 0) q = q.slice(qm + 1);
  else if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(q)) q = '';
  return new URLSearchParams(q);
}

function callbackFindings(sentState: unknown, callbackQuery: unknown): Finding[] {
  if (callbackQuery === undefined || callbackQuery === null) return [];
  if (typeof callbackQuery !== 'string') {
    return [finding('AUTHZ-STATE-MISMATCH', `the redirect query is not a string: ${show(callbackQuery)}`)];
  }
  const back = parseCallbackQuery(callbackQuery).get('state');
  const sent = typeof sentState === 'string' && sentState !== '' ? sentState : undefined;
  if (sent === undefined && back !== null) {
    return [finding('AUTHZ-STATE-MISMATCH', `the redirect carries state=${show(back)} but no login with a state is pending`)];
  }
  if (sent !== undefined && back !== sent) {
    return [finding('AUTHZ-STATE-MISMATCH', back === null
      ? `the redirect came back without state; sent ${show(sent)}`
      : `the redirect came back with state=${show(back)}; sent ${show(sent)}`)];
  }
  return [];
}

/** Inspects an authorize request and, when given, the redirect that came back; never throws. */
export function inspectAuthorizeRequest(input: AuthorizeRequestInput, _opts?: CheckOptions): Finding[] {
  const src = (isObject(input) ? input : {}) as AuthorizeRequestInput;
  const params: Record<string, unknown> = isObject(src.params) ? src.params : {};
  const ehr = src.launchMode === 'ehr';
  const out: Finding[] = [];
  const responseType = params['response_type'];
  if (responseType !== 'code') {
    out.push(finding('AUTHZ-RESPONSE-TYPE', responseType === undefined
      ? 'authorize request has no response_type; SMART requires response_type=code'
      : `response_type=${show(responseType)}; SMART only supports response_type=code`));
  }

  const launchIss = str(src.launchIss);
  const fhirBase = str(src.fhirBaseUrl);
  out.push(...audFindings(params, {
    expected: ehr && launchIss ? launchIss : fhirBase,
    expectedSource: ehr && launchIss ? 'launch iss' : 'FHIR base URL',
    fhirBaseUrl: fhirBase,
    authorizationEndpoint: str(src.authorizationEndpoint),
    tokenEndpoint: str(src.tokenEndpoint),
  }));

  out.push(...stateFindings(params['state']));
  const scope = typeof params['scope'] === 'string' ? params['scope'] : undefined;
  out.push(...launchFindings(ehr, params, scope, src.launch));

  const challenge = params['code_challenge'];
  if (challenge === undefined || challenge === null || challenge === '') {
    out.push(finding('AUTHZ-PKCE-MISSING', 'authorize request has no code_challenge (PKCE)'));
  }
  out.push(...checkPkceMethod(params['code_challenge_method']));
  if (typeof challenge === 'string' && challenge !== '') out.push(...checkChallengeEncoding(challenge, params['code_challenge_method']));

  const registered = Array.isArray(src.registeredRedirectUris)
    ? src.registeredRedirectUris.filter((r): r is string => typeof r === 'string')
    : [];
  const redirect = params['redirect_uri'];
  if (typeof redirect === 'string' && redirect !== '') out.push(...redirectUriFindings(redirect, registered));
  else out.push(finding('REDIR-EXACT-MATCH', `authorize request has no usable redirect_uri (got ${show(redirect)})`));

  if (scope !== undefined) out.push(...checkScopeString(scope, { flow: ehr ? 'app-launch-ehr' : 'app-launch-standalone' }));
  out.push(...callbackFindings(params['state'], src.callbackQuery));
  return out;
}

/**
 * The authorize request's `aud` (rules 153-154): present, and exactly the FHIR base URL.
 *
 * Mixing up the two `aud`s of SMART (FHIR base here, token endpoint in the client assertion) is
 * one of the most common mistakes, so the message names which wrong URL was used.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/app-launch.html#request-4
 */

/** What the aud check compares against. */
export interface AudContext {
  expected: string | undefined;
  expectedSource: 'launch iss' | 'FHIR base URL';
  fhirBaseUrl?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
}

function stripSlash(s: string): string {
  return s.replace(/\/+$/, '');
}

/** Names the kind of difference between `aud` and the expected FHIR base. */
export function describeAudDifference(aud: string, ctx: AudContext): string {
  const expected = ctx.expected ?? '';
  if (ctx.tokenEndpoint && aud === ctx.tokenEndpoint) {
    return 'is the token endpoint (that is the client assertion\'s aud); the authorize request\'s aud is the FHIR base URL';
  }
  if (ctx.authorizationEndpoint && aud === ctx.authorizationEndpoint) return 'is the authorization endpoint, not the FHIR base URL';
  if (stripSlash(aud) === stripSlash(expected)) return 'differs from it only by a trailing slash';
  if (aud.toLowerCase() === expected.toLowerCase()) return 'differs from it only in letter case';
  if (ctx.expectedSource === 'launch iss' && ctx.fhirBaseUrl && aud === ctx.fhirBaseUrl) {
    return 'is the configured FHIR base, but the EHR launched the app with a different iss';
  }
  const a = parseUri(aud);
  const e = parseUri(expected);
  if (!a?.hasAuthority) return 'is not an absolute URL';
  if (e?.hasAuthority) {
    if (a.host.toLowerCase() !== e.host.toLowerCase()) return `names another host (${a.host} instead of ${e.host})`;
    if (a.scheme.toLowerCase() !== e.scheme.toLowerCase()) return `uses scheme ${a.scheme} instead of ${e.scheme}`;
    if (a.port !== e.port) return `uses another port (${a.port ?? 'default'} instead of ${e.port ?? 'default'})`;
    if (stripSlash(e.rest).startsWith(stripSlash(a.rest))) {
      return 'is a prefix of the FHIR base (an issuer or server root used instead of the FHIR endpoint)';
    }
  }
  return 'points to another path on the server';
}

/** AUTHZ-AUD and AUTHZ-AUD-VALUE for one authorize request's parameters. */
export function audFindings(params: Record<string, unknown>, ctx: AudContext): Finding[] {
  const out: Finding[] = [];
  const aud = params['aud'];
  const resource = params['resource'];
  const hasAud = aud !== undefined && aud !== null && aud !== '';
  const hasResource = typeof resource === 'string' && resource !== '';
  let value: unknown = aud;
  if (!hasAud) {
    if (hasResource) {
      out.push(finding('AUTHZ-AUD', `authorize request sends resource=${show(resource)} but no aud; servers only MAY accept resource as a synonym`, 'warning'));
      value = resource;
    } else {
      out.push(finding('AUTHZ-AUD', 'authorize request has no aud parameter (the FHIR base URL)'));
      return out;
    }
  }
  if (ctx.expected === undefined) return out;
  const name = hasAud ? 'aud' : 'resource';
  if (typeof value !== 'string') {
    out.push(finding('AUTHZ-AUD-VALUE', `${name} is not a string: ${show(value)}; expected ${show(ctx.expected)}`));
  } else if (value !== ctx.expected) {
    out.push(finding('AUTHZ-AUD-VALUE',
      `${name}=${show(value)} ${describeAudDifference(value, ctx)} (expected the ${ctx.expectedSource} ${show(ctx.expected)})`));
  }
  return out;
}
