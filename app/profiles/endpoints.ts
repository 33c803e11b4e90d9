import { resolveTemplate } from './presets.ts';
import type { Profile } from './schema.ts';

/**
 * The OAuth endpoints a profile talks to, and which value wins: one typed on the profile (with
 * `{base}`/`{origin}` resolved), else what discovery stored in the profile, else what discovery
 * found this session.
 *
 * A typed endpoint wins because vendors' documents sometimes name endpoints their discovery does
 * not (or discovery is missing altogether); discovery fills whatever the user left empty. Every
 * endpoint a flow, an introspection or a registration uses is resolved here, so all of them
 * follow the same rule.
 */

/** Every endpoint a profile can name. */
export const ENDPOINT_KINDS = ['authorize', 'token', 'introspection', 'revocation', 'registration', 'jwks', 'userinfo'] as const;
/** One of ENDPOINT_KINDS. */
export type EndpointKind = (typeof ENDPOINT_KINDS)[number];

/** The field an endpoint is stored in (the same name on the profile, its stored discovery and a discovery result). */
export const ENDPOINT_FIELDS = {
  authorize: 'authorizeEndpoint',
  token: 'tokenEndpoint',
  introspection: 'introspectionEndpoint',
  revocation: 'revocationEndpoint',
  registration: 'registrationEndpoint',
  jwks: 'jwksUri',
  userinfo: 'userinfoEndpoint',
} as const satisfies Record<EndpointKind, string>;
/** One of the ENDPOINT_FIELDS values. */
export type EndpointField = (typeof ENDPOINT_FIELDS)[EndpointKind];

/** Labels for forms and tables, and the metadata field (RFC 8414 / SMART) that carries each endpoint. */
export const ENDPOINT_INFO: Record<EndpointKind, { label: string; metadataField: string; hint: string }> = {
  authorize: { label: 'Authorize endpoint', metadataField: 'authorization_endpoint', hint: 'Where the browser signs in (authorization code flows).' },
  token: { label: 'Token endpoint', metadataField: 'token_endpoint', hint: 'Where tokens are requested; a client assertion\'s aud must equal it.' },
  introspection: { label: 'Introspection endpoint', metadataField: 'introspection_endpoint', hint: 'RFC 7662: asks the server what a token grants.' },
  revocation: { label: 'Revocation endpoint', metadataField: 'revocation_endpoint', hint: 'RFC 7009: tells the server a token is no longer needed.' },
  registration: { label: 'Registration endpoint', metadataField: 'registration_endpoint', hint: 'RFC 7591 dynamic client registration.' },
  jwks: { label: 'Server JWKS URI', metadataField: 'jwks_uri', hint: 'The server\'s public keys, to verify its tokens (not your own key set).' },
  userinfo: { label: 'UserInfo endpoint', metadataField: 'userinfo_endpoint', hint: 'OpenID Connect: who signed in.' },
};

/** Endpoints as discovery reports them (any subset of the fields). */
export type EndpointValues = Partial<Record<EndpointField, string>>;

/** Where a resolved endpoint came from. */
export type EndpointOrigin = 'profile' | 'stored-discovery' | 'discovery';

/** A resolved endpoint. */
export interface ResolvedEndpoint { url: string; origin: EndpointOrigin }

/** The profile's own value of an endpoint, templates resolved; undefined when the field is empty. */
export function typedEndpoint(profile: Profile, kind: EndpointKind): string | undefined {
  const template = profile[ENDPOINT_FIELDS[kind]];
  return template ? resolveTemplate(template, profile.fhirBaseUrl, profile.clientId) : undefined;
}

/**
 * One endpoint of a profile: typed on the profile, else stored from discovery, else from this
 * session's discovery (`session`); undefined when none of them names it.
 */
export function resolveEndpoint(profile: Profile, kind: EndpointKind, session?: EndpointValues): ResolvedEndpoint | undefined {
  const typed = typedEndpoint(profile, kind);
  if (typed) return { url: typed, origin: 'profile' };
  const field = ENDPOINT_FIELDS[kind];
  const stored = profile.discovered?.[field];
  if (stored) return { url: stored, origin: 'stored-discovery' };
  const found = session?.[field];
  return found ? { url: found, origin: 'discovery' } : undefined;
}

/** Every endpoint the profile knows without network access, by field name. */
export function resolveEndpoints(profile: Profile, session?: EndpointValues): EndpointValues {
  const out: EndpointValues = {};
  for (const kind of ENDPOINT_KINDS) {
    const r = resolveEndpoint(profile, kind, session);
    if (r) out[ENDPOINT_FIELDS[kind]] = r.url;
  }
  return out;
}
