import { summarizeCapabilityStatement, type CapabilitySummary, outcomeFromText, outcomeSentence } from '../../../app/console/index.ts';
import type { Profile } from '../../../app/profiles/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import type { HttpClient, HttpResponse } from '../../http/index.ts';
import type { Clock } from '../../ports.ts';
import { specSearchParams } from './spec-search-params.ts';
import { authorizationValue, tokenFor, type TokenProvider } from '../tokens/index.ts';

/**
 * Each profile's CapabilityStatement, fetched once and kept, reduced to console suggestions.
 *
 * Why: suggestions are wanted on every keystroke, the statement rarely changes, and some
 * servers' statements are megabytes. `/metadata` is public on most servers; when one answers
 * 401 the request is repeated with the profile's token.
 */
export class CapabilityCache {
  private readonly cache = new Map<string, { base: string; summary: Promise<CapabilitySummary> }>();

  constructor(private readonly deps: { http: HttpClient; tokens: TokenProvider; clock: Clock }) {}

  /** The summary for a profile; `refresh` fetches again. Failures are not kept. */
  get(profile: Profile, refresh = false): Promise<CapabilitySummary> {
    const hit = this.cache.get(profile.id);
    if (hit && !refresh && hit.base === profile.fhirBaseUrl) return hit.summary;
    const summary = this.fetch(profile);
    this.cache.set(profile.id, { base: profile.fhirBaseUrl, summary });
    summary.catch(() => { if (this.cache.get(profile.id)?.summary === summary) this.cache.delete(profile.id); });
    return summary;
  }

  private async fetch(profile: Profile): Promise<CapabilitySummary> {
    const url = `${profile.fhirBaseUrl.replace(/\/+$/, '')}/metadata`;
    const send = (authorization?: string, token?: string): Promise<HttpResponse> => this.deps.http.send({
      method: 'GET', url, purpose: 'fhir', profileId: profile.id, followRedirects: true, maxBodyBytes: 30 * 1024 * 1024,
      headers: { Accept: 'application/fhir+json', ...(authorization ? { Authorization: authorization } : {}) },
      sensitiveValues: token ? [token] : [],
    });
    let res = await send();
    if ((res.status === 401 || res.status === 403) && profile.authMethod !== 'none') {
      const token = await tokenFor(this.deps.tokens, profile, false);
      res = await send(authorizationValue(token), token.accessToken);
    }
    if (res.status !== 200) {
      const why = outcomeSentence(outcomeFromText(res.bodyText) ?? []);
      throw new AppFailure('HTTP_ERROR', `${url} answered ${res.status} ${res.statusText}${why ? `: ${why}` : ''}; no suggestions from the server's CapabilityStatement.`);
    }
    let doc: unknown;
    try {
      doc = JSON.parse(res.bodyText);
    } catch {
      throw new AppFailure('HTTP_ERROR', `${url} did not answer JSON (Content-Type ${res.header('content-type') ?? 'missing'}); no suggestions from the server.`);
    }
    const spec = await specSearchParams();
    try {
      return summarizeCapabilityStatement(doc, { url, fetchedAt: new Date(this.deps.clock.now()).toISOString() }, (type) => spec.get(type) ?? []);
    } catch (e) {
      throw new AppFailure('HTTP_ERROR', (e as Error).message);
    }
  }
}
