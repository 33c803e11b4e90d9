import { randomUUID } from 'node:crypto';
import { AppFailure } from '../../../app/result/index.ts';
import type { Profile } from '../../../app/profiles/index.ts';
import type { Clock } from '../../ports.ts';
import type { ClientAuthentication, ClientAuthenticator } from './ports.ts';

/**
 * The profile's client authentication for introspection requests, built from the stored client
 * secret or signing key.
 *
 * RFC 7662 §2.1 requires the caller of an introspection endpoint to authenticate; servers
 * usually accept the same client credentials as at the token endpoint.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.1
 */

/** Reads a profile's client secret (SecretService.getSecret). */
export interface SecretReader {
  getSecret(profileId: string): Promise<string | undefined>;
}

/** Signs a JWT with a stored key (KeyService.signJwt). */
export interface JwtSigner {
  signJwt(keyId: string, input: { header?: Record<string, unknown>; payload: Record<string, unknown> }): Promise<string>;
}

const formEncode = (value: string) => new URLSearchParams([['', value]]).toString().slice(1);

/** RFC 6749 §2.3.1 Basic credentials: client id and secret form-encoded before base64. */
export function basicCredentials(clientId: string, secret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(secret)}`, 'utf8').toString('base64')}`;
}

const publicClient = (profile: Profile, note?: string): ClientAuthentication => ({
  method: 'none', headers: {}, form: profile.clientId ? { client_id: profile.clientId } : {}, sensitiveValues: [], ...(note ? { note } : {}),
});

/** Builds a ClientAuthenticator over the secret and key stores. */
export function createClientAuthenticator(deps: { secrets: SecretReader; signer: JwtSigner; clock: Clock; newJti?: () => string }): ClientAuthenticator {
  return {
    async authenticate(profile, audience) {
      switch (profile.authMethod) {
        case 'client-credentials-basic':
        case 'auth-code-confidential-basic':
        case 'client-credentials-post':
        case 'auth-code-confidential-post': {
          const secret = await deps.secrets.getSecret(profile.id);
          if (!secret) return publicClient(profile, 'No client secret is stored for this profile, so the request carries only client_id.');
          if (profile.authMethod.endsWith('-basic')) {
            return { method: 'client_secret_basic', headers: { authorization: basicCredentials(profile.clientId, secret) }, form: {}, sensitiveValues: [secret] };
          }
          return { method: 'client_secret_post', headers: {}, form: { client_id: profile.clientId, client_secret: secret }, sensitiveValues: [secret] };
        }
        case 'client-credentials-jwt': {
          const keyId = profile.assertion.keyId;
          if (!keyId) return publicClient(profile, 'The profile names no signing key, so the request carries only client_id.');
          const now = Math.floor(deps.clock.now() / 1000);
          const payload = {
            iss: profile.clientId, sub: profile.clientId, aud: audience, iat: now,
            exp: now + profile.assertion.lifetimeSeconds, jti: (deps.newJti ?? randomUUID)(),
          };
          try {
            const assertion = await deps.signer.signJwt(keyId, { header: { alg: profile.assertion.alg }, payload });
            return {
              method: 'private_key_jwt', headers: {}, sensitiveValues: [assertion],
              form: { client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion },
            };
          } catch (e) {
            if (!(e instanceof AppFailure)) throw e;
            return publicClient(profile, `The client assertion could not be signed (${e.message}), so the request carries only client_id.`);
          }
        }
        case 'auth-code-pkce-public':
        case 'none':
          return publicClient(profile);
      }
    },
  };
}
