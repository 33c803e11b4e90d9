import { z } from 'zod';
import type { DiscoveryResult } from '../../../app/contract/index.ts';
import { discoveryStart, type FoundField } from '../../../app/discovery/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { ENDPOINT_FIELDS, type DiscoveredEndpoints, type Profile, type ProfileInput } from '../../../app/profiles/index.ts';
import type { HttpClient } from '../../http/index.ts';
import type { Clock } from '../../ports.ts';
import { runDiscovery } from './discovery-run.ts';

/** The part of the profile service discovery needs (read a profile, save the found endpoints). */
export interface ProfileStore {
  get(id: string): Promise<Profile>;
  save(input: z.output<typeof ProfileInput>): Promise<Profile>;
}

/** How one discovery runs beyond the profile. */
export interface DiscoverOptions {
  /** Start here instead of the profile's FHIR base (an issuer, a tenant's URL, a pasted document URL). */
  url?: string;
  /**
   * The token flows' mode: stop after the SMART configuration when it names these endpoints
   * (one request per run, as before); without it every document is read.
   */
  quick?: FoundField[];
}

function prune<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Discovery for a profile, from its FHIR base or any URL the user gives: SMART's
 * `.well-known/smart-configuration`, RFC 8414 and OpenID Connect metadata (suffix and
 * path-insertion forms), the CapabilityStatement, and the authorization server's own metadata
 * when those name only some endpoints (see discovery-run.ts); merged with provenance.
 *
 * Every flow starts from these endpoints, and most "wrong token endpoint" failures are visible
 * here first, so the result carries the conformance findings and plain-words problems (404,
 * HTML page, invalid JSON, timeout, issuer mismatch) next to what was found.
 */
export class DiscoveryService {
  private readonly results = new Map<string, DiscoveryResult>();
  /** Each profile's discoveries in flight, so `discovery:cancel` can stop a stalled one. */
  private readonly running = new Map<string, Set<AbortController>>();

  constructor(private readonly deps: { http: HttpClient; profiles: ProfileStore; clock: Clock; timeoutMs?: number }) {}

  /** Runs discovery for a stored profile, reading every document (from `url` when given). */
  async run(profileId: string, url?: string): Promise<DiscoveryResult> {
    const profile = await this.deps.profiles.get(profileId);
    return this.discover(profile, undefined, url ? { url } : {});
  }

  /**
   * Stops every discovery of a profile that is still waiting for the server (its own runs and a
   * token flow's); each returns at once with the problem "cancelled". Answers how many it stopped.
   */
  cancel(profileId: string): { profileId: string; cancelled: number } {
    const running = [...(this.running.get(profileId) ?? [])];
    for (const ctl of running) ctl.abort();
    return { profileId, cancelled: running.length };
  }

  /**
   * Runs discovery for a profile object (the token flows call this when an endpoint they need is
   * unknown, passing their run's signal so cancelling the run stops discovery too).
   */
  async discover(profile: Profile, signal?: AbortSignal, opts: DiscoverOptions = {}): Promise<DiscoveryResult> {
    let start: { base: string; note?: string };
    try {
      start = discoveryStart(opts.url ?? profile.fhirBaseUrl);
    } catch (e) {
      throw new AppFailure('INVALID_INPUT', (e as Error).message, [{ path: 'url', message: (e as Error).message }]);
    }
    const own = new AbortController();
    let running = this.running.get(profile.id);
    if (!running) this.running.set(profile.id, (running = new Set()));
    running.add(own);
    const onAbort = () => own.abort();
    if (signal?.aborted) own.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const result = await runDiscovery(
        { http: this.deps.http, profileId: profile.id, signal: own.signal, ...(this.deps.timeoutMs ? { timeoutMs: this.deps.timeoutMs } : {}) },
        { profile, base: start.base, ...(start.note ? { startNote: start.note } : {}), ...(opts.quick ? { quick: opts.quick } : {}), now: () => this.deps.clock.now() },
      );
      // A cancelled discovery is not kept, so an earlier good result stays usable.
      if (!result.cancelled) this.results.set(profile.id, result);
      return result;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      running.delete(own);
      if (!running.size && this.running.get(profile.id) === running) this.running.delete(profile.id);
    }
  }

  /**
   * The last discovery result of a profile in this session, if it was for the same FHIR base
   * (whichever URL it started from: the user chose it for this profile).
   */
  last(profile: Pick<Profile, 'id' | 'fhirBaseUrl'>): DiscoveryResult | undefined {
    const r = this.results.get(profile.id);
    return r && r.fhirBaseUrl === profile.fhirBaseUrl ? r : undefined;
  }

  /**
   * Stores the found endpoints, and which document each came from, in the profile (the one-click
   * "use these endpoints"); endpoints typed on the profile still win when a flow runs.
   */
  async apply(profileId: string, url?: string): Promise<{ profile: Profile; result: DiscoveryResult }> {
    const profile = await this.deps.profiles.get(profileId);
    const last = this.last(profile);
    const result = last && (!url || last.url === discoveryStart(url).base) ? last : await this.discover(profile, undefined, url ? { url } : {});
    if (result.source === 'none') throw new AppFailure('NOT_FOUND', `Nothing to apply: ${result.summary}`);
    const e = result.endpoints;
    const sources: Record<string, string> = {};
    for (const p of result.provenance) sources[p.field] = p.from.url;
    const found: Partial<DiscoveredEndpoints> = {};
    for (const field of Object.values(ENDPOINT_FIELDS)) found[field] = e[field];
    const discovered: DiscoveredEndpoints = prune({
      source: result.source, fetchedAt: result.fetchedAt, url: result.url, ...found, issuer: e.issuer, sources,
    });
    const saved = await this.deps.profiles.save({ ...profile, discovered });
    return { profile: saved, result };
  }
}
