import type { DiscoveryDocumentKind } from '../profiles/index.ts';

/**
 * The endpoints a discovery document names, read the same way from a SMART configuration, an
 * RFC 8414 or OpenID Connect metadata document (they share the field names) and a
 * CapabilityStatement's oauth-uris extension.
 */

/** OAuth endpoints a server published, from any discovery document. */
export interface FoundEndpoints {
  authorizeEndpoint?: string;
  tokenEndpoint?: string;
  revocationEndpoint?: string;
  introspectionEndpoint?: string;
  registrationEndpoint?: string;
  managementEndpoint?: string;
  jwksUri?: string;
  userinfoEndpoint?: string;
  issuer?: string;
}

/** One of the FoundEndpoints fields. */
export type FoundField = keyof FoundEndpoints;

/** Each endpoint field and the metadata member that carries it. */
export const METADATA_FIELDS: readonly (readonly [FoundField, string])[] = [
  ['authorizeEndpoint', 'authorization_endpoint'],
  ['tokenEndpoint', 'token_endpoint'],
  ['revocationEndpoint', 'revocation_endpoint'],
  ['introspectionEndpoint', 'introspection_endpoint'],
  ['registrationEndpoint', 'registration_endpoint'],
  ['managementEndpoint', 'management_endpoint'],
  ['jwksUri', 'jwks_uri'],
  ['userinfoEndpoint', 'userinfo_endpoint'],
  ['issuer', 'issuer'],
];

/** oauth-uris sub-extension names (SMART 1.0) and the fields they fill. */
const OAUTH_URIS: Readonly<Record<string, FoundField>> = {
  authorize: 'authorizeEndpoint', token: 'tokenEndpoint', revoke: 'revocationEndpoint', introspect: 'introspectionEndpoint',
  register: 'registrationEndpoint', manage: 'managementEndpoint',
};

/** Words for each document kind, as the UI names them. */
export const DOCUMENT_LABELS: Record<DiscoveryDocumentKind, string> = {
  'smart-configuration': 'SMART configuration',
  'oauth-authorization-server': 'RFC 8414 authorization server metadata',
  'openid-configuration': 'OpenID Connect configuration',
  'capability-statement': 'CapabilityStatement (oauth-uris)',
};

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Resolves a possibly relative URL against a base (as a directory); an absolute URL, or one that cannot be resolved, as is. */
function absolute(value: string, base: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  try {
    return new URL(value, base.endsWith('/') ? base : `${base}/`).href;
  } catch {
    return value;
  }
}

/** The endpoints of a SMART configuration or authorization server metadata document; relative URLs resolved against `base`. */
export function metadataEndpoints(doc: Record<string, unknown>, base: string): FoundEndpoints {
  const out: FoundEndpoints = {};
  for (const [field, member] of METADATA_FIELDS) {
    const v = str(doc[member]);
    if (v !== undefined) out[field] = field === 'issuer' ? v : absolute(v, base);
  }
  return out;
}

/** The endpoints of a CapabilityStatement's oauth-uris extension (already resolved). */
export function capabilityEndpoints(uris: Record<string, string>): FoundEndpoints {
  const out: FoundEndpoints = {};
  for (const [name, value] of Object.entries(uris)) {
    const field = OAUTH_URIS[name];
    if (field) out[field] = value;
  }
  return out;
}

/** How many endpoints (the issuer not counted) a set names. */
export const endpointCount = (e: FoundEndpoints): number => Object.keys(e).filter((k) => k !== 'issuer').length;
