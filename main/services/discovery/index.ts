/**
 * TODO face of main/services/discovery
 */
export { DiscoveryService } from './discovery-service.ts';
