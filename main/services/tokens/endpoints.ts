import type { DiscoveryResult } from '../../../app/contract/discovery.ts';
import type { TokenStep } from '../../../app/contract/tokens.ts';
import { AppFailure } from '../../../app/contract/result.ts';
import { resolveTemplate } from '../../../app/profiles/presets.ts';
import type { Profile } from '../../../app/profiles/schema.ts';

/**
 * Which endpoints a flow talks to: the profile's own (templates resolved), else what discovery
 * stored in the profile, else discovery run now.
 *
 * A typed endpoint wins because vendors' documents sometimes name a token endpoint their
 * discovery does not; discovery fills whatever the user left empty.
 */

/** The part of the discovery service the flows use. */
export interface DiscoverySource {
  last(profile: Pick<Profile, 'id' | 'fhirBaseUrl'>): DiscoveryResult | undefined;
  discover(profile: Profile): Promise<DiscoveryResult>;
}

/** Resolved endpoints plus what discovery knows (for the conformance engine). */
export interface FlowEndpoints {
  tokenEndpoint: string;
  authorizeEndpoint?: string;
  revocationEndpoint?: string;
  issuer?: string;
  jwksUri?: string;
  /** The smart-configuration document, when discovery fetched one this session. */
  document?: Record<string, unknown>;
  /** Set when discovery ran for this flow, to show as a step. */
  discoveryStep?: TokenStep;
}

const resolve = (template: string | undefined, profile: Profile) => (template ? resolveTemplate(template, profile.fhirBaseUrl, profile.clientId) : undefined);

/** Endpoints without any network access (profile fields, stored discovery, this session's discovery). */
export function knownEndpoints(profile: Profile, last: DiscoveryResult | undefined): Partial<FlowEndpoints> {
  const d = profile.discovered;
  const e = last?.source !== 'none' ? last?.endpoints : undefined;
  const out: Partial<FlowEndpoints> = {};
  const token = resolve(profile.tokenEndpoint, profile) ?? d?.tokenEndpoint ?? e?.tokenEndpoint;
  const authorize = resolve(profile.authorizeEndpoint, profile) ?? d?.authorizeEndpoint ?? e?.authorizeEndpoint;
  const revoke = d?.revocationEndpoint ?? e?.revocationEndpoint;
  const issuer = d?.issuer ?? e?.issuer;
  const jwksUri = d?.jwksUri ?? e?.jwksUri;
  if (token) out.tokenEndpoint = token;
  if (authorize) out.authorizeEndpoint = authorize;
  if (revoke) out.revocationEndpoint = revoke;
  if (issuer) out.issuer = issuer;
  if (jwksUri) out.jwksUri = jwksUri;
  if (last?.document) out.document = last.document;
  return out;
}

/** Endpoints for a flow, running discovery when a needed one is unknown. */
export async function resolveEndpoints(profile: Profile, discovery: DiscoverySource, needAuthorize: boolean, now: () => number): Promise<FlowEndpoints> {
  let known = knownEndpoints(profile, discovery.last(profile));
  let step: TokenStep | undefined;
  if (!known.tokenEndpoint || (needAuthorize && !known.authorizeEndpoint)) {
    const at = new Date(now()).toISOString();
    const result = await discovery.discover(profile);
    known = knownEndpoints(profile, result);
    step = {
      kind: 'discovery', title: 'Discovery', status: result.source === 'none' ? 'failed' : 'ok', detail: result.summary, at,
      durationMs: (result.wellKnown.durationMs ?? 0) + (result.metadata?.durationMs ?? 0),
      ...(result.wellKnown.activityId ? { activityId: result.wellKnown.activityId } : {}),
    };
    if (!known.tokenEndpoint) {
      throw new AppFailure('NOT_FOUND', `No token endpoint for "${profile.name}": it is not set in the profile and discovery found none. ${result.summary} Enter the token endpoint in the profile.`);
    }
    if (needAuthorize && !known.authorizeEndpoint) {
      throw new AppFailure('NOT_FOUND', `No authorize endpoint for "${profile.name}": it is not set in the profile and discovery found none. ${result.summary} Enter the authorize endpoint in the profile.`);
    }
  }
  return { ...known, tokenEndpoint: known.tokenEndpoint as string, ...(step ? { discoveryStep: step } : {}) };
}
