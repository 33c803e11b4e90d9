/**
 * The token flows: building and sending each grant's request, client authentication (secret or
 * signed assertion), the authorization code flow's browser step and loopback listener, revocation.
 */
export { applyClientAuth, authenticateClient, clientAuthKind, clientTypeOf, sensitiveValues, type ClientAuthDeps, type ClientAuthentication, type ClientAuthOptions, type ClientCredentials } from './client-auth.ts';
export { describeAssertion, effectiveSettings, signAssertion, type AssertionOptions, type SignedAssertion } from './assertion.ts';
export { beginAuthorization, exchangeCode, type PendingAuthorization } from './auth-code-flow.ts';
export { knownEndpoints, resolveEndpoints, resolveRunEndpoints, type FlowEndpoints } from './endpoints.ts';
export { requestClientCredentials, requestRefresh, type SentTokenRequest, type TokenRequestDeps } from './token-request.ts';
export { revokeTokens, type RevokeTarget } from './revoke.ts';
export { requestSandboxLaunch } from './sandbox-launch.ts';
