/**
 * Discovery for a profile: the SMART configuration (and CapabilityStatement fallback), fetched,
 * checked and cached.
 */
export { DiscoveryService } from './discovery-service.ts';
