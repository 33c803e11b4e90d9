import { finding } from '../finding.ts';
import type { Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * Client-assertion JOSE header rules that need no key material (rules 1-6 and 10-16).
 *
 * Key selection by `kid` (rules 7-9) lives in keys.ts because it needs the registered JWKS.
 */

/** What the header checks know about the client's registration and the server. */
export interface HeaderContext {
  signature: string;
  registeredJwksUrl?: unknown;
  /** Key ids of the registered JWKS; undefined when no JWKS is known. */
  registeredKids?: string[];
  discovery?: unknown;
}

const STANDARD_HEADER = new Set(['alg', 'kid', 'typ', 'jku', 'jwk', 'x5u', 'x5c', 'x5t', 'x5t#S256', 'cty', 'crit']);
const SMART_ALGS = new Set(['RS384', 'ES384']);
const HMAC_ALGS = new Set(['HS256', 'HS384', 'HS512']);

function algFindings(h: Record<string, unknown>, ctx: HeaderContext): Finding[] {
  const out: Finding[] = [];
  const alg = h.alg;
  if (typeof alg !== 'string' || alg === '') {
    out.push(finding('ASSERT-ALG-MISSING', alg === undefined ? 'the header has no "alg"' : `header "alg" is ${show(alg)}, not a non-empty string`));
  }
  const isNone = typeof alg === 'string' && alg.toLowerCase() === 'none';
  if (isNone || ctx.signature === '') {
    out.push(finding('ASSERT-ALG-NONE', isNone ? `header "alg" is ${show(alg)}: the assertion is unsigned` : 'the signature segment is empty: the assertion is unsigned'));
  }
  if (typeof alg === 'string' && HMAC_ALGS.has(alg)) {
    out.push(finding('ASSERT-ALG-SYMMETRIC', `header "alg" is ${alg} (HMAC with a shared secret), not an asymmetric signature`));
  } else if (typeof alg === 'string' && alg !== '' && !isNone && !SMART_ALGS.has(alg)) {
    out.push(finding('ASSERT-ALG-NOT-SMART', `header "alg" is ${show(alg)}; SMART servers are only required to accept RS384 or ES384`));
  }
  const d = ctx.discovery;
  if (typeof alg === 'string' && isObject(d) && Array.isArray(d.token_endpoint_auth_signing_alg_values_supported)) {
    const advertised = d.token_endpoint_auth_signing_alg_values_supported as unknown[];
    if (!advertised.includes(alg)) {
      out.push(finding('ASSERT-ALG-NOT-ADVERTISED', `header "alg" ${show(alg)} is not in token_endpoint_auth_signing_alg_values_supported ${show(advertised)}`));
    }
  }
  return out;
}

function typFindings(h: Record<string, unknown>): Finding[] {
  const typ = h.typ;
  if (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT') {
    return [finding('ASSERT-TYP', typ === undefined ? 'the header has no "typ" (SMART requires "JWT")' : `header "typ" is ${show(typ)}, not "JWT"`)];
  }
  if (typ !== 'JWT') return [finding('ASSERT-TYP-CASE', `header "typ" is ${show(typ)}; write it as uppercase "JWT"`)];
  return [];
}

function jkuFindings(h: Record<string, unknown>, ctx: HeaderContext): Finding[] {
  if (!('jku' in h)) return [];
  const out: Finding[] = [];
  const jku = h.jku;
  const registered = ctx.registeredJwksUrl;
  if (typeof registered === 'string' && registered !== '') {
    if (jku !== registered) out.push(finding('ASSERT-JKU-NOT-REGISTERED', `header "jku" ${show(jku)} is not the registered JWKS URL ${show(registered)}`));
  } else if (ctx.registeredKids !== undefined) {
    out.push(finding('ASSERT-JKU-NOT-REGISTERED', `header "jku" ${show(jku)} is sent but the client registered a static JWKS, not a JWKS URL`));
  }
  let https = false;
  if (typeof jku === 'string') {
    try {
      https = new URL(jku).protocol === 'https:';
    } catch {
      https = false;
    }
  }
  if (!https) out.push(finding('ASSERT-JKU-NOT-HTTPS', `header "jku" ${show(jku)} is not an https URL`));
  return out;
}

function embeddedKeyFindings(h: Record<string, unknown>, ctx: HeaderContext): Finding[] {
  const always = ['jwk', 'x5c'].filter((m) => m in h);
  const refs = ['x5u', 'x5t', 'x5t#S256'].filter((m) => m in h);
  const kid = h.kid;
  const hasRegisteredKid = typeof kid === 'string' && kid !== '' && (ctx.registeredKids === undefined || ctx.registeredKids.includes(kid));
  if (always.length > 0) {
    return [finding('ASSERT-HEADER-EMBEDDED-KEY', `the header embeds ${[...always, ...refs].join(', ')}; SMART servers verify only against registered keys`)];
  }
  if (refs.length > 0 && !hasRegisteredKid) {
    return [finding('ASSERT-HEADER-EMBEDDED-KEY', `the header carries ${refs.join(', ')} without a registered "kid"`)];
  }
  return [];
}

/** Checks a decoded client-assertion header against rules 1-6 and 10-16. */
export function checkAssertionHeader(h: Record<string, unknown>, ctx: HeaderContext): Finding[] {
  const out = algFindings(h, ctx);
  const kid = h.kid;
  if (typeof kid !== 'string' || kid === '') {
    out.push(finding('ASSERT-KID-MISSING', kid === undefined ? 'the header has no "kid"' : `header "kid" is ${show(kid)}, not a non-empty string`));
  }
  out.push(...typFindings(h));
  out.push(...jkuFindings(h, ctx));
  out.push(...embeddedKeyFindings(h, ctx));
  const extra = Object.keys(h).filter((k) => !STANDARD_HEADER.has(k));
  if (extra.length > 0) out.push(finding('ASSERT-HEADER-NONSTANDARD', `non-standard header member(s) ${extra.map((k) => show(k)).join(', ')}`));
  if ('crit' in h) out.push(finding('ASSERT-HEADER-CRIT', `the header lists "crit": ${show(h.crit)}`));
  return out;
}
