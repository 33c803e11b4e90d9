import type { z } from 'zod';
import type { DiscoveryResult, AssertionInspection, InspectAssertionInput, InspectTokenInput, IntrospectInput, IntrospectionInspection, TokenInspection } from '../../../app/contract/index.ts';
import type { HttpClient } from '../../http/index.ts';
import type { Clock } from '../../ports.ts';
import type { DiagnosisNotes } from '../diagnosis/index.ts';
import { runAssertionInspection } from './assertion-inspection.ts';
import { runIntrospection } from './introspection.ts';
import type { ClientAuthenticator, Discoverer, ProfileSource, PublicKeySource } from './ports.ts';
import { runTokenInspection } from './token-inspection.ts';

/** What the inspect service is built from; every network call goes through `http`. */
export interface InspectServiceDeps {
  http: HttpClient;
  clock: Clock;
  profiles: ProfileSource;
  /** The public JWKS of a profile's signing key (KeyService). */
  keys: PublicKeySource;
  /** SMART discovery (DiscoveryService). */
  discoverer: Discoverer;
  /** Client authentication for introspection (createClientAuthenticator over secrets and keys). */
  auth: ClientAuthenticator;
  /** Records each introspection's diagnosis beside its activity log entry. */
  notes?: DiagnosisNotes;
}

/**
 * The Inspect area's main side: the checks that need a stored key, a fetched JWKS or a request
 * to the server. Decoding, claim explanations and scope comparison stay in the renderer.
 */
export class InspectService {
  constructor(private readonly deps: InspectServiceDeps) {}

  private readonly now = () => this.deps.clock.now();

  /** A client assertion against the profile's client, token endpoint and key (or a pasted/fetched JWKS). */
  assertion(input: z.output<typeof InspectAssertionInput>): Promise<AssertionInspection> {
    return runAssertionInspection({ ...this.deps, now: this.now }, input);
  }

  /** An access, ID or refresh token against the profile's server. */
  token(input: z.output<typeof InspectTokenInput>): Promise<TokenInspection> {
    return runTokenInspection({ ...this.deps, now: this.now }, input);
  }

  /** Asks the profile's server about a token (RFC 7662) and checks the answer. */
  introspect(input: z.output<typeof IntrospectInput>): Promise<IntrospectionInspection> {
    return runIntrospection({ ...this.deps, now: this.now }, input);
  }

  /** Discovery for a profile, with the inspectDiscovery findings. */
  async discovery(profileId: string): Promise<DiscoveryResult> {
    return this.deps.discoverer.discover(await this.deps.profiles.get(profileId));
  }
}
