/**
 * Turns oidc-provider's token responses into SMART ones: the access token becomes a signed JWT
 * (RFC 9068 shape) and the launch context (`patient`, `encounter`, `need_patient_banner`) is
 * added next to it.
 *
 * Why: SMART apps and the app's inspectors expect JWT access tokens that carry `scope`, `aud` =
 * FHIR base and the patient. oidc-provider does not store JWT access tokens, so it could not
 * introspect or revoke them; it therefore keeps issuing stored (opaque) tokens, and this
 * middleware re-encodes each one as a JWT whose `jti` is the stored token's id. The gateway maps
 * the JWT back to that id for introspection and revocation.
 */
import type { IncomingMessage } from 'node:http';
import { importJWK, SignJWT, type JWK } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { clientFailureModes, findMode, mergeFailureModes, type FailureMode } from '../failure-simulation/index.ts';
import type { LaunchContextStore } from './launch-context.ts';
import type { SandboxStore } from './memory-adapter.ts';
import type { ServerKeys } from './server-keys.ts';

/** What the middleware needs. */
export interface TokenResponseDeps {
  issuer: string;
  keys: ServerKeys;
  launches: LaunchContextStore;
  /** Failure modes the gateway resolved for this (replayed) request. */
  modesByRequest: WeakMap<IncomingMessage, readonly FailureMode[]>;
  /** Where oidc-provider stored the token (its exact iat/exp). */
  store: SandboxStore;
}

interface StoredToken {
  jti: string;
  scope?: string;
  clientId?: string;
  accountId?: string;
  grantId?: string;
  aud?: string | string[];
  extra?: Record<string, unknown>;
}

/** Install the middleware on a provider (runs around every route; acts on successful token responses). */
export function installSmartTokenResponse(provider: Provider, deps: TokenResponseDeps): void {
  const jwk = deps.keys.privateJwks.keys[0];
  if (!jwk) throw new Error('the sandbox has no signing key');
  const keyPromise = importJWK(jwk as JWK, 'RS256');

  provider.use(async (ctx, next) => {
    await next();
    const oidcCtx = (ctx as Partial<KoaContextWithOIDC>).oidc;
    if (!oidcCtx || oidcCtx.route !== 'token') return;
    // RFC 6749 §5.1: Cache-Control: no-store (set by oidc-provider) and Pragma: no-cache.
    ctx.set('pragma', 'no-cache');
    if (ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown> | undefined;
    const entities = oidcCtx.entities as { AccessToken?: StoredToken; ClientCredentials?: StoredToken };
    const token = entities.AccessToken ?? entities.ClientCredentials;
    if (!body || typeof body.access_token !== 'string' || !token) return;
    const stored = deps.store.payload(entities.AccessToken ? 'AccessToken' : 'ClientCredentials', token.jti);

    const modes = mergeFailureModes(clientFailureModes(oidcCtx.client), [...(deps.modesByRequest.get(ctx.req) ?? [])]);
    const now = Math.floor(Date.now() / 1000);
    let iat = typeof stored?.iat === 'number' ? stored.iat : now;
    let exp = typeof stored?.exp === 'number' ? stored.exp : now + Number(body.expires_in ?? 300);
    if (findMode(modes, 'expired-token')) {
      // Failure mode: the token is already expired when issued, an hour ago (expires_in is left as
      // it was). Well past any clock-skew allowance, so every checker calls it expired.
      iat = now - 7200;
      exp = now - 3600;
    }
    const claims: Record<string, unknown> = {
      ...token.extra,
      scope: token.scope,
      client_id: token.clientId,
    };
    body.access_token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: String(jwk.kid) })
      .setIssuer(deps.issuer)
      .setSubject(token.accountId ?? token.clientId ?? '')
      .setAudience(token.aud ?? '')
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setJti(token.jti)
      .sign(await keyPromise);

    const context = deps.launches.forGrant(token.grantId);
    if (context.patient) body.patient = context.patient;
    if (context.encounter) body.encounter = context.encounter;
    if (context.patient && context.needPatientBanner !== undefined) body.need_patient_banner = context.needPatientBanner;
  });
}
