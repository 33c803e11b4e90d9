import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { ClientMetadata, Configuration } from 'oidc-provider';
import { getServerKeys, Provider, SandboxStore } from '../sandbox/authorization-server/index.ts';

/**
 * oidc-provider configured as a plain OAuth 2 / OpenID Connect server, the way Keycloak, Okta,
 * Auth0 and Azure AD are, and unlike the app's SMART sandbox: an issuer with a tenant path
 * (`/realms/acme`), Keycloak's endpoint paths, only the OpenID Connect discovery document at
 * `{issuer}/.well-known/openid-configuration` (no SMART configuration, no RFC 8414 document:
 * oidc-provider 9 would also answer `{issuer}/.well-known/oauth-authorization-server`, which is
 * refused here),
 * introspection and revocation behind client authentication, open dynamic registration.
 *
 * In front of it, a FHIR server stub whose CapabilityStatement names only the authorize and
 * token endpoints (SMART 1.0 oauth-uris), as FHIR servers in front of such a server often do: the
 * case where discovery must find the rest by walking up the token endpoint's path.
 *
 * For tests on 127.0.0.1 (port 0); `stop()` closes every socket.
 */

/** A running plain OAuth server and its FHIR stub. */
export interface PlainOAuthServer {
  origin: string;
  issuer: string;
  fhirBaseUrl: string;
  tokenEndpoint: string;
  authorizeEndpoint: string;
  introspectionEndpoint: string;
  revocationEndpoint: string;
  registrationEndpoint: string;
  /** The confidential client registered up front (client_secret_basic, client_credentials). */
  secretClient: { clientId: string; clientSecret: string };
  stop(): Promise<void>;
}

/** Keycloak's endpoint paths under a realm's issuer. */
const ROUTES = {
  authorization: '/protocol/openid-connect/auth',
  token: '/protocol/openid-connect/token',
  jwks: '/protocol/openid-connect/certs',
  introspection: '/protocol/openid-connect/token/introspect',
  revocation: '/protocol/openid-connect/revoke',
  userinfo: '/protocol/openid-connect/userinfo',
  registration: '/clients-registrations/openid-connect',
  end_session: '/protocol/openid-connect/logout',
};

const REALM = '/realms/acme';
const SECRET_CLIENT = { clientId: 'plain-secret-client', clientSecret: 'plain-secret-client-secret-0123456789' };

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text) }).end(text);
}

/** Starts the server on 127.0.0.1 (a free port). */
export async function startPlainOAuthServer(opts: { clients?: ClientMetadata[] } = {}): Promise<PlainOAuthServer> {
  const keys = await getServerKeys();
  const store = new SandboxStore();
  const sockets = new Set<Socket>();
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => send(res, 503, { error: 'temporarily_unavailable' });
  const server = createServer((req, res) => handler(req, res));
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = `${origin}${REALM}`;
  const fhirBaseUrl = `${origin}/fhir`;
  const config: Configuration = {
    clients: [
      {
        client_id: SECRET_CLIENT.clientId, client_secret: SECRET_CLIENT.clientSecret, token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['client_credentials'], response_types: [], redirect_uris: [], scope: 'api.read',
      },
      ...(opts.clients ?? []),
    ],
    jwks: keys.privateJwks as Configuration['jwks'],
    adapter: store.adapterFactory,
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: ['openid', 'api.read'],
    routes: ROUTES,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    enabledJWA: { clientAuthSigningAlgValues: ['RS256', 'RS384', 'ES256', 'ES384'] },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      registration: { enabled: true },
      userinfo: { enabled: true },
    },
  };
  const provider = new Provider(issuer, config);
  const callback = provider.callback();
  handler = (req, res) => {
    const url = new URL(req.url ?? '/', origin);
    // oidc-provider also answers the RFC 8414 suffix form; this server publishes only OpenID Connect discovery.
    if (url.pathname === `${REALM}/.well-known/oauth-authorization-server`) {
      send(res, 404, 'Not Found', 'text/plain');
      return;
    }
    if (url.pathname === REALM || url.pathname.startsWith(`${REALM}/`)) {
      // Mounted under the realm path, as oidc-provider expects: the path below the mount in req.url.
      (req as IncomingMessage & { originalUrl?: string }).originalUrl = req.url;
      req.url = req.url?.slice(REALM.length) || '/';
      void callback(req, res);
      return;
    }
    if (url.pathname === '/fhir/metadata') {
      send(res, 200, {
        resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'],
        rest: [{ mode: 'server', security: {
          service: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/restful-security-service', code: 'SMART-on-FHIR' }] }],
          extension: [{ url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris', extension: [
            { url: 'authorize', valueUri: `${issuer}${ROUTES.authorization}` }, { url: 'token', valueUri: `${issuer}${ROUTES.token}` },
          ] }],
        } }],
      }, 'application/fhir+json');
      return;
    }
    if (url.pathname.startsWith('/fhir')) {
      res.setHeader('www-authenticate', 'Bearer realm="fhir"');
      send(res, 401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'a bearer token is required' }] }, 'application/fhir+json');
      return;
    }
    send(res, 404, 'Not Found', 'text/plain');
  };
  return {
    origin, issuer, fhirBaseUrl,
    tokenEndpoint: `${issuer}${ROUTES.token}`, authorizeEndpoint: `${issuer}${ROUTES.authorization}`,
    introspectionEndpoint: `${issuer}${ROUTES.introspection}`, revocationEndpoint: `${issuer}${ROUTES.revocation}`,
    registrationEndpoint: `${issuer}${ROUTES.registration}`, secretClient: SECRET_CLIENT,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
      store.clear();
    }),
  };
}
