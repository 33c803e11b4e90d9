import { AppFailure } from '../../../app/result/index.ts';
import type { Profile } from '../../../app/profiles/index.ts';
import type { Clock } from '../../ports.ts';
import { applyClientAuth, authenticateClient, sensitiveValues } from '../tokens/index.ts';
import type { ClientAuthentication, ClientAuthenticator } from './ports.ts';

/**
 * The profile's client authentication for introspection requests, built by the same code as the
 * token requests' (`authenticateClient`): the stored secret, or a client assertion signed with
 * the profile's key and settings.
 *
 * RFC 7662 §2.1 requires the caller of an introspection endpoint to authenticate; servers
 * usually accept the same client credentials as at the token endpoint. Where the profile cannot
 * authenticate (no secret stored, no usable key), the request still goes out with client_id and
 * a note says why, so the user sees the server's answer to it.
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

const publicClient = (profile: Profile, note?: string): ClientAuthentication => ({
  method: 'none', headers: {}, form: profile.clientId ? { client_id: profile.clientId } : {}, sensitiveValues: [], ...(note ? { note } : {}),
});

/** Builds a ClientAuthenticator over the secret and key stores. */
export function createClientAuthenticator(deps: { secrets: SecretReader; signer: JwtSigner; clock: Clock }): ClientAuthenticator {
  // Introspection never checks the assertion's key afterwards, so no public JWKS is needed.
  const signer = { signJwt: deps.signer.signJwt.bind(deps.signer), getPublicJwks: async () => ({ keys: [] }) };
  return {
    async authenticate(profile, audience) {
      try {
        const { creds, assertion } = await authenticateClient({ signer, secrets: deps.secrets, clock: deps.clock }, profile, audience);
        const form = new URLSearchParams();
        const headers: Record<string, string> = {};
        applyClientAuth(profile.clientId, creds, form, headers);
        return { method: creds.kind, headers, form: Object.fromEntries(form), sensitiveValues: [...sensitiveValues(creds), ...(assertion ? [assertion.jwt] : [])] };
      } catch (e) {
        if (!(e instanceof AppFailure)) throw e;
        if (e.code === 'SECRET_MISSING') return publicClient(profile, 'No client secret is stored for this profile, so the request carries only client_id.');
        if (e.code === 'KEY_INVALID' && !profile.assertion.keyId) return publicClient(profile, 'The profile names no signing key, so the request carries only client_id.');
        return publicClient(profile, `The client assertion could not be signed (${e.message}), so the request carries only client_id.`);
      }
    },
  };
}
