import type { DiscoveryResult } from '../../../app/contract/index.ts';
import type { Profile } from '../../../app/profiles/index.ts';

/**
 * What the inspect service needs from the rest of main, declared small so it is tested with
 * fakes and the composition root wires the real profile, key, secret and discovery services.
 */

/** Reads a stored profile (ProfileService). */
export interface ProfileSource {
  get(id: string): Promise<Profile>;
}

/** The public half of a stored signing key (KeyService.getPublicJwks): what a server registered. */
export interface PublicKeySource {
  getPublicJwks(keyId: string): Promise<{ keys: object[] }>;
}

/** SMART discovery (DiscoveryService): fetch and inspect, and the last result of this session. */
export interface Discoverer {
  /** `quick`: stop after the SMART configuration when it names these (what the inspection needs). */
  discover(profile: Profile, signal?: AbortSignal, opts?: { quick?: ('tokenEndpoint' | 'jwksUri' | 'introspectionEndpoint')[] }): Promise<DiscoveryResult>;
  last(profile: Pick<Profile, 'id' | 'fhirBaseUrl'>): DiscoveryResult | undefined;
}

/** Client authentication for one request, ready to put on the wire. */
export interface ClientAuthentication {
  /** RFC 7591 name of the method, or 'none'. */
  method: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt' | 'none';
  /** Headers to add (Authorization for Basic). */
  headers: Record<string, string>;
  /** Form fields to add (client_id, client_secret, client_assertion…). */
  form: Record<string, string>;
  /** Values the activity log must redact. */
  sensitiveValues: string[];
  /** Why the request goes out with less than the profile's method (no secret stored, no key). */
  note?: string;
}

/**
 * Authenticates the profile's client at an endpoint other than the token endpoint (introspection).
 *
 * `audience` is the value a client assertion's `aud` should carry (the token endpoint when known).
 */
export interface ClientAuthenticator {
  authenticate(profile: Profile, audience: string): Promise<ClientAuthentication>;
}
