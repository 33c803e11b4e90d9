import { finding } from '../finding.ts';
import type { Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * Client-assertion claim rules (17-34): identity (`iss`, `sub`, `aud`), times (`exp`, `iat`,
 * `nbf`), replay protection (`jti`) and claims a SMART server ignores.
 */

/** What the claim checks compare against. */
export interface ClaimContext {
  clientId: unknown;
  tokenEndpoint: unknown;
  now: number;
  skew: number;
  previousJtis?: unknown;
}

const STANDARD_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'jti', 'iat', 'nbf']);
/** SMART's ceiling on assertion lifetime, evaluated without tolerance. */
const MAX_LIFETIME = 300;

function identityFindings(p: Record<string, unknown>, ctx: ClaimContext): Finding[] {
  const out: Finding[] = [];
  const id = ctx.clientId;
  if (typeof p.iss !== 'string' || p.iss !== id) {
    out.push(finding('ASSERT-ISS', p.iss === undefined ? `the assertion has no "iss" (expected client_id ${show(id)})` : `"iss" is ${show(p.iss)}, not the client_id ${show(id)}`));
  }
  if (p.sub !== id || typeof p.sub !== 'string') {
    out.push(finding('ASSERT-SUB', p.sub === undefined ? `the assertion has no "sub" (expected client_id ${show(id)})` : `"sub" is ${show(p.sub)}, not the client_id ${show(id)}`));
  }
  const aud = p.aud;
  const te = ctx.tokenEndpoint;
  if (aud === undefined) out.push(finding('ASSERT-AUD', `the assertion has no "aud" (expected the token endpoint ${show(te)})`));
  else if (Array.isArray(aud)) {
    if (typeof te === 'string' && aud.includes(te)) out.push(finding('ASSERT-AUD-ARRAY', `"aud" is an array ${show(aud)}; send the token endpoint as a plain string`));
    else out.push(finding('ASSERT-AUD', `"aud" ${show(aud)} does not contain the token endpoint ${show(te)}`));
  } else if (typeof aud !== 'string' || aud !== te) {
    out.push(finding('ASSERT-AUD', `"aud" is ${show(aud)}, not the token endpoint ${show(te)}`));
  }
  return out;
}

function timeFormatFindings(p: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  for (const name of ['exp', 'iat', 'nbf']) {
    if (!(name in p)) continue;
    const v = p[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      out.push(finding('ASSERT-TIME-FORMAT', `"${name}" is ${show(v)}, not a JSON number of seconds`));
    } else if (v >= 1e11) {
      out.push(finding('ASSERT-TIME-FORMAT', `"${name}" is ${v}, which looks like milliseconds, not seconds since 1970`));
    } else if (v < 0) {
      out.push(finding('ASSERT-TIME-FORMAT', `"${name}" is ${v}, a negative time`));
    }
    if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) {
      out.push(finding('ASSERT-EXP-NOT-INTEGER', `"${name}" is ${v}, not a whole number of seconds`));
    }
  }
  return out;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function timeFindings(p: Record<string, unknown>, ctx: ClaimContext): Finding[] {
  const out: Finding[] = [];
  const { now, skew } = ctx;
  if (!('exp' in p)) out.push(finding('ASSERT-EXP-MISSING', 'the assertion has no "exp" claim'));
  out.push(...timeFormatFindings(p));
  const exp = num(p.exp);
  const iat = num(p.iat);
  const nbf = num(p.nbf);
  if (exp !== undefined) {
    const ahead = exp - now;
    if (ahead > MAX_LIFETIME) out.push(finding('ASSERT-EXP-TOO-FAR', `"exp" is ${ahead} s after now; SMART allows at most ${MAX_LIFETIME} s`));
    if (ahead >= 290 && ahead <= MAX_LIFETIME) out.push(finding('ASSERT-EXP-NO-SKEW-MARGIN', `"exp" is ${ahead} s after now, at the five-minute limit`));
    if (exp <= now) out.push(finding('ASSERT-EXP-PAST', `"exp" ${exp} is ${now - exp} s before now (${now})`));
  }
  if (iat !== undefined && iat > now + skew) out.push(finding('ASSERT-IAT-FUTURE', `"iat" is ${iat - now} s in the future`));
  if (nbf !== undefined && nbf > now + skew) out.push(finding('ASSERT-NBF-FUTURE', `"nbf" is ${nbf - now} s in the future`));
  const long: string[] = [];
  if (exp !== undefined && iat !== undefined && exp - iat > MAX_LIFETIME) long.push(`exp − iat = ${exp - iat} s`);
  if (exp !== undefined && nbf !== undefined && exp - nbf > MAX_LIFETIME) long.push(`exp − nbf = ${exp - nbf} s`);
  if (iat !== undefined && now - iat > MAX_LIFETIME) long.push(`issued ${now - iat} s ago`);
  if (long.length > 0) out.push(finding('ASSERT-LIFETIME-LONG', `assertion lifetime exceeds five minutes: ${long.join(', ')}`));
  return out;
}

function jtiFindings(p: Record<string, unknown>, ctx: ClaimContext): Finding[] {
  const jti = p.jti;
  if (jti === undefined || jti === '') return [finding('ASSERT-JTI-MISSING', jti === undefined ? 'the assertion has no "jti"' : '"jti" is an empty string')];
  const out: Finding[] = [];
  const previous = Array.isArray(ctx.previousJtis) ? ctx.previousJtis : [];
  if (previous.some((v) => v === jti || (typeof jti === 'number' && v === String(jti)))) {
    out.push(finding('ASSERT-JTI-REUSED', `"jti" ${show(jti)} was already used by this client within the replay window`));
  }
  if (typeof jti !== 'string') out.push(finding('ASSERT-JTI-WEAK', `"jti" is ${show(jti)}, not a string`));
  else if (jti.length < 16) out.push(finding('ASSERT-JTI-WEAK', `"jti" ${show(jti)} has only ${jti.length} characters; use a UUID or 128 random bits`));
  return out;
}

/** Checks decoded client-assertion claims against rules 17-34. */
export function checkAssertionClaims(p: Record<string, unknown>, ctx: ClaimContext): Finding[] {
  const out = [...identityFindings(p, ctx), ...timeFindings(p, ctx), ...jtiFindings(p, ctx)];
  const extra = Object.keys(p).filter((k) => !STANDARD_CLAIMS.has(k));
  if (extra.length > 0) out.push(finding('ASSERT-EXTRA-CLAIMS', `non-SMART claim(s) ${extra.map((k) => show(k)).join(', ')}`));
  if ('scope' in p) out.push(finding('ASSERT-SCOPE-CLAIM', `the assertion carries "scope": ${show(p.scope)}; send scopes in the form body`));
  return out;
}
