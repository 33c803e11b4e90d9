/**
 * The thin layer between the HTTP server and oidc-provider.
 *
 * Why: two things must happen before oidc-provider sees a request. Failure modes registered on
 * a client (or sent per request) must be applied to the token endpoint without side effects,
 * which needs the client id from the form body. And SMART access tokens are JWTs, which
 * oidc-provider refuses to introspect or revoke, so a JWT this sandbox signed is swapped for its
 * token id (`jti`) first. Everything else is passed through untouched.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeJwt } from 'jose';
import type Provider from 'oidc-provider';
import type { AccessTokenVerifier } from './access-token.ts';
import { applyTimingModes, clientFailureModes, mergeFailureModes, tokenEndpointFailure, type FailureMode } from '../failure-simulation/index.ts';
import { BodyTooLargeError, readBody, replayRequest, sendOAuthError } from '../http-util.ts';
import { OAUTH_ROUTES } from './provider-config.ts';

/** What the gateway needs. */
export interface OAuthGatewayDeps {
  provider: Provider;
  verifier: AccessTokenVerifier;
  /** Failure modes per (replayed) request, read back by the provider's token customizer. */
  modesByRequest: WeakMap<IncomingMessage, readonly FailureMode[]>;
}

const BODY_ROUTES = new Set<string>([OAUTH_ROUTES.token, OAUTH_ROUTES.introspection, OAUTH_ROUTES.revocation]);

/** The client a token-endpoint style request names (Basic header, client_id, or assertion iss). */
export function clientIdOf(authorization: string | undefined, form: URLSearchParams): string | undefined {
  const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    if (i > 0) {
      try {
        return decodeURIComponent(decoded.slice(0, i).replace(/\+/g, '%20'));
      } catch {
        return undefined;
      }
    }
  }
  const id = form.get('client_id');
  if (id) return id;
  const assertion = form.get('client_assertion');
  if (assertion) {
    try {
      const iss = decodeJwt(assertion).iss;
      return typeof iss === 'string' ? iss : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

async function modesForClient(provider: Provider, clientId: string | undefined): Promise<FailureMode[]> {
  if (!clientId) return [];
  try {
    return clientFailureModes(await provider.Client.find(clientId));
  } catch {
    return [];
  }
}

/** Route one request to oidc-provider, applying failure modes and the JWT-to-jti swap. */
export async function handleOAuthRequest(
  deps: OAuthGatewayDeps,
  callback: (req: IncomingMessage, res: ServerResponse) => unknown,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  requestModes: readonly FailureMode[],
): Promise<void> {
  if (req.method !== 'POST' || !BODY_ROUTES.has(url.pathname)) {
    if (url.pathname === OAUTH_ROUTES.authorization) {
      // OpenID Connect drops offline_access unless prompt=consent; SMART apps never send it, and
      // the sandbox always asks for consent anyway, so make the request say so.
      const scope = url.searchParams.get('scope') ?? '';
      if (scope.split(' ').includes('offline_access') && !url.searchParams.has('prompt')) {
        url.searchParams.set('prompt', 'consent');
        req.url = `${url.pathname}${url.search}`;
      }
    }
    const modes = mergeFailureModes(await modesForClient(deps.provider, url.searchParams.get('client_id') ?? undefined), [...requestModes]);
    await applyTimingModes(res, modes);
    await callback(req, res);
    return;
  }
  let body: Buffer;
  try {
    body = await readBody(req, 64 * 1024);
  } catch (err) {
    if (err instanceof BodyTooLargeError) return sendOAuthError(res, 413, 'invalid_request', err.message);
    throw err;
  }
  const isForm = /^application\/x-www-form-urlencoded\b/i.test(String(req.headers['content-type'] ?? ''));
  const form = new URLSearchParams(isForm ? body.toString('utf8') : '');
  const modes = mergeFailureModes(await modesForClient(deps.provider, clientIdOf(req.headers.authorization, form)), [...requestModes]);
  await applyTimingModes(res, modes);
  if (url.pathname === OAUTH_ROUTES.token) {
    const failure = tokenEndpointFailure(modes);
    if (failure) {
      if (failure.retryAfter) res.setHeader('retry-after', failure.retryAfter);
      return sendOAuthError(res, failure.status, failure.error, failure.description);
    }
  } else if (isForm) {
    const token = form.get('token');
    if (token && token.split('.').length === 3) {
      const found = await deps.verifier.tokenId(token);
      const expired = found?.exp !== undefined && found.exp <= Math.floor(Date.now() / 1000);
      // Unknown or expired JWTs become an id that matches nothing: active=false / a no-op revocation.
      form.set('token', found?.jti && !expired ? found.jti : 'unknown-token');
      body = Buffer.from(form.toString(), 'utf8');
    }
  }
  const replay = replayRequest(req, body);
  deps.modesByRequest.set(replay, modes);
  await callback(replay, res);
}
