import { finding } from '../finding.ts';
import {
  checkAlgMismatch,
  checkKeyMembers,
  checkPrivateMembers,
  checkUseEnc,
  isUsablePublicKey,
  ktyFits,
  readJwks,
} from './keys.ts';
import { checkJwksUrl } from './url.ts';
import { checkEcCurve, checkRsaSize, keyLabel } from '../key-strength.ts';
import type { CheckOptions, Finding, Headers } from '../types.ts';
import { header, isObject, readBody, show } from '../values.ts';

/** What the JWKS inspector receives: the client's JWKS URL and/or the document it served. */
export interface JwksInput {
  jwksUrl?: string;
  /** The algorithm the client signs with (RS384, ES384 ...), to judge each key against. */
  intendedAlg?: string;
  status?: number;
  headers?: Headers;
  body?: unknown;
  rawBody?: string;
}

function statusNumber(status: unknown): number | undefined {
  if (typeof status === 'number' && Number.isFinite(status)) return status;
  if (typeof status === 'string' && /^\d{3}$/.test(status.trim())) return Number(status.trim());
  return undefined;
}

/** Rules 40-45, 37-38 and 48 over the keys of a JWK Set. */
export function checkJwksKeys(keys: unknown[], intendedAlg?: unknown): Finding[] {
  const out: Finding[] = [];
  const kids = new Map<string, number>();
  keys.forEach((k, i) => {
    if (!isObject(k)) {
      out.push(finding('JWKS-KID-MISSING', `keys[${i}] is ${show(k, 40)}, not a JWK object with "kty" and "kid"`));
      return;
    }
    const label = keyLabel(k, i);
    const lacks = ['kty', 'kid'].filter((m) => typeof k[m] !== 'string' || k[m] === '');
    if (lacks.length > 0) out.push(finding('JWKS-KID-MISSING', `keys[${i}] lacks ${lacks.join(' and ')}`));
    if (typeof k.kid === 'string' && k.kid !== '') kids.set(k.kid, (kids.get(k.kid) ?? 0) + 1);
    out.push(...checkKeyMembers(k, label));
    out.push(...checkPrivateMembers(k, label));
    out.push(...checkUseEnc(k, label));
    out.push(...checkRsaSize(k, label));
    const fits = ktyFits(k, intendedAlg);
    out.push(...checkEcCurve(k, label, fits ? intendedAlg : undefined));
    if (fits) out.push(...checkAlgMismatch(k, label, intendedAlg));
  });
  for (const [kid, count] of kids) {
    if (count > 1) out.push(finding('JWKS-KID-DUPLICATE', `kid ${show(kid)} is used by ${count} keys in the set`));
  }
  if (keys.length === 0) out.push(finding('JWKS-EMPTY', 'the JWK Set has an empty "keys" array'));
  else if (!keys.some(isUsablePublicKey)) out.push(finding('JWKS-EMPTY', `none of the ${keys.length} key(s) is an RSA or EC public key`));
  return out;
}

/**
 * Inspects a client's JWK Set as published at its JWKS URL or registered statically (rules 37-48).
 *
 * The app calls it after fetching the client's JWKS (or with a pasted document) so key problems
 * are found before the authorization server rejects an assertion with a bare `invalid_client`.
 */
export async function inspectJwks(input: JwksInput, opts?: CheckOptions): Promise<Finding[]> {
  void opts;
  try {
    const inp: Partial<JwksInput> = isObject(input) ? input : {};
    const status = statusNumber(inp.status);
    const out: Finding[] = [...checkJwksUrl(inp.jwksUrl, status, inp.headers)];
    const read = readBody(inp);
    if (read.kind === 'invalid') {
      const t = read.raw.trim();
      const what = t === '' ? 'an empty body' : t.startsWith('-----BEGIN') ? `a PEM block (${show(t.split('\n')[0])})` : `not JSON (${show(t, 40)})`;
      out.push(finding('JWKS-NOT-SET', `the JWKS document is ${what}, not {"keys": [...]}`));
    } else if (read.kind === 'json') {
      const set = readJwks(read.value);
      if (!set.ok) out.push(finding('JWKS-NOT-SET', `the JWKS document is ${set.why}`));
      else out.push(...checkJwksKeys(set.keys, inp.intendedAlg));
    }
    const responseKnown = inp.status !== undefined || isObject(inp.headers);
    const ok = status === undefined || (status >= 200 && status <= 299);
    if (responseKnown && ok && header(inp.headers, 'cache-control') === undefined) {
      out.push(finding('JWKS-CACHE-CONTROL', 'the JWKS response has no Cache-Control header'));
    }
    return out;
  } catch (e) {
    return [finding('JWKS-NOT-SET', `the JWKS could not be inspected: ${e instanceof Error ? e.message : String(e)}`)];
  }
}
