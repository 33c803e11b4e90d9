import type { DiscoveryDocumentKind } from '../profiles/index.ts';

/**
 * Where a server's discovery documents live, for any URL a user starts from: a FHIR base or an
 * issuer, with or without tenant path segments.
 *
 * - SMART: `{base}/.well-known/smart-configuration` and the CapabilityStatement at `{base}/metadata`.
 * - RFC 8414: `{origin}/.well-known/oauth-authorization-server{path}` (the well-known part inserted
 *   between host and path), and the issuer-suffix form `{issuer}/.well-known/oauth-authorization-server`
 *   some servers use instead (Okta's custom authorization servers).
 * - OpenID Connect Discovery: `{issuer}/.well-known/openid-configuration` (suffix), and the
 *   path-insertion form RFC 8414 §5 describes for it.
 *
 * For a URL without a path both forms are the same URL, which is then fetched once.
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#using-well-known
 */

/** How the well-known path was put on the URL. */
export type DocumentForm = 'suffix' | 'path-insertion';

/** One document to fetch. */
export interface DocumentLocation {
  kind: DiscoveryDocumentKind;
  form: DocumentForm;
  url: string;
}

/** The authorization server metadata documents (RFC 8414 and OpenID Connect). */
export const AS_METADATA_KINDS = ['oauth-authorization-server', 'openid-configuration'] as const;

/** A URL reduced to what the well-known rules work on: no query, no fragment, no trailing slash. */
function parts(url: string): { origin: string; path: string } {
  const u = new URL(url);
  return { origin: u.origin, path: u.pathname.replace(/\/+$/, '') };
}

/**
 * What a pasted URL means as a starting point: a well-known document URL or a CapabilityStatement
 * URL is turned back into the base or issuer it belongs to, so discovery reads every document.
 * Throws with words for something that is not an http(s) URL.
 */
export function discoveryStart(url: string): { base: string; note?: string } {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    throw new Error(`"${url}" is not an absolute URL; enter a FHIR base or an issuer such as https://auth.example.com/realms/acme`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`Discovery works over http(s), not ${u.protocol}`);
  const path = u.pathname.replace(/\/+$/, '');
  const inserted = /^\/\.well-known\/(?:oauth-authorization-server|openid-configuration)(\/.*)?$/.exec(path);
  if (inserted) return { base: `${u.origin}${inserted[1] ?? ''}`, note: `${url} is a discovery document; discovery started from the issuer it names in its path (${u.origin}${inserted[1] ?? ''}).` };
  const suffix = /^(.*)\/\.well-known\/(?:smart-configuration|oauth-authorization-server|openid-configuration)$/.exec(path);
  if (suffix) return { base: `${u.origin}${suffix[1]}`, note: `${url} is a discovery document; discovery started from ${u.origin}${suffix[1]}.` };
  const metadata = /^(.*)\/metadata$/.exec(path);
  if (metadata && metadata[1]) return { base: `${u.origin}${metadata[1]}`, note: `${url} is a CapabilityStatement; discovery started from the FHIR base ${u.origin}${metadata[1]}.` };
  return { base: `${u.origin}${path}` };
}

/** The authorization server metadata URLs of an issuer (or any URL treated as one), path-insertion first. */
export function authorizationServerLocations(issuer: string): DocumentLocation[] {
  const { origin, path } = parts(issuer);
  const out: DocumentLocation[] = [{ kind: 'oauth-authorization-server', form: 'path-insertion', url: `${origin}/.well-known/oauth-authorization-server${path}` }];
  if (path) out.push({ kind: 'oauth-authorization-server', form: 'suffix', url: `${origin}${path}/.well-known/oauth-authorization-server` });
  out.push({ kind: 'openid-configuration', form: 'suffix', url: `${origin}${path}/.well-known/openid-configuration` });
  if (path) out.push({ kind: 'openid-configuration', form: 'path-insertion', url: `${origin}/.well-known/openid-configuration${path}` });
  return out;
}

/** Every document discovery reads at a starting URL: SMART's, the authorization server metadata, the CapabilityStatement. */
export function discoveryLocations(base: string): DocumentLocation[] {
  const { origin, path } = parts(base);
  return [
    { kind: 'smart-configuration', form: 'suffix', url: `${origin}${path}/.well-known/smart-configuration` },
    ...authorizationServerLocations(base),
    { kind: 'capability-statement', form: 'suffix', url: `${origin}${path}/metadata` },
  ];
}

/** How many path levels the walk up from a token endpoint goes at most. */
export const MAX_WALK_UP = 6;

/**
 * Issuers to try for a token endpoint whose server names none: its path walked up one segment at
 * a time, most specific first (`https://h/realms/x/protocol/openid-connect/token` ->
 * `.../openid-connect`, `.../protocol`, `https://h/realms/x`, `https://h/realms`, `https://h`).
 */
export function issuerCandidates(tokenEndpoint: string): string[] {
  const { origin, path } = parts(tokenEndpoint);
  const segments = path.split('/').filter(Boolean);
  const out: string[] = [];
  for (let n = segments.length - 1; n >= 0 && out.length < MAX_WALK_UP; n--) {
    out.push(`${origin}${n ? `/${segments.slice(0, n).join('/')}` : ''}`);
  }
  return out;
}

/** Two issuer identifiers compare equal when they differ at most by a trailing slash. */
export function sameIssuer(a: string | undefined, b: string | undefined): boolean {
  return !!a && !!b && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}
