import { checkAssertionClaims } from './claims.ts';
import { checkAssertionHeader } from './header.ts';
import { readRegisteredKeys, registeredKids, selectVerificationKey } from './keys.ts';
import { checkEcdsaEncoding, checkSignature } from './signature.ts';
import { finding, nowSeconds, skewSeconds } from '../finding.ts';
import { decodeJws, describeJwsError } from '../jws.ts';
import type { CheckOptions, Finding, Jwks } from '../types.ts';
import { isObject, show } from '../values.ts';

/** What the assertion inspector receives (conformance-api.md, `inspectAssertion`). */
export interface AssertionInput {
  jwt: string;
  flow: 'backend' | 'authorization_code';
  clientId: string;
  tokenEndpoint: string;
  registeredJwks?: Jwks;
  registeredJwksUrl?: string;
  /** The smart-configuration document as discovered. */
  discovery?: object | null;
  /** `jti` values this client used within the last five minutes. */
  previousJtis?: string[];
}

const B64URL_SEGMENT = /^[A-Za-z0-9_-]*$/;

/**
 * Why a `client_assertion` value is not one compact JWS (TOKREQ-ASSERTION-MISSING), or undefined.
 *
 * Shared with the token-request inspector, which reports the same rule for the form field.
 */
export function assertionShapeProblem(value: unknown): string | undefined {
  if (value === undefined || value === null) return 'no client assertion was sent';
  if (typeof value !== 'string') return `the client assertion is ${show(value, 40)}, not a string`;
  const t = value.trim();
  if (t === '') return 'the client assertion is empty';
  const parts = t.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length > 1) {
    const jwts = parts.filter((p) => p.split('.').length === 3).length;
    return jwts > 1 ? `the client assertion contains ${jwts} JWTs; send exactly one` : `the client assertion contains whitespace or commas (${show(t, 40)})`;
  }
  const segments = t.split('.');
  if (segments.length === 5) return 'the client assertion has 5 segments (an encrypted JWE), not a signed JWS';
  if (segments.length !== 3) return `the client assertion has ${segments.length} dot-separated segment(s), not 3`;
  const bad = segments.findIndex((s) => !B64URL_SEGMENT.test(s));
  if (bad >= 0) return `segment ${bad + 1} of the client assertion is not base64url (${show(segments[bad], 30)})`;
  return undefined;
}

/**
 * Inspects a client assertion (private_key_jwt authentication JWT) against rules 1-38.
 *
 * The token flows call it on every assertion they build and the inspector calls it on pasted
 * ones, so a rejected `invalid_client` can be traced to the header, a claim, the key or the
 * signature. Resolves with findings; malformed input becomes a finding, never a rejection.
 */
export async function inspectAssertion(input: AssertionInput, opts?: CheckOptions): Promise<Finding[]> {
  try {
    const inp: Partial<AssertionInput> = isObject(input) ? input : {};
    const out: Finding[] = [];
    const shape = assertionShapeProblem(inp.jwt);
    const decoded = decodeJws(inp.jwt);
    if (!decoded.ok) {
      return [finding('TOKREQ-ASSERTION-MISSING', shape ?? `the client assertion cannot be decoded: ${describeJwsError(decoded.error)}`)];
    }
    if (shape) out.push(finding('TOKREQ-ASSERTION-MISSING', shape));
    const { header, payload } = decoded.jws;
    const registered = readRegisteredKeys(inp.registeredJwks);
    out.push(
      ...checkAssertionHeader(header, {
        signature: decoded.jws.signature,
        registeredJwksUrl: inp.registeredJwksUrl,
        registeredKids: registeredKids(registered.keys),
        discovery: inp.discovery,
      }),
    );
    const selection = selectVerificationKey(header, registered.keys);
    out.push(...selection.findings, ...registered.findings);
    out.push(
      ...checkAssertionClaims(payload, {
        clientId: inp.clientId,
        tokenEndpoint: inp.tokenEndpoint,
        now: nowSeconds(opts),
        skew: skewSeconds(opts),
        previousJtis: inp.previousJtis,
      }),
    );
    out.push(...checkEcdsaEncoding(decoded.jws, header.alg));
    if (!shape) out.push(...(await checkSignature(decoded.jws, selection.key, header.alg)));
    return out;
  } catch (e) {
    return [finding('TOKREQ-ASSERTION-MISSING', `the client assertion could not be inspected: ${e instanceof Error ? e.message : String(e)}`)];
  }
}
