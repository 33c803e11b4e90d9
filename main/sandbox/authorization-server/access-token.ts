/**
 * Bearer-token verification for the sandbox's FHIR API and bulk-export files.
 *
 * Why: the resource server must accept only JWT access tokens this sandbox issued for its FHIR
 * base, unexpired and not revoked, and must say why it refuses one the RFC 6750 way
 * (`WWW-Authenticate: Bearer error="invalid_token"`), so developers see the real cause.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */
import { createLocalJWKSet, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { SandboxStore } from './memory-adapter.ts';

/** The claims the FHIR server relies on. */
export interface AccessTokenClaims extends JWTPayload {
  scope?: string;
  client_id?: string;
  patient?: string;
  encounter?: string;
  fhirUser?: string;
}

/** A verified token, or the RFC 6750 refusal to send. */
export type BearerCheck =
  | { ok: true; token: string; claims: AccessTokenClaims }
  | { ok: false; status: 401; wwwAuthenticate: string; description: string };

/** Verifies bearer tokens against the sandbox's own signing key and token store. */
export class AccessTokenVerifier {
  private readonly jwks: ReturnType<typeof createLocalJWKSet>;

  constructor(
    publicJwks: { keys: Record<string, unknown>[] },
    private readonly issuer: string,
    private readonly audience: string,
    private readonly store: SandboxStore,
  ) {
    this.jwks = createLocalJWKSet(publicJwks as Parameters<typeof createLocalJWKSet>[0]);
  }

  /** The WWW-Authenticate value for a refusal (`error` omitted when no token was sent). */
  challenge(error?: string, description?: string): string {
    const parts = ['realm="sandbox"'];
    if (error) parts.push(`error="${error}"`);
    if (description) parts.push(`error_description="${description.replaceAll('"', "'")}"`);
    return `Bearer ${parts.join(', ')}`;
  }

  private refuse(description: string, error = 'invalid_token'): BearerCheck {
    return { ok: false, status: 401, wwwAuthenticate: this.challenge(error, description), description };
  }

  /** Check an `Authorization` header value. */
  async verify(header: string | undefined, nowSeconds = Math.floor(Date.now() / 1000)): Promise<BearerCheck> {
    if (!header) {
      return { ok: false, status: 401, wwwAuthenticate: this.challenge(), description: 'no access token: send Authorization: Bearer <access_token>' };
    }
    const m = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
    if (!m?.[1]) return this.refuse('the Authorization header is not "Bearer <access_token>"');
    const token = m[1];
    let claims: AccessTokenClaims;
    try {
      ({ payload: claims } = await jwtVerify<AccessTokenClaims>(token, this.jwks, {
        issuer: this.issuer,
        audience: this.audience,
        typ: 'at+jwt',
        algorithms: ['RS256'],
        currentDate: new Date(nowSeconds * 1000),
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) return this.refuse('the access token has expired');
      if (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'aud') {
        return this.refuse(`the access token was not issued for this FHIR server (aud must be ${this.audience})`);
      }
      return this.refuse('the access token is malformed or was not issued by this sandbox');
    }
    const jti = claims.jti ?? '';
    if (!this.store.isStored('AccessToken', jti) && !this.store.isStored('ClientCredentials', jti)) {
      return this.refuse('the access token has been revoked');
    }
    return { ok: true, token, claims };
  }

  /** Id (`jti`) and expiry of a JWT this sandbox signed, ignoring expiry; undefined otherwise. */
  async tokenId(token: string): Promise<{ jti?: string; exp?: number } | undefined> {
    try {
      const { payload } = await jwtVerify(token, this.jwks, { issuer: this.issuer, currentDate: new Date(0) });
      return { jti: payload.jti, exp: payload.exp };
    } catch {
      return undefined;
    }
  }
}
