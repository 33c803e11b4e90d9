import { finding } from '../finding.ts';
import { isLoopbackHost, parseUri } from '../uri-parts.ts';
import type { Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * Endpoint URL rules of the discovery document (rules 136-137): absolute URLs, over TLS.
 *
 * Relative URLs are resolved against the FHIR base as the IG suggests, and the resolved value is
 * shown, because a client assertion's `aud` must then be that resolved token endpoint.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#using-well-known
 */

/** One URL-valued field of the document, named as it appears (`associated_endpoints[0].url`). */
export interface UrlField {
  name: string;
  value: string;
}

/** Every `*_endpoint`, `jwks_uri`, `issuer`, `user_access_brand_bundle` and `associated_endpoints[].url` string. */
export function endpointUrlFields(doc: Record<string, unknown>): UrlField[] {
  const out: UrlField[] = [];
  for (const [key, value] of Object.entries(doc)) {
    const urlKey = key.endsWith('_endpoint') || key === 'jwks_uri' || key === 'issuer' || key === 'user_access_brand_bundle';
    if (urlKey && typeof value === 'string' && value.trim() !== '') out.push({ name: key, value });
  }
  const associated = doc['associated_endpoints'];
  if (Array.isArray(associated)) {
    associated.forEach((entry, i) => {
      const url = isObject(entry) ? entry['url'] : undefined;
      if (typeof url === 'string' && url.trim() !== '') out.push({ name: `associated_endpoints[${i}].url`, value: url });
    });
  }
  return out;
}

/** True when the URL has a scheme and a host. */
export function isAbsoluteUrl(value: string): boolean {
  const p = parseUri(value.trim());
  return p !== undefined && p.hasAuthority && p.host !== '';
}

/** Resolves a possibly relative URL against the FHIR base (treated as a directory); undefined when impossible. */
export function resolveAgainstBase(value: string, fhirBaseUrl: unknown): string | undefined {
  if (isAbsoluteUrl(value)) return value;
  if (typeof fhirBaseUrl !== 'string') return undefined;
  try {
    return new URL(value, fhirBaseUrl.endsWith('/') ? fhirBaseUrl : `${fhirBaseUrl}/`).href;
  } catch {
    return undefined;
  }
}

/** DISC-ABSOLUTE-URLS and DISC-HTTPS for every endpoint URL in the document. */
export function urlFindings(doc: Record<string, unknown>, fhirBaseUrl: unknown): Finding[] {
  const out: Finding[] = [];
  for (const { name, value } of endpointUrlFields(doc)) {
    if (!isAbsoluteUrl(value)) {
      const resolved = resolveAgainstBase(value, fhirBaseUrl);
      out.push(finding('DISC-ABSOLUTE-URLS',
        `${name} is the relative URL ${show(value)}${resolved ? `; resolved against the FHIR base it is ${show(resolved)}` : ''}`));
      continue;
    }
    const p = parseUri(value.trim());
    if (p && p.scheme.toLowerCase() === 'http') {
      const local = isLoopbackHost(p.host);
      out.push(finding('DISC-HTTPS',
        `${name} ${show(value)} uses plain http${local ? ' (loopback host: acceptable for a local test server only)' : ''}`,
        local ? 'info' : 'error'));
    }
  }
  return out;
}
