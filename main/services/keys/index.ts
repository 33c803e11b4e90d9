/**
 * Signing keys: generate, import, export public halves, sign assertions, host a JWKS on loopback.
 */
export { JwksHostService } from './jwks-host-service.ts';
export { KeyService } from './key-service.ts';
