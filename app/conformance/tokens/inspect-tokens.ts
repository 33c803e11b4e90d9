import { checkAccessToken, type TokenInspectionInput } from './access-token.ts';
import { checkIdToken } from './id-token.ts';
import { finding } from '../finding.ts';
import type { CheckOptions, Finding } from '../types.ts';

/**
 * Token inspectors of the public API (section 6 of conformance.md): what a client can learn from
 * an access token or ID token it received, with the clock pinned by `opts.now`.
 */
export type { TokenInspectionInput } from './access-token.ts';

/**
 * Decodes an access token: opaque vs JWT, RFC 9068 profile claims, expiry, audience vs the FHIR
 * base URL, and the `scope` claim vs the token response. Resolves, never rejects.
 */
export async function inspectAccessToken(input: TokenInspectionInput, opts?: CheckOptions): Promise<Finding[]> {
  try {
    return checkAccessToken(input, opts);
  } catch (e) {
    return [internalFailure('AT-OPAQUE', e)];
  }
}

/**
 * Validates an ID token as an OIDC client must: algorithm and signature (with `serverJwks`),
 * required claims, issuer, audience, expiry and the SMART `fhirUser` claim. Resolves, never rejects.
 */
export async function inspectIdToken(input: TokenInspectionInput, opts?: CheckOptions): Promise<Finding[]> {
  try {
    return await checkIdToken(input, opts);
  } catch (e) {
    return [internalFailure('IDT-CLAIMS', e)];
  }
}

function internalFailure(rule: 'AT-OPAQUE' | 'IDT-CLAIMS', e: unknown): Finding {
  return finding(rule, `the token could not be inspected: ${e instanceof Error ? e.message : String(e)}`);
}
