import type { Jwks } from '../../../app/conformance/index.ts';
import { resolveTemplate, type Profile } from '../../../app/profiles/index.ts';
import type { HttpClient } from '../../http/index.ts';

/**
 * The key set an authorization server holds for a client: what it verifies the client's
 * assertions with. ASSERT-KID-UNKNOWN and ASSERT-SIG-INVALID mean something only against that
 * set; the app's own key always "matches" itself.
 *
 * Main can know it when the server is the built-in sandbox (its registration), or when the client
 * registered a JWKS URL (the assertion's `jku`, or a `jwks_url` claim some vendors ask for): the
 * server reads that URL, so main reads it too.
 */

/** Where the server-held key set comes from; undefined when main cannot know it. */
export interface RegisteredKeySource {
  keysFor(profile: Profile, tokenEndpoint: string, signal?: AbortSignal): Promise<Jwks | undefined>;
}

/** The sandbox's part: the key set it registered for a client, when the token endpoint is its own. */
export interface SandboxRegistrations {
  registeredJwks(tokenEndpoint: string, clientId: string): Promise<Jwks | undefined>;
}

/** The JWKS URL the client registered, as far as the profile says. */
export function registeredJwksUrl(profile: Profile): string | undefined {
  const claim = profile.assertion.extraClaims.find((c) => c.name === 'jwks_url' || c.name === 'jwks_uri');
  const raw = profile.assertion.jku ?? claim?.value;
  return raw ? resolveTemplate(raw, profile.fhirBaseUrl, profile.clientId) : undefined;
}

/** The source over the sandbox's registrations and a registered JWKS URL. */
export function createRegisteredKeySource(deps: { http: HttpClient; sandbox?: SandboxRegistrations }): RegisteredKeySource {
  return {
    async keysFor(profile, tokenEndpoint, signal) {
      const fromSandbox = await deps.sandbox?.registeredJwks(tokenEndpoint, profile.clientId).catch(() => undefined);
      if (fromSandbox) return fromSandbox;
      const url = registeredJwksUrl(profile);
      if (!url) return undefined;
      try {
        const res = await deps.http.send({
          method: 'GET', url, headers: { accept: 'application/jwk-set+json, application/json' }, purpose: 'jwks', profileId: profile.id,
          timeoutMs: 10_000, followRedirects: true, ...(signal ? { signal } : {}),
        });
        if (res.status !== 200) return undefined;
        const body: unknown = JSON.parse(res.bodyText);
        return body && typeof body === 'object' && Array.isArray((body as Jwks).keys) ? (body as Jwks) : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
