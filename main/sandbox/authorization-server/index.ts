/**
 * The sandbox's OAuth 2 / SMART authorization server: oidc-provider configured for SMART App
 * Launch and Backend Services, its login and consent pages, SMART token responses and the
 * verifier the resource server uses for the access tokens it issues.
 */
export { LaunchContextStore } from './launch-context.ts';
export { capabilityStatement, sandboxEndpoints, smartConfiguration, type SandboxEndpoints } from './smart-configuration.ts';
export { renderEhrSimulator } from './views.ts';
export { AccessTokenVerifier, type AccessTokenClaims } from './access-token.ts';
export { handleInteraction } from './interactions.ts';
export { SandboxStore } from './memory-adapter.ts';
export { handleOAuthRequest } from './oauth-gateway.ts';
export { Provider } from './oidc.ts';
export { buildProviderConfiguration, type TokenLifetimes } from './provider-config.ts';
export { getServerKeys } from './server-keys.ts';
export { installSmartTokenResponse } from './token-response.ts';
