import type { CapabilitySummary, SearchParamHint } from '../../../../../app/console/index.ts';

/**
 * What to suggest while the user types a path or a query parameter, from the server's
 * CapabilityStatement summary.
 *
 * Why: the console's path box is a datalist; it filters the options itself, so these
 * functions only decide which complete values make sense for what is typed so far.
 */

/** Paths every FHIR server answers besides resource types. */
const FIXED_PATHS = ['metadata', '.well-known/smart-configuration', '_history'];

/** The resource type a path targets: `Observation?code=x` and `Patient/1/Observation` give Observation. */
export function resourceTypeOf(path: string, fhirBaseUrl?: string): string | undefined {
  let p = path.trim();
  if (/^https?:\/\//i.test(p)) {
    const base = fhirBaseUrl?.replace(/\/+$/, '');
    if (!base || !p.startsWith(`${base}/`)) return undefined;
    p = p.slice(base.length + 1);
  }
  const segments = p.replace(/^\/+/, '').split(/[?#]/)[0]?.split('/').filter(Boolean) ?? [];
  const types = segments.filter((s) => /^[A-Z][A-Za-z]+$/.test(s));
  return types.at(-1);
}

/** The search parameters for a type: the type's own, then the common ones it does not repeat. */
export function searchParamsFor(type: string | undefined, caps: CapabilitySummary | undefined): SearchParamHint[] {
  if (!caps) return [];
  const own = type ? caps.resources.find((r) => r.type === type)?.searchParams ?? [] : [];
  return [...own, ...caps.commonSearchParams.filter((c) => !own.some((o) => o.name === c.name))];
}

/**
 * Complete values for the path box: resource types and operations before a `?`; after it,
 * the typed path with each search parameter of that type appended (`Observation?code=`).
 */
export function pathSuggestions(path: string, caps: CapabilitySummary | undefined, limit = 400): string[] {
  if (!caps) return FIXED_PATHS;
  const q = path.indexOf('?');
  if (q >= 0) {
    const cut = Math.max(path.lastIndexOf('&'), q);
    const prefix = path.slice(0, cut + 1);
    const typed = path.slice(0, q);
    return searchParamsFor(resourceTypeOf(typed), caps).slice(0, limit).map((p) => `${prefix}${p.name}=`);
  }
  const out: string[] = [];
  for (const r of caps.resources) {
    out.push(r.type);
    for (const op of r.operations) out.push(`${r.type}/$${op}`);
    if (r.interactions.includes('search-type') || r.interactions.length === 0) out.push(`${r.type}/_search`);
  }
  for (const op of caps.systemOperations) out.push(`$${op}`);
  out.push(...FIXED_PATHS);
  return out.slice(0, limit);
}
