/**
 * The Inspect area's main side: checks that need a stored key, a fetched JWKS or a request main
 * makes (introspection).
 */
export { createClientAuthenticator } from './client-authenticator.ts';
export { InspectService } from './inspect-service.ts';
