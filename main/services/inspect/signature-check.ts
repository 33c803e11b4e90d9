import { REDACTED } from '../../../app/activity/index.ts';
import type { SignatureCheck } from '../../../app/contract/index.ts';
import type { DecodedJws } from '../../../app/conformance/index.ts';
import { verifyWithJwks } from '../../../app/conformance/tokens/index.ts';
import type { LoadedJwks } from './jwks-loader.ts';

/**
 * The signature verdict the inspector shows next to the findings: verified, invalid, or why it
 * was not checked, in one sentence.
 *
 * The engine's findings only say when a known key fails; a developer also needs to see the
 * positive "verified with kid X from the server's JWKS", and why nothing was checked.
 */

/** True when a JWS signature segment is the activity log's placeholder (signature removed). */
export const isRedactedSignature = (signature: string): boolean => signature === REDACTED || signature === encodeURIComponent(REDACTED);

/** Verifies `token` with the loaded JWKS; `noJwks` says why there is none when `loaded` is undefined. */
export async function checkJwtSignature(token: string, jws: DecodedJws, loaded: LoadedJwks | undefined, noJwks: string): Promise<SignatureCheck> {
  const alg = jws.header['alg'];
  const algText = typeof alg === 'string' ? alg : JSON.stringify(alg ?? null);
  if (isRedactedSignature(jws.signature)) {
    return { status: 'redacted', message: 'The signature was removed when the request was logged, so it cannot be verified. Paste the original JWT to verify it.' };
  }
  if ((typeof alg === 'string' && alg.toLowerCase() === 'none') || jws.signature === '') {
    return { status: 'unsigned', message: `The JWT is unsigned (alg ${algText}${jws.signature === '' ? ', empty signature' : ''}): anyone could have written it.` };
  }
  if (typeof alg === 'string' && /^HS\d+$/.test(alg)) {
    return { status: 'unsupported', message: `${alg} is an HMAC with a shared secret; it cannot be checked against public keys.` };
  }
  if (!loaded?.jwks) {
    const why = loaded?.origin.problem ?? noJwks;
    return { status: 'not-checked', message: `Not verified: ${why}` };
  }
  const v = await verifyWithJwks(token, jws.header, loaded.jwks);
  const from = loaded.origin.label;
  switch (v.status) {
    case 'verified':
      return { status: 'verified', message: `Signature verified (${algText}) with the key${v.kid ? ` kid "${v.kid}"` : ''} from ${from}.`, ...(v.kid ? { kid: v.kid } : {}) };
    case 'invalid':
      return { status: 'invalid', message: `The ${algText} signature does not verify with ${from} (${v.reason}). The JWT was signed with another key, or changed after signing.` };
    case 'no-key':
      return { status: 'no-key', message: `Not verified: ${v.reason.replace("the server's JWKS", from)}.` };
    case 'skipped':
      return { status: 'unsupported', message: `Not verified: alg ${algText} is not an RSA, EC or EdDSA signature algorithm.` };
  }
}
