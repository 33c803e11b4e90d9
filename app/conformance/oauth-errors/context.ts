import { decodeJws } from '../jws.ts';
import { isObject } from '../values.ts';

/**
 * Normalises `requestSummary` (what the client sent) into the signals that rank an error's causes.
 *
 * Callers describe the request in slightly different words (snake or camel case, a form body or
 * a params object, a client assertion or its claims); reading it once here keeps the cause
 * ranking simple and lets a cause be promoted only by what was actually sent.
 */

/** The request as far as it is known; every field is optional. */
export interface RequestContext {
  flow?: 'backend' | 'code' | 'refresh';
  grantType?: string;
  clientAuth?: 'jwt' | 'basic' | 'post' | 'none';
  contentType?: string;
  /** False when the body was known not to be form-encoded; undefined when unknown. */
  formEncoded?: boolean;
  method?: string;
  scope?: string;
  grantedScope?: string;
  tokenEndpoint?: string;
  url?: string;
  clientId?: string;
  /** Parameters sent (form body or authorize query, plus top-level parameter fields of the summary). */
  params: Record<string, string>;
  /** True only when the full parameter set was given (`body`, `form` or `params`), so absence means "not sent". */
  paramsKnown: boolean;
  assertionHeader?: Record<string, unknown>;
  assertionClaims?: Record<string, unknown>;
  authorizationHeader?: string;
  /**
   * Whether the request presented an access token: true when an Authorization header (or
   * `token_sent: true`) is known, false when `token_sent: false` says none was, undefined when
   * the summary does not say.
   */
  tokenSent?: boolean;
  accessTokenExp?: number;
  accessTokenAud?: string[];
  /** Rule ids reported by the tool's own pre-flight checks of this request. */
  preflightRules: Set<string>;
}

const PARAM_KEYS = [
  'grant_type', 'scope', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type', 'code', 'code_verifier',
  'redirect_uri', 'refresh_token', 'aud', 'state', 'response_type', 'code_challenge', 'code_challenge_method', 'launch',
];

function pick(rs: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (rs[n] !== undefined && rs[n] !== null) return rs[n];
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function readParams(rs: Record<string, unknown>): { params: Record<string, string>; known: boolean } {
  const params: Record<string, string> = {};
  let known = false;
  for (const source of [rs['body'], rs['form'], rs['params']]) {
    if (typeof source === 'string') {
      known = true;
      for (const [k, v] of new URLSearchParams(source)) params[k] = v;
    } else if (isObject(source)) {
      known = true;
      for (const [k, v] of Object.entries(source)) if (str(v) !== undefined) params[k] = str(v) as string;
    }
  }
  for (const k of PARAM_KEYS) {
    const v = str(rs[k]);
    if (v !== undefined && params[k] === undefined) params[k] = v;
  }
  return { params, known };
}

function headerValue(rs: Record<string, unknown>, name: string): string | undefined {
  const headers = rs['headers'];
  if (!isObject(headers)) return undefined;
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return str(v);
  return undefined;
}

function flowOf(rs: Record<string, unknown>, grantType: string | undefined): RequestContext['flow'] {
  if (grantType === 'client_credentials' || grantType?.includes('jwt-bearer')) return 'backend';
  if (grantType === 'authorization_code') return 'code';
  if (grantType === 'refresh_token') return 'refresh';
  const f = str(pick(rs, 'flow'))?.toLowerCase() ?? '';
  if (/backend|client_credentials|system/.test(f)) return 'backend';
  if (/refresh/.test(f)) return 'refresh';
  if (/code|launch|authori[sz]|standalone|ehr/.test(f)) return 'code';
  return undefined;
}

function clientAuthOf(rs: Record<string, unknown>, params: Record<string, string>, authz: string | undefined): RequestContext['clientAuth'] {
  const a = str(pick(rs, 'client_auth', 'clientAuth', 'client_auth_method', 'token_endpoint_auth_method', 'auth', 'client_type', 'clientType'))?.toLowerCase() ?? '';
  if (/private_key_jwt|asymmetric|jwt/.test(a)) return 'jwt';
  if (/basic/.test(a)) return 'basic';
  if (/post/.test(a)) return 'post';
  if (/symmetric|secret/.test(a)) return 'basic';
  if (/none|public/.test(a)) return 'none';
  if (params['client_assertion'] !== undefined) return 'jwt';
  if (authz?.toLowerCase().startsWith('basic ')) return 'basic';
  if (params['client_secret'] !== undefined) return 'post';
  return undefined;
}

function claimsOf(token: unknown): { header?: Record<string, unknown>; payload?: Record<string, unknown> } {
  if (isObject(token)) return { payload: token };
  const d = decodeJws(token);
  return d.ok ? { header: d.jws.header, payload: d.jws.payload } : {};
}

function audList(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** Reads a requestSummary of any shape; never throws. */
export function requestContext(requestSummary: unknown): RequestContext {
  const rs = isObject(requestSummary) ? requestSummary : {};
  const { params, known } = readParams(rs);
  const authorizationHeader = str(pick(rs, 'authorization', 'authorization_header', 'authorizationHeader')) ?? headerValue(rs, 'authorization');
  const grantType = params['grant_type'] ?? str(pick(rs, 'grantType'));
  const contentType = str(pick(rs, 'content_type', 'contentType')) ?? headerValue(rs, 'content-type');
  const assertion = claimsOf(pick(rs, 'client_assertion', 'assertion', 'assertion_claims', 'assertionClaims') ?? params['client_assertion']);
  const accessToken = claimsOf(pick(rs, 'access_token', 'accessToken', 'access_token_claims'));
  const expRaw = pick(rs, 'token_expires_at', 'tokenExpiresAt', 'expires_at', 'expiresAt') ?? accessToken.payload?.['exp'];
  const exp = typeof expRaw === 'number' && Number.isFinite(expRaw) ? (expRaw > 1e12 ? Math.floor(expRaw / 1000) : expRaw) : undefined;
  const preflight = pick(rs, 'findings', 'preflight', 'preflight_findings', 'preflightFindings', 'local_findings');
  // Only what the checks found wrong counts as near-certain; an info note (client_secret_post on a
  // server that lists it) is no evidence of a cause.
  const preflightRules = new Set<string>(
    (Array.isArray(preflight) ? preflight : [])
      .filter((f) => !isObject(f) || f['severity'] !== 'info')
      .map((f) => (isObject(f) ? f['rule'] : f))
      .filter((r): r is string => typeof r === 'string'),
  );
  return {
    flow: flowOf(rs, grantType),
    grantType,
    clientAuth: clientAuthOf(rs, params, authorizationHeader),
    contentType,
    formEncoded: contentType === undefined ? undefined : contentType.trim().toLowerCase().startsWith('application/x-www-form-urlencoded'),
    method: str(pick(rs, 'method'))?.toUpperCase(),
    scope: params['scope'] ?? str(pick(rs, 'requested_scope', 'requestedScope')),
    grantedScope: str(pick(rs, 'granted_scope', 'grantedScope', 'token_scope')),
    tokenEndpoint: str(pick(rs, 'token_endpoint', 'tokenEndpoint')),
    url: str(pick(rs, 'url', 'request_url', 'requestUrl')),
    clientId: params['client_id'] ?? str(pick(rs, 'clientId')),
    params,
    paramsKnown: known,
    assertionHeader: assertion.header,
    assertionClaims: assertion.payload,
    authorizationHeader,
    tokenSent: typeof rs['token_sent'] === 'boolean' ? rs['token_sent'] : authorizationHeader !== undefined ? true : undefined,
    accessTokenExp: exp,
    accessTokenAud: audList(accessToken.payload?.['aud'] ?? pick(rs, 'token_aud', 'tokenAud')),
    preflightRules,
  };
}
