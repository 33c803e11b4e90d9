import { resolveEndpoint, typedEndpoint, type Profile } from '../../../app/profiles/index.ts';
import type { Discoverer } from './ports.ts';

/**
 * What the inspector needs to know about a profile's server (token endpoint, issuer, jwks_uri,
 * introspection endpoint), taken from the profile first, then from this session's discovery,
 * and only then from a fresh discovery request.
 *
 * Inspecting should not hit the network when the profile already knows the answer, but a
 * profile that was never discovered still deserves a verified signature.
 */

/** The server facts an inspection used. */
export interface ServerFacts {
  tokenEndpoint?: string;
  issuer?: string;
  jwksUri?: string;
  introspectionEndpoint?: string;
  /** The smart-configuration document, when discovery found one (signing algorithms etc.). */
  document?: Record<string, unknown>;
  /** Why discovery could not supply the facts (only set when it ran and found nothing). */
  discoveryProblem?: string;
}

/** Which fact the caller needs; discovery runs only when that one is unknown. */
export type NeededFact = 'tokenEndpoint' | 'jwksUri' | 'introspectionEndpoint';

/** The profile's configured token endpoint with `{base}`/`{origin}` resolved, if any. */
export function configuredTokenEndpoint(profile: Profile): string | undefined {
  return typedEndpoint(profile, 'token');
}

/** Facts for `profile`, running discovery when `need` is not yet known. */
export async function serverFacts(profile: Profile, discoverer: Discoverer, need: NeededFact): Promise<ServerFacts> {
  const stored = profile.discovered;
  const fromStore = (r: ReturnType<Discoverer['last']>): ServerFacts => {
    const e = r?.endpoints;
    // Typed on the profile wins; then this session's discovery (fresher than what was stored), then the stored one.
    const pick = (kind: 'token' | 'jwks' | 'introspection') => typedEndpoint(profile, kind) ?? resolveEndpoint({ ...profile, discovered: undefined }, kind, e)?.url ?? resolveEndpoint(profile, kind)?.url;
    const facts: ServerFacts = {
      tokenEndpoint: pick('token'),
      issuer: e?.issuer ?? stored?.issuer,
      jwksUri: pick('jwks'),
      introspectionEndpoint: pick('introspection'),
    };
    if (r?.document) facts.document = r.document;
    return facts;
  };
  let facts = fromStore(discoverer.last(profile));
  if (facts[need] === undefined) {
    const result = await discoverer.discover(profile, undefined, { quick: [need] });
    facts = fromStore(result);
    if (facts[need] === undefined) facts.discoveryProblem = result.summary;
  }
  return facts;
}
