import { finding, nowSeconds, skewSeconds } from '../finding.ts';
import { decodeJws, describeJwsError } from '../jws.ts';
import { tokenizeScopes } from '../scopes/index.ts';
import type { TokenInspectionInput } from './access-token.ts';
import { audienceList, isExpired, isoTime, numericDate, verifyWithJwks } from './jwt-claims.ts';
import type { CheckOptions, Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * ID-token rules (95-101 of conformance.md): the OIDC validation a client must do before it
 * trusts the identity (and `fhirUser`) that came with a SMART token response.
 */

/** ID-token input; `requestedScope` lets the token-response check apply "requested and scope missing". */
export interface IdTokenCheckInput extends TokenInspectionInput {
  requestedScope?: string | null;
}

const FHIR_USER_TYPES = ['Patient', 'Practitioner', 'PractitionerRole', 'RelatedPerson', 'Person'];

/** The resource type a `fhirUser` URL points at (second-to-last path segment), or undefined. */
export function fhirUserResourceType(value: string): string | undefined {
  let path = value.split(/[?#]/)[0] ?? '';
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value)) {
    try {
      path = new URL(value).pathname;
    } catch {
      return undefined;
    }
  }
  let segs = path.split('/').filter((s) => s !== '');
  const history = segs.indexOf('_history');
  if (history >= 0) segs = segs.slice(0, history);
  return segs.length >= 2 ? segs[segs.length - 2] : undefined;
}

function algFindings(alg: unknown): Finding[] {
  if (typeof alg !== 'string' || alg === '' || alg.toLowerCase() === 'none') {
    return [finding('IDT-ALG', `the ID token is not signed (alg ${show(alg)})`)];
  }
  if (/^HS\d+$/i.test(alg)) return [finding('IDT-ALG', `the ID token is HMAC-signed (alg ${show(alg)}), not RS256 with a key from jwks_uri`)];
  if (alg !== 'RS256') {
    return [finding('IDT-ALG', `the ID token is signed with ${show(alg)} rather than SMART's baseline RS256`, 'warning')];
  }
  return [];
}

function claimFindings(p: Record<string, unknown>): Finding[] {
  const problems: string[] = [];
  for (const c of ['iss', 'sub', 'aud', 'exp', 'iat']) if (p[c] === undefined || p[c] === null) problems.push(`${c} missing`);
  if (typeof p.iss !== 'string' && p.iss != null) problems.push(`iss is not a string (${show(p.iss)})`);
  if (p.sub != null) {
    if (typeof p.sub !== 'string') problems.push(`sub is not a string (${show(p.sub)})`);
    else if (p.sub === '') problems.push('sub is empty');
    else if (p.sub.length > 255) problems.push(`sub is ${p.sub.length} characters long (max 255)`);
  }
  if (p.aud != null && audienceList(p.aud).length === 0) problems.push(`aud is not a string or array of strings (${show(p.aud)})`);
  for (const c of ['exp', 'iat']) if (p[c] != null && numericDate(p[c]) === undefined) problems.push(`${c} is not a JSON number (${show(p[c])})`);
  return problems.length > 0 ? [finding('IDT-CLAIMS', `ID token claims incomplete: ${problems.join('; ')}`)] : [];
}

/** Granted scope tokens, falling back to the requested scope when the response had no `scope`. */
function grantedScopes(input: IdTokenCheckInput): string[] | undefined {
  const response = isObject(input.tokenResponse) ? input.tokenResponse : undefined;
  if (response && typeof response.scope === 'string') return tokenizeScopes(response.scope).tokens;
  if ((!response || response.scope == null) && typeof input.requestedScope === 'string') return tokenizeScopes(input.requestedScope).tokens;
  return undefined;
}

function fhirUserFindings(p: Record<string, unknown>, input: IdTokenCheckInput): Finding[] {
  const value = p.fhirUser;
  if (value === undefined || value === null) {
    const scopes = grantedScopes(input);
    return scopes?.includes('fhirUser')
      ? [finding('IDT-FHIRUSER-MISSING', 'fhirUser was granted but the ID token has no fhirUser claim')]
      : [];
  }
  if (typeof value !== 'string') return [finding('IDT-FHIRUSER-TYPE', `fhirUser is not a URL string (${show(value)})`)];
  const type = fhirUserResourceType(value);
  if (type === undefined) return [finding('IDT-FHIRUSER-TYPE', `fhirUser ${show(value)} is a bare id, not a resource URL`)];
  if (!FHIR_USER_TYPES.includes(type)) {
    return [finding('IDT-FHIRUSER-TYPE', `fhirUser ${show(value)} points to ${show(type)}, not Patient, Practitioner, PractitionerRole, RelatedPerson or Person`)];
  }
  return [];
}

/** Rules 95-101 for one ID token (plus signature verification with serverJwks); never rejects. */
export async function checkIdToken(input: IdTokenCheckInput, opts?: CheckOptions): Promise<Finding[]> {
  const token = input?.token;
  const decoded = decodeJws(token);
  if (!decoded.ok) {
    const why = typeof token === 'string' && token.trim() !== '' ? describeJwsError(decoded.error) : `got ${show(token)}`;
    return [finding('IDT-CLAIMS', `the ID token is not a decodable signed JWT: ${why}`)];
  }
  const { header, payload } = decoded.jws;
  const out: Finding[] = [...algFindings(header.alg)];
  if (out.every((f) => f.severity !== 'error') && input.serverJwks !== undefined) {
    const v = await verifyWithJwks(token as string, header, input.serverJwks);
    if (v.status === 'no-key' || v.status === 'invalid') {
      out.push(finding('IDT-ALG', `the ID token signature cannot be verified with the server's JWKS: ${v.reason}`));
    }
  }
  out.push(...claimFindings(payload));
  if (typeof input.issuer === 'string' && typeof payload.iss === 'string' && payload.iss !== input.issuer) {
    out.push(finding('IDT-ISS', `ID token iss ${show(payload.iss)} differs from the published issuer ${show(input.issuer)}`));
  }
  const auds = audienceList(payload.aud);
  if (auds.length > 0 && !auds.includes(input.clientId)) {
    out.push(finding('IDT-AUD', `ID token aud ${show(payload.aud)} does not contain client_id ${show(input.clientId)}`));
  }
  const exp = numericDate(payload.exp);
  const now = nowSeconds(opts);
  if (exp !== undefined && isExpired(exp, now, skewSeconds(opts))) {
    out.push(finding('IDT-EXPIRED', `the ID token expired at ${isoTime(exp)} (exp ${exp}, now ${now})`));
  }
  out.push(...fhirUserFindings(payload, input));
  return out;
}
