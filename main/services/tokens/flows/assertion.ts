import { randomBytes } from 'node:crypto';
import { AppFailure } from '../../../../app/result/index.ts';
import { resolveTemplate, type AssertionControls, type AssertionSettings, type ExtraClaim, type Profile } from '../../../../app/profiles/index.ts';
import type { AssertionSigner } from '../ports.ts';

/**
 * The SMART Backend Services client assertion (private_key_jwt): claims and header built from
 * the profile, signed by the key service.
 *
 * iss = sub = client id, aud = the token endpoint, exp = now + the profile's lifetime (SMART:
 * at most five minutes), a fresh jti every time, typ "JWT" and the key's kid in the header;
 * vendors' extras (InteliChart's jwks_url, accessTokensExpireIn) are typed claims. The
 * assertion controls (a run's lifetime, clock offset, key, reused jti) change exactly those
 * values, so a deliberately skewed, long-lived or replayed assertion is otherwise a real one.
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

/** The profile's assertion settings with one run's controls applied (a control wins where given). */
export function effectiveSettings(settings: AssertionSettings, controls: AssertionControls | undefined): AssertionSettings {
  if (!controls) return settings;
  return {
    ...settings,
    ...(controls.keyId ? { keyId: controls.keyId } : {}),
    ...(controls.lifetimeSeconds !== undefined ? { lifetimeSeconds: controls.lifetimeSeconds } : {}),
    ...(controls.clockOffsetSeconds !== undefined ? { clockOffsetSeconds: controls.clockOffsetSeconds } : {}),
    ...(controls.extraClaims ? { extraClaims: controls.extraClaims } : {}),
    ...(controls.extraHeader ? { extraHeader: controls.extraHeader } : {}),
  };
}

/**
 * Builds the assertion's header and claims; `nowMs` is this computer's clock at signing, to
 * which the settings' clock offset is added for `iat` and `exp`.
 */
export function planAssertion(input: {
  clientId: string;
  tokenEndpoint: string;
  fhirBaseUrl: string;
  settings: AssertionSettings;
  nowMs: number;
  jti: string;
  /** Leave `alg` to the key (a run chose a key other than the profile's, whose algorithm may differ). */
  algFromKey?: boolean;
}): AssertionPlan {
  const { settings } = input;
  const iat = Math.floor((input.nowMs + (settings.clockOffsetSeconds ?? 0) * 1000) / 1000);
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
  const header: Record<string, unknown> = input.algFromKey ? { typ: 'JWT' } : { alg: settings.alg, typ: 'JWT' };
  if (settings.jku) header['jku'] = settings.jku;
  for (const h of settings.extraHeader) header[h.name] = resolve(h.value);
  return { header, payload };
}

/** A signed assertion with what went into it. */
export interface SignedAssertion {
  jwt: string;
  plan: AssertionPlan;
  /** The stored key it was signed with. */
  keyId: string;
  /** The settings used (the profile's, with the run's controls applied). */
  settings: AssertionSettings;
  /** This computer's clock when it was signed (epoch ms, without the clock offset). */
  signedAt: number;
  /** True when the jti was taken from the previous assertion (the reuse control). */
  reusedJti: boolean;
}

/** How one assertion is built beyond the profile: the run's controls and the previous jti (for reuse). */
export interface AssertionOptions {
  controls?: AssertionControls;
  /** The jti of the profile's previous assertion, needed when `controls.reuseJti` is set. */
  previousJti?: string;
}

/**
 * Plans and signs an assertion with the profile's key (or the run's chosen key), for `audience`
 * (the token endpoint).
 *
 * A profile without a key is the commonest set-up mistake, so it fails with words pointing to
 * where the key is chosen, before anything is sent.
 */
export async function signAssertion(signer: AssertionSigner, profile: Profile, audience: string, nowMs: number, opts: AssertionOptions = {}): Promise<SignedAssertion> {
  const settings = effectiveSettings(profile.assertion, opts.controls);
  const keyId = settings.keyId;
  if (!keyId) {
    throw new AppFailure('KEY_INVALID', `Profile "${profile.name}" has no signing key. Choose one under Profiles > Edit > Client assertion (or generate one in Keys and register its public key with the server).`);
  }
  const reusedJti = opts.controls?.reuseJti === true;
  if (reusedJti && !opts.previousJti) {
    throw new AppFailure('NOT_FOUND', `There is no earlier assertion of "${profile.name}" in this session whose jti could be sent again. Send one token request first, then reuse its jti.`);
  }
  const jti = reusedJti && opts.previousJti ? opts.previousJti : newJti();
  const algFromKey = keyId !== profile.assertion.keyId;
  const plan = planAssertion({ clientId: profile.clientId, tokenEndpoint: audience, fhirBaseUrl: profile.fhirBaseUrl, settings, nowMs, jti, algFromKey });
  try {
    return { jwt: await signer.signJwt(keyId, plan), plan, keyId, settings, signedAt: nowMs, reusedJti };
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'NOT_FOUND') {
      throw new AppFailure('KEY_INVALID', opts.controls?.keyId
        ? 'The key chosen for this run no longer exists (it may have been deleted). Choose another key.'
        : `The signing key of profile "${profile.name}" no longer exists (it may have been deleted). Choose another key in the profile.`);
    }
    throw e;
  }
}

/** One line for the run's assertion step: key, algorithm (as signed), lifetime and any deliberate deviation. */
export function describeAssertion(a: Pick<SignedAssertion, 'keyId' | 'settings' | 'reusedJti'>, header: { kid?: unknown; alg?: unknown }): string {
  const extras: string[] = [];
  const offset = a.settings.clockOffsetSeconds ?? 0;
  if (offset) extras.push(`clock offset ${offset > 0 ? '+' : ''}${offset} s`);
  if (a.reusedJti) extras.push('jti of the previous assertion reused');
  return `Signed with key ${String(header.kid ?? a.keyId)} (${String(header.alg ?? a.settings.alg)}), valid ${a.settings.lifetimeSeconds} s${extras.length ? `; ${extras.join(', ')}` : ''}`;
}
