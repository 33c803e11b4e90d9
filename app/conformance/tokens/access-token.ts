import { finding, nowSeconds, skewSeconds } from '../finding.ts';
import { decodeJws, describeJwsError } from '../jws.ts';
import { tokenizeScopes } from '../scopes/index.ts';
import { audienceList, isExpired, isoTime, numericDate, withoutTrailingSlash } from './jwt-claims.ts';
import type { CheckOptions, Finding, Jwks } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * Access-token decoding rules (88-94 of conformance.md). SMART leaves the format to the server,
 * so these are diagnostics unless the token declares the RFC 9068 profile.
 */

/** Input of inspectAccessToken / inspectIdToken (conformance-api.md). */
export interface TokenInspectionInput {
  token: string;
  clientId: string;
  fhirBaseUrl: string;
  issuer?: string;
  serverJwks?: Jwks;
  serverJwksUri?: string;
  tokenResponse?: object;
}

const AT_TYPES = ['at+jwt', 'application/at+jwt'];
const RFC9068_CLAIMS = ['iss', 'exp', 'aud', 'sub', 'client_id', 'iat', 'jti'];

/** The token set of a `scope`/`scp` claim (space-separated string or array of strings). */
function claimScopes(v: unknown): string[] | undefined {
  if (typeof v === 'string') return tokenizeScopes(v).tokens;
  if (Array.isArray(v)) return [...new Set(v.filter((s): s is string => typeof s === 'string'))];
  return undefined;
}

function sameSet(a: string[], b: string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Rules 88-94 for one access token; never throws. */
export function checkAccessToken(input: TokenInspectionInput, opts?: CheckOptions): Finding[] {
  const token = input?.token;
  if (typeof token !== 'string' || token.trim() === '') {
    return [finding('TOKRESP-ACCESS-TOKEN', `no usable access token to inspect (got ${show(token)})`)];
  }
  const decoded = decodeJws(token);
  if (!decoded.ok) {
    // A JWS whose payload is not JSON cannot be decoded either: report it as opaque too.
    return [finding('AT-OPAQUE', `the access token is not a decodable JWT: ${describeJwsError(decoded.error)}`)];
  }
  const { header, payload, signature } = decoded.jws;
  const out: Finding[] = [];
  const alg = header.alg;
  if ((typeof alg === 'string' && alg.toLowerCase() === 'none') || signature === '') {
    out.push(finding('AT-JWT-ALG-NONE', `the access token is unsigned (alg ${show(alg)}, signature ${signature === '' ? 'empty' : 'present'})`));
  }
  const typ = header.typ;
  const rfc9068 = typeof typ === 'string' && AT_TYPES.includes(typ.toLowerCase());
  if (!rfc9068) {
    out.push(finding('AT-JWT-TYP', `the access token's typ is ${show(typ)}, not "at+jwt" (RFC 9068); its claims are server-specific`));
  } else {
    const missing = RFC9068_CLAIMS.filter((c) => payload[c] === undefined || payload[c] === null);
    if (missing.length > 0) out.push(finding('AT-JWT-CLAIMS', `RFC 9068 access token lacks required claim(s): ${missing.join(', ')}`));
  }
  const exp = numericDate(payload.exp);
  const now = nowSeconds(opts);
  if (exp !== undefined && isExpired(exp, now, skewSeconds(opts))) {
    out.push(finding('AT-JWT-EXPIRED', `the access token expired at ${isoTime(exp)} (exp ${exp}, now ${now})`));
  }
  if (payload.aud !== undefined && typeof input.fhirBaseUrl === 'string') {
    const base = withoutTrailingSlash(input.fhirBaseUrl);
    const auds = audienceList(payload.aud);
    if (!auds.some((a) => withoutTrailingSlash(a) === base)) {
      out.push(finding('AT-JWT-AUD', `access token aud ${show(payload.aud)} does not name the FHIR base URL ${show(input.fhirBaseUrl)}`));
    }
  }
  const claim = payload.scope !== undefined ? payload.scope : payload.scp;
  const claimName = payload.scope !== undefined ? 'scope' : 'scp';
  const tokenScopes = claimScopes(claim);
  const response = isObject(input.tokenResponse) ? input.tokenResponse : undefined;
  if (tokenScopes && response && typeof response.scope === 'string') {
    if (!sameSet(tokenScopes, tokenizeScopes(response.scope).tokens)) {
      out.push(finding('AT-JWT-SCOPE-MISMATCH', `access token ${claimName} claim ${show(claim)} differs from the token response scope ${show(response.scope)}`));
    }
  }
  return out;
}
