/**
 * Discovery for a profile, from its FHIR base or any URL: the SMART configuration, RFC 8414 and
 * OpenID Connect metadata, the CapabilityStatement and the authorization server's own metadata,
 * fetched, checked, merged with their provenance, and cached for the session.
 */
export { DiscoveryService, type DiscoverOptions } from './discovery-service.ts';
export { DISCOVERY_TIMEOUT_MS } from './document-fetch.ts';
