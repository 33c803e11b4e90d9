/**
 * The conformance engine's public API (conformance-api.md): one import for every inspector.
 *
 * Main's live flows and the renderer's inspectors call these same functions; no rule is
 * implemented anywhere else.
 */
export type { Severity, Finding, CheckOptions, Headers, Jwks, ScopeComparison } from './types.ts';
export { RULES, type RuleId } from './rules.generated.ts';
export { inspectAssertion } from './assertion/index.ts';
export { inspectJwks } from './jwks/index.ts';
export { inspectTokenRequest } from './token-request/index.ts';
export { inspectTokenResponse } from './token-response/index.ts';
export { compareScopes, tokenizeScopes, parseScope, type ParsedScope } from './scopes/index.ts';
export { inspectDiscovery } from './discovery/index.ts';
export { explainOAuthError, bearerChallenge, parseWwwAuthenticate, uriWords, type Challenge } from './oauth-errors/index.ts';
export { checkPkce } from './pkce/index.ts';
export { checkRedirectUri } from './redirect-uri/index.ts';
export { inspectAuthorizeRequest, parseCallbackQuery } from './authorize-request/index.ts';
export { inspectAccessToken, inspectIdToken } from './tokens/index.ts';
export { inspectIntrospection } from './introspection/index.ts';
export { inspectFhirRequest } from './fhir-request/index.ts';
export { bySeverity, uniqueFindings, finding, nowSeconds, skewSeconds } from './finding.ts';
export { decodeJws, describeJwsError, type DecodedJws } from './jws.ts';
