import { finding } from '../finding.ts';
import { checkAlgMismatch, checkKeyMembers, checkPrivateMembers, checkUseEnc, isUsablePublicKey, ktyFits, readJwks } from '../jwks/index.ts';
import { checkEcCurve, checkRsaSize, keyLabel } from '../key-strength.ts';
import type { Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * Selecting the client's verification key by `kid`, as SMART's signature-verification steps do
 * (ASSERT-KID-UNKNOWN, -KID-AMBIGUOUS, -KTY-ALG-MISMATCH), and the rules about that key
 * (JWKS-ALG-MISMATCH, JWKS-USE-ENC, KEY-RSA-TOO-SMALL, KEY-EC-CURVE).
 */

/** The registered JWK Set as far as key selection is concerned. */
export type RegisteredKeys = { known: false } | { known: true; ok: false } | { known: true; ok: true; keys: Record<string, unknown>[] };

/** Reads the registered JWKS; reports JWKS-NOT-SET, JWKS-EMPTY and any exposed private key in it. */
export function readRegisteredKeys(jwks: unknown): { keys: RegisteredKeys; findings: Finding[] } {
  if (jwks === undefined || jwks === null) return { keys: { known: false }, findings: [] };
  const read = readJwks(jwks);
  if (!read.ok) return { keys: { known: true, ok: false }, findings: [finding('JWKS-NOT-SET', `the registered JWKS is ${read.why}`)] };
  const keys = read.keys.filter(isObject);
  const findings = keys.flatMap((k, i) => checkPrivateMembers(k, `registered ${keyLabel(k, i)}`));
  // A duplicate kid in the set the server holds makes its key selection ambiguous (rule 41), even
  // when the assertion names another kid.
  const counts = new Map<string, number>();
  for (const k of keys) if (typeof k.kid === 'string') counts.set(k.kid, (counts.get(k.kid) ?? 0) + 1);
  for (const [kid, count] of counts) {
    if (count > 1) findings.push(finding('JWKS-KID-DUPLICATE', `kid ${show(kid)} is used by ${count} keys in the registered JWKS`));
  }
  if (!read.keys.some(isUsablePublicKey)) {
    findings.push(finding('JWKS-EMPTY', read.keys.length === 0 ? 'the registered JWKS has no keys' : 'the registered JWKS has no RSA or EC public key'));
  }
  return { keys: { known: true, ok: true, keys }, findings };
}

/** Key ids present in the registered JWKS, or undefined when no usable JWKS is known. */
export function registeredKids(keys: RegisteredKeys): string[] | undefined {
  if (!keys.known || !keys.ok) return undefined;
  return keys.keys.map((k) => k.kid).filter((k): k is string => typeof k === 'string');
}

/** Result of key selection: findings, and the single key the server would verify with (if any). */
export interface KeySelection {
  findings: Finding[];
  key?: Record<string, unknown>;
}

/** Selects the verification key by header `kid` (and `kty` consistent with `alg`) and checks it. */
export function selectVerificationKey(header: Record<string, unknown>, registered: RegisteredKeys): KeySelection {
  if (!registered.known || !registered.ok) return { findings: [] };
  const kid = header.kid;
  if (typeof kid !== 'string' || kid === '') return { findings: [] };
  const alg = header.alg;
  const withKid = registered.keys.filter((k) => k.kid === kid);
  if (withKid.length === 0) {
    const known = registered.keys.map((k) => k.kid).filter((k) => typeof k === 'string');
    return { findings: [finding('ASSERT-KID-UNKNOWN', `no registered key has kid ${show(kid)} (registered: ${known.length > 0 ? show(known) : 'none'})`)] };
  }
  const consistent = withKid.filter((k) => ktyFits(k, alg));
  if (consistent.length > 1) {
    return { findings: [finding('ASSERT-KID-AMBIGUOUS', `${consistent.length} registered keys have kid ${show(kid)} and a kty that fits ${show(alg)}`)] };
  }
  if (consistent.length === 0) {
    const k = withKid[0] as Record<string, unknown>;
    return { findings: [finding('ASSERT-KTY-ALG-MISMATCH', `header "alg" is ${show(alg)} but the key with kid ${show(kid)} has kty ${show(k.kty)}`)] };
  }
  const key = consistent[0] as Record<string, unknown>;
  const label = `registered ${keyLabel(key)}`;
  const findings = [
    ...checkKeyMembers(key, label),
    ...checkAlgMismatch(key, label, alg),
    ...checkUseEnc(key, label),
    ...checkRsaSize(key, label),
    ...checkEcCurve(key, label, alg),
  ];
  return { findings, key };
}
