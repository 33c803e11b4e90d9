import { z } from 'zod';
import type { DiscoveryFetch, DiscoveryResult, FoundEndpoints } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { inspectDiscovery } from '../../../app/conformance/index.ts';
import { readDocument, oauthUris, resolveAgainstBase } from '../../../app/conformance/discovery/index.ts';
import type { DiscoveredEndpoints, Profile, ProfileInput } from '../../../app/profiles/index.ts';
import type { HttpClient, HttpResponse } from '../../http/index.ts';
import type { Clock } from '../../ports.ts';
import { headersRecord, looksLikeHtml, snippet } from '../tokens/http/index.ts';

/** The part of the profile service discovery needs (read a profile, save the found endpoints). */
export interface ProfileStore {
  get(id: string): Promise<Profile>;
  save(input: z.output<typeof ProfileInput>): Promise<Profile>;
}

/** Discovery requests give up after this long: a stalled server must not hang the UI. */
export const DISCOVERY_TIMEOUT_MS = 15_000;

interface Fetched { fetch: DiscoveryFetch; res?: HttpResponse; doc?: Record<string, unknown> }

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Why a response is not a usable JSON document, in words; undefined when it is usable. */
function documentProblem(url: string, res: HttpResponse, what: string): { problem?: string; doc?: Record<string, unknown> } {
  const type = res.header('content-type');
  if (res.status === 404) return { problem: `${url} does not exist on this server (HTTP 404): the server publishes no ${what} there.` };
  if (looksLikeHtml(type, res.bodyText)) {
    return { problem: `${url} answered with an HTML page (HTTP ${res.status}${type ? `, ${type}` : ''}), not JSON: "${snippet(res.bodyText, 80)}". This is usually a login page, a portal or a proxy error page; check the FHIR base URL.` };
  }
  if (res.status < 200 || res.status >= 300) return { problem: `${url} answered HTTP ${res.status} ${res.statusText}: "${snippet(res.bodyText, 80)}".` };
  const read = readDocument({ rawBody: res.bodyText });
  if (read.kind === 'object') return { doc: read.doc };
  if (read.doc) return { doc: read.doc, problem: undefined };
  return { problem: `${url}: ${read.problem}.` };
}

function endpointsFromWellKnown(doc: Record<string, unknown>, base: string): FoundEndpoints {
  const url = (k: string) => {
    const v = str(doc[k]);
    return v === undefined ? undefined : resolveAgainstBase(v, base) ?? v;
  };
  return prune({
    authorizeEndpoint: url('authorization_endpoint'), tokenEndpoint: url('token_endpoint'), revocationEndpoint: url('revocation_endpoint'),
    introspectionEndpoint: url('introspection_endpoint'), registrationEndpoint: url('registration_endpoint'),
    managementEndpoint: url('management_endpoint'), jwksUri: url('jwks_uri'), issuer: str(doc['issuer']),
  });
}

function prune<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/**
 * SMART discovery for a profile: `[base]/.well-known/smart-configuration`, with the SMART 1.0
 * CapabilityStatement (`[base]/metadata`, rest.security oauth-uris) as the fallback some servers
 * (CareEvolution/HIEBus) still rely on.
 *
 * Every flow starts from these endpoints, and most "wrong token endpoint" failures are visible
 * here first, so the result carries the conformance findings and plain-words problems (404,
 * HTML page, invalid JSON, timeout) next to what was found.
 */
export class DiscoveryService {
  private readonly results = new Map<string, DiscoveryResult>();
  /** Each profile's discoveries in flight, so `discovery:cancel` can stop a stalled one. */
  private readonly running = new Map<string, Set<AbortController>>();

  constructor(private readonly deps: { http: HttpClient; profiles: ProfileStore; clock: Clock; timeoutMs?: number }) {}

  /** Runs discovery for a stored profile. */
  async run(profileId: string): Promise<DiscoveryResult> {
    const profile = await this.deps.profiles.get(profileId);
    return this.discover(profile);
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
   * Runs discovery for a profile object (the token flows call this when no endpoint is configured,
   * passing their run's signal so cancelling the run stops discovery too).
   */
  async discover(profile: Profile, signal?: AbortSignal): Promise<DiscoveryResult> {
    const own = new AbortController();
    let running = this.running.get(profile.id);
    if (!running) this.running.set(profile.id, (running = new Set()));
    running.add(own);
    const onAbort = () => own.abort();
    if (signal?.aborted) own.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return await this.discoverWith(profile, own.signal);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      running.delete(own);
      if (!running.size && this.running.get(profile.id) === running) this.running.delete(profile.id);
    }
  }

  private async discoverWith(profile: Profile, signal: AbortSignal): Promise<DiscoveryResult> {
    const base = profile.fhirBaseUrl.replace(/\/+$/, '');
    const wellKnown = await this.fetchDoc(`${base}/.well-known/smart-configuration`, profile.id, 'application/json', 'SMART configuration', signal);
    if (signal.aborted) return this.cancelled(profile, wellKnown.fetch);
    const wkEndpoints = wellKnown.doc ? endpointsFromWellKnown(wellKnown.doc, base) : {};
    const wkUsable = !!wellKnown.doc && !!(wkEndpoints.tokenEndpoint || wkEndpoints.authorizeEndpoint);
    if (wellKnown.doc && !wkUsable && !wellKnown.fetch.problem) {
      wellKnown.fetch.problem = 'The SMART configuration lists neither token_endpoint nor authorization_endpoint.';
    }
    let metadata: Fetched | undefined;
    let csEndpoints: FoundEndpoints = {};
    if (!wkUsable) {
      metadata = await this.fetchDoc(`${base}/metadata`, profile.id, 'application/fhir+json, application/json', 'CapabilityStatement', signal);
      if (signal.aborted) return this.cancelled(profile, wellKnown.fetch, metadata.fetch);
      const uris = metadata.doc ? oauthUris(metadata.doc, base)?.uris : undefined;
      if (metadata.doc && !uris && !metadata.fetch.problem) {
        metadata.fetch.problem = 'The CapabilityStatement has no rest.security oauth-uris extension, so it names no OAuth endpoints.';
      }
      if (uris) {
        csEndpoints = prune({
          authorizeEndpoint: uris['authorize'], tokenEndpoint: uris['token'], revocationEndpoint: uris['revoke'],
          introspectionEndpoint: uris['introspect'], registrationEndpoint: uris['register'], managementEndpoint: uris['manage'],
        });
      }
    }
    const source: DiscoveryResult['source'] = wkUsable ? 'smart-configuration' : Object.keys(csEndpoints).length ? 'capability-statement' : 'none';
    const doc = wellKnown.doc ?? {};
    const findings = inspectDiscovery({
      fhirBaseUrl: profile.fhirBaseUrl, requestUrl: wellKnown.fetch.url, status: wellKnown.res?.status,
      headers: wellKnown.res ? headersRecord(wellKnown.res.headers) : {}, rawBody: wellKnown.res?.bodyText,
      capabilityStatement: metadata?.res?.bodyText,
    }, { now: Math.floor(this.deps.clock.now() / 1000) });
    const endpoints = source === 'smart-configuration' ? wkEndpoints : csEndpoints;
    const result: DiscoveryResult = {
      profileId: profile.id, fhirBaseUrl: profile.fhirBaseUrl, source, fetchedAt: new Date(this.deps.clock.now()).toISOString(),
      wellKnown: wellKnown.fetch, endpoints,
      capabilities: strings(doc['capabilities']), grantTypes: strings(doc['grant_types_supported']), scopesSupported: strings(doc['scopes_supported']),
      signingAlgs: strings(doc['token_endpoint_auth_signing_alg_values_supported']),
      authMethods: strings(doc['token_endpoint_auth_methods_supported'] ?? doc['token_endpoint_auth_methods']),
      codeChallengeMethods: strings(doc['code_challenge_methods_supported']),
      findings, summary: summarize(source, endpoints, wellKnown.fetch, metadata?.fetch),
    };
    if (metadata) result.metadata = metadata.fetch;
    if (wellKnown.doc) result.document = wellKnown.doc;
    this.results.set(profile.id, result);
    return result;
  }

  /** The last discovery result of a profile in this session, if it was for the same FHIR base. */
  last(profile: Pick<Profile, 'id' | 'fhirBaseUrl'>): DiscoveryResult | undefined {
    const r = this.results.get(profile.id);
    return r && r.fhirBaseUrl === profile.fhirBaseUrl ? r : undefined;
  }

  /** Stores the found endpoints in the profile (the one-click "use these endpoints"). */
  async apply(profileId: string): Promise<{ profile: Profile; result: DiscoveryResult }> {
    const profile = await this.deps.profiles.get(profileId);
    const result = this.last(profile) ?? (await this.discover(profile));
    if (result.source === 'none') throw new AppFailure('NOT_FOUND', `Nothing to apply: ${result.summary}`);
    const e = result.endpoints;
    const discovered: DiscoveredEndpoints = prune({
      source: result.source, fetchedAt: result.fetchedAt, authorizeEndpoint: e.authorizeEndpoint, tokenEndpoint: e.tokenEndpoint,
      revocationEndpoint: e.revocationEndpoint, introspectionEndpoint: e.introspectionEndpoint, jwksUri: e.jwksUri, issuer: e.issuer,
    });
    const saved = await this.deps.profiles.save({ ...profile, discovered });
    return { profile: saved, result };
  }

  /**
   * The result of a cancelled discovery: nothing found, the problem "cancelled", no findings (a
   * request the user stopped says nothing about the server). Not kept as the profile's last result,
   * so an earlier good one stays usable.
   */
  private cancelled(profile: Profile, wellKnown: DiscoveryFetch, metadata?: DiscoveryFetch): DiscoveryResult {
    const last = metadata ?? wellKnown;
    // Cancelled just as an answer arrived: the answer is dropped, and the last fetch says why.
    last.problem ??= cancelledProblem(last.url);
    const result: DiscoveryResult = {
      profileId: profile.id, fhirBaseUrl: profile.fhirBaseUrl, source: 'none', fetchedAt: new Date(this.deps.clock.now()).toISOString(),
      wellKnown, endpoints: {}, capabilities: [], grantTypes: [], scopesSupported: [], signingAlgs: [], authMethods: [], codeChallengeMethods: [],
      findings: [], summary: `Discovery was cancelled before ${last.url} answered; nothing was found.`, cancelled: true,
    };
    if (metadata) result.metadata = metadata;
    return result;
  }

  private async fetchDoc(url: string, profileId: string, accept: string, what: string, signal: AbortSignal): Promise<Fetched> {
    try {
      const res = await this.deps.http.send({
        method: 'GET', url, headers: { accept }, purpose: 'discovery', profileId, signal,
        timeoutMs: this.deps.timeoutMs ?? DISCOVERY_TIMEOUT_MS, followRedirects: true, maxBodyBytes: 2 * 1024 * 1024,
      });
      const fetch: DiscoveryFetch = { url, status: res.status, durationMs: Math.round(res.timings.totalMs), activityId: res.activityId };
      const type = res.header('content-type');
      if (type) fetch.contentType = type;
      const { problem, doc } = documentProblem(url, res, what);
      if (problem) fetch.problem = problem;
      return doc && !problem ? { fetch, res, doc } : { fetch, res };
    } catch (e) {
      if (!(e instanceof AppFailure)) throw e;
      if (e.code === 'CANCELLED') return { fetch: { url, problem: cancelledProblem(url) } };
      return { fetch: { url, problem: e.message } };
    }
  }
}

const cancelledProblem = (url: string) => `Discovery was cancelled before ${url} answered.`;

function summarize(source: DiscoveryResult['source'], endpoints: FoundEndpoints, wk: DiscoveryFetch, md: DiscoveryFetch | undefined): string {
  const n = Object.keys(endpoints).filter((k) => k !== 'issuer').length;
  if (source === 'smart-configuration') return `Found ${n} endpoint${n === 1 ? '' : 's'} in the SMART configuration (${wk.url}).`;
  if (source === 'capability-statement') {
    return `No usable SMART configuration (${wk.problem ?? 'unusable'}); found ${n} endpoint${n === 1 ? '' : 's'} in the CapabilityStatement's oauth-uris extension instead.`;
  }
  return `No OAuth endpoints found. SMART configuration: ${wk.problem ?? 'unusable'} CapabilityStatement: ${md?.problem ?? 'not fetched'}`;
}
