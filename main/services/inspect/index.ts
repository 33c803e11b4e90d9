/**
 * TODO face of main/services/inspect
 */
export { createClientAuthenticator } from './client-authenticator.ts';
export { InspectService } from './inspect-service.ts';
