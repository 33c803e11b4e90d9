import type { Profile } from '../../../../app/profiles/schema.ts';
import type { FlowEndpoints } from './endpoints.ts';
import { sendTokenRequest, type SentTokenRequest, type TokenRequestDeps } from './token-request.ts';

/**
 * The refresh_token grant: a new access token without the user, with the client authenticating
 * as it did for the code exchange. No `scope` is sent, so the server keeps the original grant
 * (asking for more would be TOKREQ-REFRESH-SCOPE-EXPANSION).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function requestRefresh(deps: TokenRequestDeps, profile: Profile, endpoints: FlowEndpoints, refreshToken: string): Promise<SentTokenRequest> {
  return sendTokenRequest(deps, {
    profile, tokenEndpoint: endpoints.tokenEndpoint, title: 'Token request (refresh_token)',
    grant: { grant_type: 'refresh_token', refresh_token: refreshToken }, sensitive: [refreshToken],
  });
}
