import type { DiscoveryFetch } from '../../../app/contract/index.ts';
import { readDocument } from '../../../app/conformance/discovery/index.ts';
import { DOCUMENT_LABELS, type DocumentLocation } from '../../../app/discovery/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import type { HttpClient, HttpResponse } from '../../http/index.ts';
import { looksLikeHtml, snippet } from '../tokens/http/index.ts';

/**
 * Fetches one discovery document and says in words why it cannot be used (404, an HTML login
 * page, invalid JSON, a timeout, cancelled) instead of throwing: discovery reads several
 * documents, and one bad answer must not hide what the others say.
 */

/** Discovery requests give up after this long: a stalled server must not hang the UI. */
export const DISCOVERY_TIMEOUT_MS = 15_000;

/** A fetched document: the fetch as shown, the response, and the parsed JSON object when there is one. */
export interface FetchedDocument {
  location: DocumentLocation;
  fetch: DiscoveryFetch;
  res?: HttpResponse;
  doc?: Record<string, unknown>;
  /** The Accept header sent (for the exchange's diagnosis). */
  accept?: string;
  /** Why no response arrived (a timeout, a refused connection): the diagnosis reads its network code. */
  failure?: AppFailure;
}

/** What a fetch needs. */
export interface DocumentFetchDeps {
  http: HttpClient;
  profileId: string;
  signal: AbortSignal;
  timeoutMs?: number;
}

/** Words for a document that was cancelled before its server answered. */
export const cancelledProblem = (url: string) => `Discovery was cancelled before ${url} answered.`;

/** Why a response is not a usable JSON document, in words; undefined when it is usable. */
function documentProblem(url: string, res: HttpResponse, what: string): { problem?: string; doc?: Record<string, unknown> } {
  const type = res.header('content-type');
  if (res.status === 404) return { problem: `${url} does not exist on this server (HTTP 404): the server publishes no ${what} there.` };
  if (looksLikeHtml(type, res.bodyText)) {
    return { problem: `${url} answered with an HTML page (HTTP ${res.status}${type ? `, ${type}` : ''}), not JSON: "${snippet(res.bodyText, 80)}". This is usually a login page, a portal or a proxy error page; check the URL.` };
  }
  if (res.status < 200 || res.status >= 300) return { problem: `${url} answered HTTP ${res.status} ${res.statusText}: "${snippet(res.bodyText, 80)}".` };
  const read = readDocument({ rawBody: res.bodyText });
  if (read.kind === 'object') return { doc: read.doc };
  // Almost-JSON (trailing commas) is still read, so its endpoints are known; the findings report it.
  if (read.doc) return { doc: read.doc };
  return { problem: `${url}: ${read.problem}.` };
}

/** Fetches one document (GET, redirects followed, 2 MB at most). */
export async function fetchDocument(deps: DocumentFetchDeps, location: DocumentLocation): Promise<FetchedDocument> {
  const { url } = location;
  const what = DOCUMENT_LABELS[location.kind];
  const accept = location.kind === 'capability-statement' ? 'application/fhir+json, application/json' : 'application/json';
  try {
    const res = await deps.http.send({
      method: 'GET', url, headers: { accept }, purpose: 'discovery', profileId: deps.profileId, signal: deps.signal,
      timeoutMs: deps.timeoutMs ?? DISCOVERY_TIMEOUT_MS, followRedirects: true, maxBodyBytes: 2 * 1024 * 1024,
    });
    const fetch: DiscoveryFetch = { url, status: res.status, durationMs: Math.round(res.timings.totalMs), activityId: res.activityId };
    const type = res.header('content-type');
    if (type) fetch.contentType = type;
    const { problem, doc } = documentProblem(url, res, what);
    if (problem) fetch.problem = problem;
    return doc && !problem ? { location, fetch, res, doc, accept } : { location, fetch, res, accept };
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    if (e.code === 'CANCELLED') return { location, fetch: { url, problem: cancelledProblem(url) } };
    return { location, fetch: { url, problem: e.message }, accept, failure: e };
  }
}
