/**
 * Search-bundle finishing: `self`/`next`/`previous` links, `fullUrl`s, and removing entries the
 * token may not see.
 *
 * Why: Medplum's in-memory repository answers searches with `total` but without paging links
 * or `fullUrl`, and a scope-confined search must not leak included resources from outside the
 * patient compartment. Links are built from the client's own query (offset paging), so
 * following `next` re-applies the same scope filters.
 */
import type { Bundle, BundleEntry, BundleLink, Resource } from '@medplum/fhirtypes';

/** Medplum's default page size (no `_count`). */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest `_count` honoured. */
export const MAX_PAGE_SIZE = 1000;

/** Query parameters that belong to the sandbox, never to FHIR search. */
export const SANDBOX_PARAMS = new Set(['sandbox_fail', 'sandbox_export_bytes', 'sandbox_export_delay']);

/** The client's query minus sandbox-only parameters. */
export function fhirQuery(url: URL): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (!SANDBOX_PARAMS.has(k)) out.append(k, v);
  return out;
}

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const n = Number.parseInt(query.get(name) ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Page size and offset the search will use. */
export function paging(query: URLSearchParams): { count: number; offset: number } {
  return { count: Math.min(intParam(query, '_count', DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE), offset: intParam(query, '_offset', 0) };
}

/**
 * Add paging links and `fullUrl`s to a searchset. `pageUrl` is the request URL as the client
 * sent it (absolute, without sandbox parameters).
 */
export function finishSearchBundle(bundle: Bundle, pageUrl: URL, fhirBaseUrl: string): Bundle {
  const query = new URLSearchParams(pageUrl.search);
  const { count, offset } = paging(query);
  const link = (relation: string, newOffset: number): BundleLink => {
    const q = new URLSearchParams(query);
    q.delete('_offset');
    if (newOffset > 0) q.set('_offset', String(newOffset));
    if (!q.has('_count')) q.set('_count', String(count));
    return { relation, url: `${pageUrl.origin}${pageUrl.pathname}?${q}` };
  };
  const links: BundleLink[] = [{ relation: 'self', url: pageUrl.href }];
  const total = bundle.total;
  if (count > 0 && typeof total === 'number' && offset + count < total) links.push(link('next', offset + count));
  if (count > 0 && offset > 0) links.push(link('previous', Math.max(0, offset - count)));
  const entry = bundle.entry?.map((e): BundleEntry => (e.resource?.id
    ? { fullUrl: `${fhirBaseUrl}/${e.resource.resourceType}/${e.resource.id}`, ...e }
    : e));
  return { ...bundle, link: links, ...(entry ? { entry } : {}) };
}

/** Drop entries whose resource `visible` rejects; the `total` is left as the server counted. */
export function filterBundleEntries(bundle: Bundle, visible: (r: Resource, mode: string | undefined) => boolean): Bundle {
  if (!bundle.entry) return bundle;
  return { ...bundle, entry: bundle.entry.filter((e) => !e.resource || visible(e.resource, e.search?.mode)) };
}
