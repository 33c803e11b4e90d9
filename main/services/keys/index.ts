/**
 * TODO face of main/services/keys
 */
export { JwksHostService } from './jwks-host-service.ts';
export { KeyService } from './key-service.ts';
