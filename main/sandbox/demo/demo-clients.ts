/**
 * The sandbox's built-in client registrations.
 *
 * Why: every flow of the app needs a client to sign in with, so the sandbox ships one of each
 * kind SMART defines: a client-secret client, a public PKCE app, a confidential app and, when
 * the caller hands over its public key, a backend-services (private_key_jwt) client and a
 * confidential asymmetric app (authorization code with private_key_jwt, SMART App Launch 2.x)
 * registered with the same public key. The secrets are public demo values; no private key is
 * ever shipped.
 */
import type { ClientMetadata } from 'oidc-provider';

/** Loopback base redirect URI; any port and (for the demo apps) any path is accepted. */
export const LOOPBACK_REDIRECT = 'http://127.0.0.1/callback';

/** Public key material for the backend-services demo client (the caller keeps the private key). */
export type BackendClientKey = { jwks: { keys: Record<string, unknown>[] } } | { jwksUri: string };

/** A demo client as reported to callers (`Sandbox.demoClients`). */
export interface DemoClient {
  clientId: string;
  clientSecret?: string;
  kind: 'client-secret' | 'public-app' | 'confidential-app' | 'asymmetric-app' | 'backend-services';
  tokenEndpointAuthMethod: 'client_secret_basic' | 'none' | 'private_key_jwt';
  grantTypes: string[];
  redirectUris: string[];
  /** What it is for, in one line. */
  description: string;
}

/** Client ids and secrets of the built-in clients. */
export const DEMO_CLIENT_IDS = {
  secret: 'demo-secret-client',
  publicApp: 'demo-public-app',
  confidentialApp: 'demo-confidential-app',
  backend: 'demo-backend-client',
  asymmetricApp: 'demo-asymmetric-app',
} as const;

/** Demo secrets (public on purpose: this is a local sandbox). */
export const DEMO_SECRETS = {
  secret: 'demo-secret-client-secret',
  confidentialApp: 'demo-confidential-app-secret',
} as const;

const APP_GRANTS = ['authorization_code', 'refresh_token'];

/** oidc-provider registrations plus the caller-facing descriptions of the demo clients. */
export function demoClientRegistrations(backendKey?: BackendClientKey): { metadata: ClientMetadata[]; described: DemoClient[] } {
  const metadata: ClientMetadata[] = [
    {
      client_id: DEMO_CLIENT_IDS.secret,
      client_secret: DEMO_SECRETS.secret,
      client_name: 'Demo client-secret client',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
    },
    {
      client_id: DEMO_CLIENT_IDS.publicApp,
      client_name: 'Demo public app (PKCE)',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      grant_types: APP_GRANTS,
      response_types: ['code'],
      redirect_uris: [LOOPBACK_REDIRECT],
      sandbox_loopback_redirects: true,
    },
    {
      client_id: DEMO_CLIENT_IDS.confidentialApp,
      client_secret: DEMO_SECRETS.confidentialApp,
      client_name: 'Demo confidential app',
      application_type: 'native',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: APP_GRANTS,
      response_types: ['code'],
      redirect_uris: [LOOPBACK_REDIRECT],
      sandbox_loopback_redirects: true,
    },
  ];
  const described: DemoClient[] = [
    {
      clientId: DEMO_CLIENT_IDS.secret, clientSecret: DEMO_SECRETS.secret, kind: 'client-secret',
      tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: ['client_credentials'], redirectUris: [],
      description: 'client_credentials with client_secret_basic or client_secret_post (system/ scopes)',
    },
    {
      clientId: DEMO_CLIENT_IDS.publicApp, kind: 'public-app', tokenEndpointAuthMethod: 'none',
      grantTypes: APP_GRANTS, redirectUris: ['http://127.0.0.1:<any port>/<any path>'],
      description: 'public app: authorization_code + PKCE S256, refresh with offline_access',
    },
    {
      clientId: DEMO_CLIENT_IDS.confidentialApp, clientSecret: DEMO_SECRETS.confidentialApp, kind: 'confidential-app',
      tokenEndpointAuthMethod: 'client_secret_basic', grantTypes: APP_GRANTS, redirectUris: ['http://127.0.0.1:<any port>/<any path>'],
      description: 'confidential app: authorization_code + PKCE S256 with client_secret_basic or client_secret_post',
    },
  ];
  if (backendKey) {
    metadata.push({
      client_id: DEMO_CLIENT_IDS.backend,
      client_name: 'Demo backend-services client',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      ...('jwks' in backendKey ? { jwks: backendKey.jwks as ClientMetadata['jwks'] } : { jwks_uri: backendKey.jwksUri }),
    });
    metadata.push({
      client_id: DEMO_CLIENT_IDS.asymmetricApp,
      client_name: 'Demo confidential asymmetric app',
      application_type: 'native',
      token_endpoint_auth_method: 'private_key_jwt',
      grant_types: APP_GRANTS,
      response_types: ['code'],
      redirect_uris: [LOOPBACK_REDIRECT],
      sandbox_loopback_redirects: true,
      ...('jwks' in backendKey ? { jwks: backendKey.jwks as ClientMetadata['jwks'] } : { jwks_uri: backendKey.jwksUri }),
    });
    described.push({
      clientId: DEMO_CLIENT_IDS.backend, kind: 'backend-services', tokenEndpointAuthMethod: 'private_key_jwt',
      grantTypes: ['client_credentials'], redirectUris: [],
      description: 'SMART Backend Services: client_credentials with an RS384/ES384 client assertion (system/ scopes)',
    }, {
      clientId: DEMO_CLIENT_IDS.asymmetricApp, kind: 'asymmetric-app', tokenEndpointAuthMethod: 'private_key_jwt',
      grantTypes: APP_GRANTS, redirectUris: ['http://127.0.0.1:<any port>/<any path>'],
      description: 'confidential asymmetric app: authorization_code + PKCE S256, code exchange and refresh with an RS384/ES384 client assertion (same key as the backend client)',
    });
  }
  return { metadata, described };
}

/** True for `http://127.0.0.1:<port>/...` and `http://[::1]:<port>/...` (RFC 8252 §7.3). */
export function isLoopbackRedirect(value: string): boolean {
  const url = URL.parse(value);
  return !!url && url.protocol === 'http:' && (url.hostname === '127.0.0.1' || url.hostname === '[::1]') && !url.hash;
}
