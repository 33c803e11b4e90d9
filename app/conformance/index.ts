/**
 * The conformance engine's public API (conformance-api.md): one import for every inspector.
 *
 * Main's live flows and the renderer's inspectors call these same functions; no rule is
 * implemented anywhere else.
 */
export type { Severity, Finding, CheckOptions, Headers, Jwks, ScopeComparison } from './types.ts';
export { RULES, type RuleId } from './rules.generated.ts';
export { inspectAssertion } from './assertion/inspect-assertion.ts';
export { inspectJwks } from './jwks/inspect-jwks.ts';
export { inspectTokenRequest } from './token-request/inspect-token-request.ts';
export { inspectTokenResponse } from './token-response/inspect-token-response.ts';
export { compareScopes } from './scopes/compare.ts';
export { inspectDiscovery } from './discovery/inspect-discovery.ts';
export { explainOAuthError } from './oauth-errors/explain.ts';
export { checkPkce } from './pkce/pkce.ts';
export { checkRedirectUri } from './redirect-uri/redirect-uri.ts';
export { inspectAuthorizeRequest } from './authorize-request/inspect-authorize-request.ts';
export { inspectAccessToken, inspectIdToken } from './tokens/inspect-tokens.ts';
export { inspectIntrospection } from './introspection/inspect-introspection.ts';
export { inspectFhirRequest } from './fhir-request/inspect-fhir-request.ts';
