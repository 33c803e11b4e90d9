import { randomBytes } from 'node:crypto';
import { AppFailure } from '../../../../app/result/index.ts';
import { resolveTemplate, type AssertionSettings, type ExtraClaim, type Profile } from '../../../../app/profiles/index.ts';
import type { AssertionSigner } from '../ports.ts';

/**
 * The SMART Backend Services client assertion (private_key_jwt): claims and header built from
 * the profile, signed by the key service.
 *
 * iss = sub = client id, aud = the token endpoint, exp = now + the profile's lifetime (SMART:
 * at most five minutes), a fresh jti every time, typ "JWT" and the key's kid in the header;
 * vendors' extras (InteliChart's jwks_url, accessTokensExpireIn) are typed claims.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html
 */

/** Header and payload before signing. */
export interface AssertionPlan { header: Record<string, unknown>; payload: Record<string, unknown> }

/** A typed extra claim's JSON value. */
export function claimValue(claim: Pick<ExtraClaim, 'type' | 'value'>): unknown {
  switch (claim.type) {
    case 'number': return Number(claim.value);
    case 'boolean': return claim.value === 'true';
    case 'json': return JSON.parse(claim.value) as unknown;
    default: return claim.value;
  }
}

let pool = Buffer.alloc(0);
let used = 0;

/**
 * A new jti: 32 random bytes, hex (unguessable and never reused). The bytes come from a pool
 * refilled 4 KB at a time, as Node's randomUUID does: one CSPRNG call per 128 assertions.
 */
export function newJti(): string {
  if (used + 32 > pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  used += 32;
  return pool.toString('hex', used - 32, used);
}

/** Builds the assertion's header and claims; `nowMs` is the signing time. */
export function planAssertion(input: {
  clientId: string;
  tokenEndpoint: string;
  fhirBaseUrl: string;
  settings: AssertionSettings;
  nowMs: number;
  jti: string;
}): AssertionPlan {
  const { settings } = input;
  const iat = Math.floor(input.nowMs / 1000);
  const resolve = (v: string) => resolveTemplate(v, input.fhirBaseUrl, input.clientId);
  const payload: Record<string, unknown> = {
    iss: input.clientId, sub: input.clientId, aud: input.tokenEndpoint, exp: iat + settings.lifetimeSeconds, iat, jti: input.jti,
  };
  for (const claim of settings.extraClaims) {
    try {
      payload[claim.name] = claimValue({ type: claim.type, value: claim.type === 'string' ? resolve(claim.value) : claim.value });
    } catch {
      throw new AppFailure('INVALID_INPUT', `The extra claim "${claim.name}" is typed json but its value is not valid JSON; fix it in the profile.`);
    }
  }
  const header: Record<string, unknown> = { alg: settings.alg, typ: 'JWT' };
  if (settings.jku) header['jku'] = settings.jku;
  for (const h of settings.extraHeader) header[h.name] = resolve(h.value);
  return { header, payload };
}

/**
 * Plans and signs an assertion with the profile's key.
 *
 * A profile without a key is the commonest set-up mistake, so it fails with words pointing to
 * where the key is chosen, before anything is sent.
 */
export async function signAssertion(signer: AssertionSigner, profile: Profile, tokenEndpoint: string, nowMs: number, jti = newJti()): Promise<{ jwt: string; plan: AssertionPlan }> {
  const keyId = profile.assertion.keyId;
  if (!keyId) {
    throw new AppFailure('KEY_INVALID', `Profile "${profile.name}" has no signing key. Choose one under Profiles > Edit > Client assertion (or generate one in Keys and register its public key with the server).`);
  }
  const plan = planAssertion({ clientId: profile.clientId, tokenEndpoint, fhirBaseUrl: profile.fhirBaseUrl, settings: profile.assertion, nowMs, jti });
  try {
    return { jwt: await signer.signJwt(keyId, plan), plan };
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'NOT_FOUND') {
      throw new AppFailure('KEY_INVALID', `The signing key of profile "${profile.name}" no longer exists (it may have been deleted). Choose another key in the profile.`);
    }
    throw e;
  }
}
