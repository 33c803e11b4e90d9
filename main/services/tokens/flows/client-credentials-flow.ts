import type { Profile } from '../../../../app/profiles/schema.ts';
import type { FlowEndpoints } from './endpoints.ts';
import { sendTokenRequest, type SentTokenRequest, type TokenRequestDeps } from './token-request.ts';

/**
 * The client_credentials grant: b.well and Oracle Health with a client secret (post or Basic),
 * SMART Backend Services with a signed assertion (private_key_jwt).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/backend-services.html
 */
export function requestClientCredentials(deps: TokenRequestDeps, profile: Profile, endpoints: FlowEndpoints, scope: string): Promise<SentTokenRequest> {
  return sendTokenRequest(deps, {
    profile, tokenEndpoint: endpoints.tokenEndpoint, title: 'Token request (client_credentials)',
    grant: { grant_type: 'client_credentials', scope: scope.trim() },
  });
}
