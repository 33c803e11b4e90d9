/**
 * Finds FHIR references in a response so the tree can make them clickable.
 *
 * Why: following `subject.reference` to the Patient is the most common next step after a
 * search. Only what the console can send is a target: `Type/id` (with an optional
 * `_history/vid`) and absolute http(s) URLs; contained (`#id`) and `urn:` references are not.
 */

/** Where a click goes: a path relative to the FHIR base, or an absolute URL. */
export interface ReferenceTarget { path: string; absolute: boolean }

const RELATIVE = /^[A-Z][A-Za-z]{1,63}\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const ABSOLUTE_RESOURCE = /^https?:\/\/[^\s/]+(\/[^\s?#]*)?\/[A-Z][A-Za-z]{1,63}\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const HTTP_URL = /^https?:\/\/[^\s]+$/;

/**
 * The target of a string value, judged by its key: `reference` (a Reference), `fullUrl` (a
 * Bundle entry) or `url` inside a Bundle link (`inLink`). Anything else is not a reference.
 */
export function detectReference(key: string | number | null, value: unknown, inLink = false): ReferenceTarget | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  const v = value.trim();
  if (key === 'reference') {
    if (RELATIVE.test(v)) return { path: v, absolute: false };
    if (ABSOLUTE_RESOURCE.test(v)) return { path: v, absolute: true };
    return undefined;
  }
  if (key === 'fullUrl' && ABSOLUTE_RESOURCE.test(v)) return { path: v, absolute: true };
  if (key === 'url' && inLink && HTTP_URL.test(v)) return { path: v, absolute: true };
  return undefined;
}

/** Bundle links by relation (`next`, `previous`/`prev`, `first`, `last`, `self`). */
export function bundleLinks(bundle: unknown): { relation: string; url: string }[] {
  const b = bundle as { resourceType?: unknown; link?: unknown } | null;
  if (!b || typeof b !== 'object' || b.resourceType !== 'Bundle' || !Array.isArray(b.link)) return [];
  return b.link.flatMap((l: unknown) => {
    const link = l as { relation?: unknown; url?: unknown } | null;
    if (!link || typeof link.relation !== 'string' || typeof link.url !== 'string' || !HTTP_URL.test(link.url)) return [];
    return [{ relation: link.relation === 'prev' ? 'previous' : link.relation, url: link.url }];
  });
}
