/**
 * Discovery from any URL: where a server's discovery documents live (SMART, RFC 8414, OpenID
 * Connect, the CapabilityStatement; suffix and path-insertion forms; walking up from a token
 * endpoint to its issuer), what endpoints each names, and how they merge with their provenance.
 * Main fetches; the checks of each document stay in app/conformance.
 */
export { AS_METADATA_KINDS, authorizationServerLocations, discoveryLocations, discoveryStart, issuerCandidates, MAX_WALK_UP, sameIssuer, type DocumentForm, type DocumentLocation } from './locations.ts';
export { capabilityEndpoints, DOCUMENT_LABELS, endpointCount, METADATA_FIELDS, metadataEndpoints, type FoundEndpoints, type FoundField } from './metadata.ts';
export { mergeEndpoints, type DocumentRef, type EndpointProvenance, type MergedEndpoints, type SourcedEndpoints } from './merge.ts';
