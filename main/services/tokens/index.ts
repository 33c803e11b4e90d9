/**
 * Tokens: every flow (client credentials, authorization code + PKCE, refresh, revoke), the runs
 * the Tokens area follows, and the per-profile token cache the console and bulk runner draw from.
 *
 * flows/ builds and sends the requests, lifecycle/ runs them and keeps their results, http/ turns
 * exchanges into what the renderer may see.
 */
export { rendererBrowserOpener, type BrowserOpener } from './ports.ts';
export { TokenService } from './token-service.ts';
export { authorizationValue, tokenFor, tokenWithheldReason, type AccessToken, type ProfileLookup, type TokenProvider } from './token-provider.ts';
