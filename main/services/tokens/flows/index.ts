/**
 * The token flows: building and sending each grant's request, client authentication (secret or
 * signed assertion), the authorization code flow's browser step and loopback listener, revocation.
 */
export { clientAuthKind, clientTypeOf } from './client-auth.ts';
export { beginAuthorization, exchangeCode, type PendingAuthorization } from './auth-code-flow.ts';
export { knownEndpoints, resolveRunEndpoints, type FlowEndpoints } from './endpoints.ts';
export { requestClientCredentials, requestRefresh, type SentTokenRequest, type TokenRequestDeps } from './token-request.ts';
export { revokeTokens, type RevokeTarget } from './revoke.ts';
export { requestSandboxLaunch } from './sandbox-launch.ts';
