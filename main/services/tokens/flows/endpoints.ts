import type { DiscoveryResult, TokenRun, TokenStep } from '../../../../app/contract/index.ts';
import { AppFailure } from '../../../../app/result/index.ts';
import { resolveEndpoints as profileEndpoints, type Profile } from '../../../../app/profiles/index.ts';
import type { DiscoverySource } from '../ports.ts';

/**
 * Which endpoints a flow talks to: the profile's own (templates resolved), else what discovery
 * stored in the profile, else discovery run now (the rule is `resolveEndpoint` in app/profiles).
 *
 * A typed endpoint wins because vendors' documents sometimes name a token endpoint their
 * discovery does not; discovery fills whatever the user left empty.
 */

/** How a run follows endpoint resolution: its cancel signal, and hooks that show discovery as it happens. */
export interface ResolveHooks {
  signal?: AbortSignal;
  /** Called just before discovery starts (the run shows "discovering"). */
  discovering?: () => void;
  /** Called with the discovery step once discovery ends, also when it found nothing or was cancelled. */
  discovered?: (step: TokenStep, result: DiscoveryResult) => void;
}

/** Resolved endpoints plus what discovery knows (for the conformance engine). */
export interface FlowEndpoints {
  tokenEndpoint: string;
  authorizeEndpoint?: string;
  revocationEndpoint?: string;
  introspectionEndpoint?: string;
  registrationEndpoint?: string;
  userinfoEndpoint?: string;
  issuer?: string;
  jwksUri?: string;
  /** The smart-configuration document, when discovery fetched one this session. */
  document?: Record<string, unknown>;
}

/** Endpoints without any network access (profile fields, stored discovery, this session's discovery). */
export function knownEndpoints(profile: Profile, last: DiscoveryResult | undefined): Partial<FlowEndpoints> {
  const e = last?.source !== 'none' ? last?.endpoints : undefined;
  const out: Partial<FlowEndpoints> = profileEndpoints(profile, e);
  const issuer = profile.discovered?.issuer ?? e?.issuer;
  if (issuer) out.issuer = issuer;
  if (last?.document) out.document = last.document;
  return out;
}

/** The endpoints a flow needs when they are all known without network access, else undefined. */
export function readyEndpoints(known: Partial<FlowEndpoints>, needAuthorize: boolean): FlowEndpoints | undefined {
  if (!known.tokenEndpoint || (needAuthorize && !known.authorizeEndpoint)) return undefined;
  return { ...known, tokenEndpoint: known.tokenEndpoint };
}

/**
 * Endpoints for a flow, running discovery when a needed one is unknown. A cancelled discovery
 * ends the flow with CANCELLED: no token request is sent to a guessed endpoint.
 */
export async function resolveEndpoints(profile: Profile, discovery: DiscoverySource, needAuthorize: boolean, now: () => number, hooks: ResolveHooks = {}): Promise<FlowEndpoints> {
  const ready = readyEndpoints(knownEndpoints(profile, discovery.last(profile)), needAuthorize);
  if (ready) return ready;
  const at = new Date(now()).toISOString();
  hooks.discovering?.();
  // Only what this flow needs: the SMART configuration alone when it names those endpoints.
  const result = await discovery.discover(profile, hooks.signal, { quick: needAuthorize ? ['tokenEndpoint', 'authorizeEndpoint'] : ['tokenEndpoint'] });
  const known = knownEndpoints(profile, result);
  // Fetches that got no answer (cancelled, timed out) have no duration: show none rather than "0 ms".
  const timed = [result.wellKnown.durationMs, result.metadata?.durationMs].filter((ms) => ms !== undefined);
  hooks.discovered?.({
    kind: 'discovery', title: 'Discovery', status: result.cancelled ? 'cancelled' : result.source === 'none' ? 'failed' : 'ok', detail: result.summary, at,
    ...(timed.length ? { durationMs: timed.reduce((a, b) => a + b, 0) } : {}),
    ...(result.wellKnown.activityId ? { activityId: result.wellKnown.activityId } : {}),
  }, result);
  if (result.cancelled) {
    throw new AppFailure('CANCELLED', `Cancelled while discovering the endpoints of "${profile.name}" (${(result.metadata ?? result.wellKnown).url} had not answered); no token request was sent.`);
  }
  if (!known.tokenEndpoint) {
    throw new AppFailure('NOT_FOUND', `No token endpoint for "${profile.name}": it is not set in the profile and discovery found none. ${result.summary} Enter the token endpoint in the profile.`);
  }
  if (needAuthorize && !known.authorizeEndpoint) {
    throw new AppFailure('NOT_FOUND', `No authorize endpoint for "${profile.name}": it is not set in the profile and discovery found none. ${result.summary} Enter the authorize endpoint in the profile.`);
  }
  return { ...known, tokenEndpoint: known.tokenEndpoint };
}

/**
 * Endpoints for a token run: discovery (if needed) shows as the run's "discovering" status and
 * its Discovery step, and stops when the run's `signal` aborts. Endpoints known without network
 * access (the usual case, every renewal) come back at once, without a promise.
 */
export function resolveRunEndpoints(run: TokenRun, profile: Profile, discovery: DiscoverySource, needAuthorize: boolean,
  now: () => number, signal: AbortSignal, changed: () => void): FlowEndpoints | Promise<FlowEndpoints> {
  const ready = readyEndpoints(knownEndpoints(profile, discovery.last(profile)), needAuthorize);
  if (ready) return ready;
  const before = run.status;
  return resolveEndpoints(profile, discovery, needAuthorize, now, {
    signal,
    discovering: () => {
      run.status = 'discovering';
      changed();
    },
    discovered: (step, result) => {
      run.steps.push(step);
      // Discovery that found no endpoints is why the run fails: its diagnosis is the run's.
      if (result.source === 'none' && !result.cancelled && result.diagnosis) run.diagnosis = result.diagnosis;
      if (run.status === 'discovering') run.status = before;
    },
  });
}
