import { inspectAssertion, type Jwks } from '../../../../app/conformance/index.ts';
import type { PreparedAssertion } from '../../../../app/contract/index.ts';
import { AppFailure } from '../../../../app/result/index.ts';
import { isAuthCode, usesAssertion, type AssertionControls, type Profile } from '../../../../app/profiles/index.ts';
import { authenticateClient, resolveEndpoints, type SignedAssertion } from '../flows/index.ts';
import type { AssertionSigner, DiscoverySource, SecretSource } from '../ports.ts';
import type { Clock } from '../../../ports.ts';
import type { JtiLog } from './jti-log.ts';

/** A prepared assertion as main keeps it: the signed JWT (never sent to the renderer) and its view. */
interface Prepared { signed: SignedAssertion; view: PreparedAssertion }

/** What preparing needs: the key and secret stores, the clock, discovery (for the token endpoint), the jti log. */
export interface PreparedAssertionDeps {
  signer: AssertionSigner;
  secrets: SecretSource;
  clock: Clock;
  discovery: DiscoverySource;
  jtis: JtiLog;
}

/**
 * Client assertions signed ahead of a run, so the Inspect area can show the exact assertion the
 * next run will send (decoded and checked by the conformance engine, the way the token endpoint
 * will check it) before anything is sent; a run asked to use it sends that very JWT once.
 *
 * Only a run that asks for it uses a prepared assertion (background renewals never do), and it
 * is used once: a second run would be a replay, which the reuse-jti control makes on purpose.
 */
export class PreparedAssertions {
  private readonly byProfile = new Map<string, Prepared>();

  constructor(private readonly deps: PreparedAssertionDeps) {}

  /** Signs the profile's next assertion with the run's controls, keeps it, and returns it decoded and checked. */
  async prepare(profile: Profile, controls: AssertionControls): Promise<PreparedAssertion> {
    if (!usesAssertion(profile.authMethod)) {
      throw new AppFailure('NOT_SUPPORTED', `"${profile.name}" does not authenticate with a client assertion (its auth method is not private_key_jwt), so there is no assertion to prepare.`);
    }
    const now = () => this.deps.clock.now();
    const endpoints = await resolveEndpoints(profile, this.deps.discovery, false, now);
    const { assertion } = await authenticateClient(this.deps, profile, endpoints.tokenEndpoint, { kind: 'private_key_jwt', controls });
    if (!assertion) throw new AppFailure('INTERNAL', 'No assertion was signed.');
    const notes: string[] = [];
    const registeredKeyId = profile.assertion.keyId;
    if (assertion.keyId !== registeredKeyId) notes.push('Signed with another key than the profile\'s: the checks take the profile\'s key as the one the server has registered.');
    const registeredJwks = registeredKeyId ? (await this.deps.signer.getPublicJwks(registeredKeyId).catch(() => undefined)) as Jwks | undefined : undefined;
    const jti = String(assertion.plan.payload['jti'] ?? '');
    const nowMs = now();
    const findings = await inspectAssertion({
      jwt: assertion.jwt, flow: isAuthCode(profile.authMethod) ? 'authorization_code' : 'backend', clientId: profile.clientId,
      tokenEndpoint: endpoints.tokenEndpoint, discovery: endpoints.document ?? null, previousJtis: this.deps.jtis.previous(profile.id, jti, nowMs),
      ...(registeredJwks ? { registeredJwks } : {}), ...(profile.assertion.jku ? { registeredJwksUrl: profile.assertion.jku } : {}),
    }, { now: Math.floor(nowMs / 1000) });
    if (isAuthCode(profile.authMethod)) notes.push('The next sign-in sends this assertion at the code exchange, after the browser step: its exp keeps running while you sign in.');
    const exp = assertion.plan.payload['exp'];
    const view: PreparedAssertion = {
      profileId: profile.id, preparedAt: new Date(assertion.signedAt).toISOString(), tokenEndpoint: endpoints.tokenEndpoint, keyId: assertion.keyId,
      controls, header: assertion.plan.header, payload: assertion.plan.payload, findings, notes,
      ...(typeof exp === 'number' ? { expiresAt: exp * 1000 } : {}),
    };
    // The header as signed (the key service adds kid and, for another key, alg).
    const [headerPart] = assertion.jwt.split('.');
    try { view.header = JSON.parse(Buffer.from(headerPart ?? '', 'base64url').toString('utf8')) as Record<string, unknown>; } catch { /* keep the plan's */ }
    this.byProfile.set(profile.id, { signed: assertion, view });
    return structuredClone(view);
  }

  /** The prepared assertion of a profile, for display (undefined when none waits). */
  peek(profileId: string): PreparedAssertion | undefined {
    const p = this.byProfile.get(profileId);
    return p ? structuredClone(p.view) : undefined;
  }

  /** Hands the prepared assertion to a run and forgets it (used once); NOT_FOUND in words when none waits. */
  take(profileId: string): SignedAssertion {
    const p = this.byProfile.get(profileId);
    if (!p) throw new AppFailure('NOT_FOUND', 'No prepared assertion is waiting for this profile (it was sent, discarded, or never prepared). Prepare one in Inspect > Next assertion.');
    this.byProfile.delete(profileId);
    return p.signed;
  }

  /** Drops a profile's prepared assertion. */
  discard(profileId: string): boolean {
    return this.byProfile.delete(profileId);
  }
}
