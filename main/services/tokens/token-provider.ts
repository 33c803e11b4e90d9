import type { Profile } from '../../../app/profiles/index.ts';
import { AppFailure } from '../../../app/result/index.ts';

/**
 * What the console and the bulk runner need from the token service, declared small so both
 * are tested with a fake and the composition root wires the real one.
 */

/**
 * An access token as main holds it (never sent to the renderer). `response` is the token
 * response's other fields (patient, encounter, fhirContext...) when the provider knows them;
 * the console's request checks read the launch context from it.
 */
export interface AccessToken {
  accessToken: string;
  tokenType: string;
  expiresAt?: number;
  scope?: string;
  response?: Record<string, unknown>;
  /** True for a token the user pasted (it cannot be renewed). */
  pasted?: boolean;
}

/** Which token a request sends: the profile's own (obtained and renewed by its flow) or one the user pasted. */
export type TokenSource = 'profile' | 'pasted';

/**
 * Gets a profile's access token: cached while valid, or a new one when `forceNew` (after a 401);
 * with `source: 'pasted'`, the token the user pasted for the profile (never renewed).
 */
export interface TokenProvider {
  getAccessToken(profileId: string, opts?: { forceNew?: boolean; source?: TokenSource }): Promise<AccessToken>;
}

/** Reads a profile (the profile service's `get`). */
export interface ProfileLookup {
  get(id: string): Promise<Profile>;
}

/** Stand-in until the token service is wired: profiles with auth method "none" still work. */
export const unwiredTokenProvider: TokenProvider = {
  getAccessToken: async () => {
    throw new AppFailure('NOT_SUPPORTED', 'This build cannot get access tokens yet; only profiles with auth method "None" can send requests.');
  },
};

/** Why no token goes with a request, or undefined when one should. */
export function tokenWithheldReason(profile: Profile, req: { tokenAllowed: boolean; userAuthorization: boolean }, source: TokenSource = 'profile'): string | undefined {
  if (profile.authMethod === 'none' && source === 'profile') return 'The profile uses no authorization (auth method "None").';
  if (req.userAuthorization) return 'Your own Authorization header was sent as typed.';
  if (!req.tokenAllowed) {
    let origin = profile.fhirBaseUrl;
    try { origin = new URL(profile.fhirBaseUrl).origin; } catch { /* keep the base */ }
    return `The ${source === 'pasted' ? 'pasted ' : ''}token is sent only to the profile's server (${origin}); this URL is elsewhere.`;
  }
  return undefined;
}

/** Gets a token, rewording a failure so the user sees which profile it was for. */
export async function tokenFor(tokens: TokenProvider, profile: Profile, forceNew: boolean, source: TokenSource = 'profile'): Promise<AccessToken> {
  try {
    if (source === 'pasted') return await tokens.getAccessToken(profile.id, { source });
    return await tokens.getAccessToken(profile.id, forceNew ? { forceNew: true } : undefined);
  } catch (e) {
    if (e instanceof AppFailure) throw new AppFailure(e.code, source === 'pasted' ? e.message : `Could not get an access token for "${profile.name}": ${e.message}`, e.issues);
    throw new AppFailure('OAUTH_ERROR', `Could not get an access token for "${profile.name}": ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The Authorization header value for a token (`Bearer` unless the server said otherwise). */
export const authorizationValue = (t: AccessToken): string => `${/^bearer$/i.test(t.tokenType) || !t.tokenType ? 'Bearer' : t.tokenType} ${t.accessToken}`;
