/**
 * The conformance engine's public API (conformance-api.md): one import for every inspector.
 *
 * Main's live flows and the renderer's inspectors call these same functions; no rule is
 * implemented anywhere else.
 */
export type { Severity, Finding, CheckOptions, Headers, Jwks, ScopeComparison } from './types.ts';
export { RULES, type RuleId } from './rules.generated.ts';
export { inspectAssertion } from './assertion.ts';
export { inspectJwks } from './jwks.ts';
export { inspectTokenRequest } from './token-request.ts';
export { inspectTokenResponse } from './token-response.ts';
export { compareScopes } from './scope-compare.ts';
export { inspectDiscovery } from './discovery.ts';
export { explainOAuthError } from './oauth-errors.ts';
export { checkPkce } from './pkce.ts';
export { checkRedirectUri } from './redirect-uri.ts';
export { inspectAuthorizeRequest } from './authorize-request.ts';
export { inspectAccessToken, inspectIdToken } from './tokens.ts';
export { inspectIntrospection } from './introspection.ts';
export { inspectFhirRequest } from './fhir-request.ts';
