/**
 * oidc-provider configuration for SMART App Launch 2.2 and SMART Backend Services.
 *
 * Why: the sandbox's OAuth endpoints are oidc-provider's (nothing hand-written); this file turns
 * its defaults into a SMART server: PKCE S256 always, RS384/ES384 client assertions with
 * `aud` = token endpoint, JWT access tokens for the FHIR base, SMART scopes, `launch`/`aud`
 * authorize parameters, loopback redirects on any port, and no development warnings.
 */
import type { ClientMetadata, Configuration } from 'oidc-provider';
import { errors } from './oidc.ts';
import { createFindAccount } from '../demo/index.ts';
import type { LaunchContextStore } from './launch-context.ts';
import type { SandboxStore } from './memory-adapter.ts';
import { resolveResourceServerScopes } from './provider-scopes.ts';
import type { ServerKeys } from './server-keys.ts';
import { renderErrorPage } from './views.ts';

/** Every OAuth route of the sandbox, relative to the origin (the issuer). */
export const OAUTH_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  jwks: '/oauth/jwks',
  registration: '/oauth/register',
  introspection: '/oauth/introspect',
  revocation: '/oauth/revoke',
  end_session: '/oauth/logout',
  userinfo: '/oauth/userinfo',
  pushed_authorization_request: '/oauth/par',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
} as const;

/** Token lifetimes in seconds. */
export interface TokenLifetimes {
  accessToken: number;
  clientCredentials: number;
  refreshToken: number;
}

/** Everything the provider configuration closes over. */
export interface ProviderDeps {
  issuer: string;
  fhirBaseUrl: string;
  keys: ServerKeys;
  store: SandboxStore;
  launches: LaunchContextStore;
  clients: ClientMetadata[];
  lifetimes: TokenLifetimes;
  cookieKeys: string[];
  isResourceType: (t: string) => boolean;
}

/** Scopes oidc-provider treats as OpenID/"static" scopes (all others are FHIR resource scopes). */
const STATIC_SCOPES = ['openid', 'offline_access', 'online_access', 'fhirUser', 'profile', 'launch', 'launch/patient', 'launch/encounter'];

const MAX_ASSERTION_LIFETIME = 300;

function isLoopbackUrl(input: string | URL | Request): boolean {
  const raw = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const host = URL.parse(raw)?.hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
}

/** Build the oidc-provider `Configuration` for one sandbox. */
export function buildProviderConfiguration(deps: ProviderDeps): Configuration {
  const { fhirBaseUrl, launches, lifetimes } = deps;
  const tokenEndpoint = `${deps.issuer}${OAUTH_ROUTES.token}`;
  const acceptedAud = new Set([fhirBaseUrl, `${fhirBaseUrl}/`]);

  return {
    clients: deps.clients,
    jwks: deps.keys.privateJwks as Configuration['jwks'],
    adapter: deps.store.adapterFactory,
    findAccount: createFindAccount(fhirBaseUrl),
    cookies: { keys: deps.cookieKeys },
    scopes: STATIC_SCOPES,
    claims: { openid: ['sub'], fhirUser: ['fhirUser'], profile: ['name'] },
    conformIdTokenClaims: false,
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    enabledJWA: {
      clientAuthSigningAlgValues: ['RS384', 'ES384'],
      idTokenSigningAlgValues: ['RS256'],
    },
    clientBasedCORS: () => true,
    routes: OAUTH_ROUTES,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: lifetimes.accessToken,
      ClientCredentials: lifetimes.clientCredentials,
      AuthorizationCode: 60,
      IdToken: 3600,
      RefreshToken: lifetimes.refreshToken,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
    },
    extraParams: {
      // SMART: `aud` names the FHIR server the token is for; a mismatch must be refused.
      aud: (ctx, value) => {
        if (ctx.oidc.route !== 'authorization' && ctx.oidc.route !== 'resume') return;
        if (!value) throw new errors.InvalidRequest(`aud is required: the FHIR base URL ${fhirBaseUrl}`);
        if (!acceptedAud.has(value)) throw new errors.InvalidRequest(`aud "${value}" is not this server's FHIR base URL (${fhirBaseUrl})`);
      },
      // EHR launch: only values issued by POST /sandbox/launch (and not expired) are accepted.
      launch: (_ctx, value) => {
        if (value !== undefined && !launches.getLaunch(value)) {
          throw new errors.InvalidRequest('unknown or expired launch value');
        }
      },
    },
    extraClientMetadata: {
      properties: ['sandbox_fail', 'sandbox_loopback_redirects'],
      validator: (_ctx, key, value) => {
        if (value === undefined) return;
        if (key === 'sandbox_fail' && typeof value !== 'string') throw new errors.InvalidClientMetadata('sandbox_fail must be a string');
        if (key === 'sandbox_loopback_redirects' && typeof value !== 'boolean') throw new errors.InvalidClientMetadata('sandbox_loopback_redirects must be a boolean');
      },
    },
    // SMART: the assertion's `aud` is the token endpoint, and it lives at most five minutes.
    assertJwtClientAuthClaimsAndHeader: (ctx, claims) => {
      const aud = claims.aud;
      const expected = ctx.oidc.route === 'token' ? tokenEndpoint : ctx.oidc.urlFor(ctx.oidc.route);
      const ok = (a: unknown) => a === expected || (ctx.oidc.route !== 'token' && a === tokenEndpoint);
      if (!(Array.isArray(aud) ? aud.some(ok) : ok(aud))) {
        throw new errors.InvalidClientAuth(`client assertion aud must be the token endpoint URL ${expected}`);
      }
      const exp = typeof claims.exp === 'number' ? claims.exp : 0;
      if (exp - Math.floor(Date.now() / 1000) > MAX_ASSERTION_LIFETIME) {
        throw new errors.InvalidClientAuth('client assertion exp must be at most five minutes in the future');
      }
    },
    extraTokenClaims: (_ctx, token) => {
      const context = launches.forGrant('grantId' in token ? token.grantId : undefined);
      const claims: Record<string, unknown> = {};
      if (context.patient) claims.patient = context.patient;
      if (context.encounter) claims.encounter = context.encounter;
      if (context.patient && context.needPatientBanner !== undefined) claims.need_patient_banner = context.needPatientBanner;
      if (context.fhirUser) claims.fhirUser = context.fhirUser;
      return claims;
    },
    issueRefreshToken: (_ctx, client, code) =>
      client.grantTypeAllowed('refresh_token') && (code.scopes.has('offline_access') || code.scopes.has('online_access')),
    // Every authorization asks for consent again (and so for a patient): no silent grant reuse.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId;
      return grantId ? ctx.oidc.provider.Grant.find(grantId) : undefined;
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderErrorPage(out);
    },
    // jwks_uri on loopback: the sandbox only talks to 127.0.0.1, so lift the SSRF guard there.
    fetch: (input, init) => {
      if (isLoopbackUrl(input) && init) delete (init as { dispatcher?: unknown }).dispatcher;
      return globalThis.fetch(input, init);
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async (_ctx, client, token) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId },
      revocation: { enabled: true, allowedPolicy: async (_ctx, client, token) => token.clientId === client.clientId },
      registration: { enabled: true },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async (_ctx, _client, oneOf) => oneOf ?? fhirBaseUrl,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (ctx, indicator, client) => {
          if (!acceptedAud.has(indicator)) throw new errors.InvalidTarget(`the only resource is the FHIR base URL ${fhirBaseUrl}`);
          const scope = resolveResourceServerScopes(ctx, indicator, client, deps.isResourceType);
          const backend = ctx.oidc.params?.grant_type === 'client_credentials';
          return {
            scope,
            audience: fhirBaseUrl,
            // Stored (so introspection and revocation work); `token-response.ts` hands it out as a JWT.
            accessTokenFormat: 'opaque',
            accessTokenTTL: backend ? lifetimes.clientCredentials : lifetimes.accessToken,
          };
        },
      },
    },
  };
}
