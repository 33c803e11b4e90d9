/**
 * TODO face of main/services/tokens
 */
export { rendererBrowserOpener, type BrowserOpener } from './ports.ts';
export { TokenService } from './token-service.ts';
export { authorizationValue, tokenFor, tokenWithheldReason, type AccessToken, type ProfileLookup, type TokenProvider } from './token-provider.ts';
