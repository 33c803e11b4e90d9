/**
 * oidc-provider configured as a plain OAuth 2 / OpenID Connect server, the way Keycloak, Okta,
 * Auth0 or Azure AD are set up for machine clients, on 127.0.0.1 for tests.
 *
 * Why: the app's sandbox is a SMART server built to be helpful; real authorization servers are
 * not. This one publishes only `/.well-known/openid-configuration` (no smart-configuration),
 * offers client_credentials with private_key_jwt, client_secret_basic and client_secret_post,
 * keeps introspection and revocation behind client authentication, opens dynamic registration
 * to anyone (RFC 7591, no initial access token), and answers every client-authentication failure
 * with oidc-provider's one body: `{"error":"invalid_client","error_description":"client
 * authentication failed"}`. Tests induce failures against it live; the app and the command line
 * can be driven against it end to end.
 *
 * Besides oidc-provider's own routes it serves one protected resource, `GET /api/resource`,
 * which accepts the opaque access tokens issued for its audience (scope `api:read`) and answers
 * RFC 6750 errors in WWW-Authenticate. Access tokens for the resource indicator
 * `urn:example:jwt-api` are JWTs, which oidc-provider refuses to revoke or introspect
 * (`unsupported_token_type`).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import type { ClientMetadata, Configuration, KoaContextWithOIDC } from 'oidc-provider';
import { Provider, SandboxStore } from '../../main/sandbox/authorization-server/index.ts';

/** The audience of the opaque access tokens the protected resource accepts. */
export const PLAIN_API_AUDIENCE_PATH = '/api';
/** A resource indicator whose access tokens are JWTs (not revocable, not introspectable by oidc-provider). */
export const JWT_RESOURCE = 'urn:example:jwt-api';

/** A running plain OAuth server. */
export interface PlainOAuthServer {
  /** http://127.0.0.1:<port>; also the issuer. */
  issuer: string;
  discoveryUrl: string;
  tokenEndpoint: string;
  introspectionEndpoint: string;
  revocationEndpoint: string;
  registrationEndpoint: string;
  jwksUri: string;
  /** GET with a Bearer token for the API audience and scope api:read. */
  resourceUrl: string;
  /** The oidc-provider instance (tests may inspect its state). */
  provider: Provider;
  /** Registers a client directly (static metadata: client_id and client_secret as given). */
  addClient(metadata: ClientMetadata): Promise<void>;
  stop(): Promise<void>;
}

/** Options: clients known from the start, token lifetime, port (0 = any free port). */
export interface PlainOAuthServerOptions {
  port?: number;
  clients?: ClientMetadata[];
  accessTokenTtlSeconds?: number;
}

const SCOPES = ['openid', 'offline_access', 'api:read', 'api:write', 'api:admin'];

function configuration(issuer: string, store: SandboxStore, clients: ClientMetadata[], keys: Configuration['jwks'], ttl: number): Configuration {
  const apiAudience = `${issuer}${PLAIN_API_AUDIENCE_PATH}`;
  return {
    clients,
    jwks: keys,
    adapter: store.adapterFactory,
    scopes: SCOPES,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    // Keycloak and most enterprise servers accept SMART's RS384/ES384 next to the RS256 default.
    enabledJWA: { clientAuthSigningAlgValues: ['RS256', 'RS384', 'PS256', 'ES256', 'ES384'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      // Any authenticated confidential client may introspect (it may be a resource server); a public one only its own tokens.
      introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      registration: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => apiAudience,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, indicator) => {
          if (indicator === JWT_RESOURCE) return { scope: 'api:read api:write', audience: JWT_RESOURCE, accessTokenFormat: 'jwt', accessTokenTTL: ttl, jwt: { sign: { alg: 'RS256' } } };
          return { scope: 'api:read api:write api:admin', audience: apiAudience, accessTokenFormat: 'opaque', accessTokenTTL: ttl };
        },
      },
    },
    ttl: { AccessToken: ttl, ClientCredentials: ttl },
    // Client JWKS are registered by value in tests; jwks_uri on loopback must be fetchable too.
    fetch: (input, init) => {
      if (init) delete (init as { dispatcher?: unknown }).dispatcher;
      return globalThis.fetch(input, init);
    },
    renderError: (ctx: KoaContextWithOIDC, out) => {
      ctx.type = 'json';
      ctx.body = out;
    },
  };
}

function challenge(res: ServerResponse, status: number, params: Record<string, string>): void {
  const attrs = Object.entries({ realm: 'plain-api', ...params }).map(([k, v]) => `${k}="${v.replace(/"/g, '\\"')}"`).join(', ');
  res.writeHead(status, { 'www-authenticate': `Bearer ${attrs}`, 'content-type': 'application/json' });
  res.end(JSON.stringify(params.error ? { error: params.error, error_description: params.error_description } : {}));
}

/** The protected resource: Bearer token for the API audience with scope api:read. */
async function serveResource(provider: Provider, apiAudience: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const auth = req.headers.authorization;
  if (!auth || !/^Bearer\s+\S+$/i.test(auth)) return challenge(res, 401, {});
  const value = auth.trim().split(/\s+/)[1] as string;
  const token = (await provider.ClientCredentials.find(value)) ?? (await provider.AccessToken.find(value));
  if (!token) return challenge(res, 401, { error: 'invalid_token', error_description: 'access token is unknown, expired or revoked' });
  if (token.aud !== apiAudience) return challenge(res, 401, { error: 'invalid_token', error_description: `access token audience is ${String(token.aud)}, not ${apiAudience}` });
  const scopes = new Set(String(token.scope ?? '').split(' '));
  if (!scopes.has('api:read')) return challenge(res, 403, { error: 'insufficient_scope', error_description: 'api:read is required', scope: 'api:read' });
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok: true, client_id: token.clientId, scope: token.scope }));
}

/** Starts the server on 127.0.0.1. */
export async function startPlainOAuthServer(opts: PlainOAuthServerOptions = {}): Promise<PlainOAuthServer> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'plain-server-rs256', alg: 'RS256', use: 'sig' };
  const store = new SandboxStore();
  let provider: Provider | undefined;
  let apiAudience = '';
  const server: Server = createServer((req, res) => {
    if (!provider) {
      res.writeHead(503).end();
      return;
    }
    if (req.url?.split('?')[0] === `${PLAIN_API_AUDIENCE_PATH}/resource` && req.method === 'GET') {
      void serveResource(provider, apiAudience, req, res).catch(() => { res.writeHead(500).end(); });
      return;
    }
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  apiAudience = `${issuer}${PLAIN_API_AUDIENCE_PATH}`;
  const clients = [...(opts.clients ?? [])];
  const built = new Provider(issuer, configuration(issuer, store, clients, { keys: [jwk] } as Configuration['jwks'], opts.accessTokenTtlSeconds ?? 300));
  // oidc-provider's development-time notices are not what the tests are about.
  built.on('server_error', () => undefined);
  provider = built;
  return {
    issuer,
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
    tokenEndpoint: `${issuer}/token`,
    introspectionEndpoint: `${issuer}/token/introspection`,
    revocationEndpoint: `${issuer}/token/revocation`,
    registrationEndpoint: `${issuer}/reg`,
    jwksUri: `${issuer}/jwks`,
    resourceUrl: `${apiAudience}/resource`,
    provider: built,
    async addClient(metadata) {
      await built.Client.validate(metadata);
      // No expiry: a client lives as long as the server.
      await store.adapterFactory('Client').upsert(metadata.client_id, metadata as never, undefined as unknown as number);
    },
    stop: () => new Promise<void>((resolve) => {
      store.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
