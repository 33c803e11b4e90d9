/**
 * Tokens: every flow (client credentials, authorization code + PKCE, refresh, revoke), the runs
 * the Tokens area follows, and the per-profile token cache the console and bulk runner draw from.
 *
 * flows/ builds and sends the requests, lifecycle/ runs them and keeps their results, http/ turns
 * exchanges into what the renderer may see.
 */
export { rendererBrowserOpener, type BrowserOpener, type JtiHistory } from './ports.ts';
export { applyClientAuth, authenticateClient, clientAuthKind, sensitiveValues, signAssertion, type ClientAuthDeps, type ClientAuthOptions, type ClientCredentials, type SignedAssertion } from './flows/index.ts';
export { TokenService } from './token-service.ts';
export { authorizationValue, tokenFor, tokenWithheldReason, type AccessToken, type ProfileLookup, type TokenProvider, type TokenSource } from './token-provider.ts';
