/**
 * The app's built-in local SMART on FHIR sandbox: `startSandbox(options)`.
 *
 * Why: every flow of the app and every integration/e2e test needs a real SMART authorization
 * server and FHIR server to talk to, locally and offline. This composes oidc-provider (OAuth),
 * Medplum's FHIR router over a seeded in-memory repository (FHIR), bulk export and failure
 * simulation behind one 127.0.0.1 origin.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ClientMetadata } from 'oidc-provider';
import { AccessTokenVerifier, handleInteraction, LaunchContextStore, SandboxStore, handleOAuthRequest, Provider, buildProviderConfiguration, type TokenLifetimes, getServerKeys, sandboxEndpoints, installSmartTokenResponse } from './authorization-server/index.ts';
import { BulkExportService, type BulkExportOptions } from './bulk/index.ts';
import { demoClientRegistrations, isLoopbackRedirect, type BackendClientKey, type DemoClient, buildSeedResources } from './demo/index.ts';
import { handleSandboxPages } from './ehr-launch/index.ts';
import { applyTimingModes, parseFailureModes, type FailureMode } from './failure-simulation/index.ts';
import { handleFhirRequest, ensureFhirDefinitions, FhirRouter, isResourceType, MemoryRepository } from './fhir-server/index.ts';
import { listen } from './http-server.ts';

export type { BackendClientKey, DemoClient } from './demo/index.ts';
export type { BulkExportOptions } from './bulk/index.ts';
export type { TokenLifetimes } from './authorization-server/index.ts';
export type { FailureModeName } from './failure-simulation/index.ts';
export { FAILURE_MODES } from './failure-simulation/index.ts';
export { DEMO_CLIENT_IDS, DEMO_SECRETS } from './demo/index.ts';
export { DEMO_USERS } from './demo/index.ts';
export { SEED_PATIENTS, SEED_GROUP_ID, SEED_PRACTITIONER_ID } from './demo/index.ts';

/** How to start a sandbox. */
export interface SandboxOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free port. */
  port?: number;
  /** Always 127.0.0.1: the sandbox never listens on other interfaces. */
  host?: '127.0.0.1';
  /** Extra client registrations (oidc-provider client metadata; `sandbox_fail` selects failure modes). */
  clients?: ClientMetadata[];
  /** Public key (inline JWKS or jwks_uri) of the demo backend-services client; without it that client is not registered. */
  backendClient?: BackendClientKey;
  /** Bulk-export sizing and pacing. */
  export?: BulkExportOptions;
  /** Token lifetimes in seconds (defaults: access 3600, client_credentials 300, refresh 14 days). */
  tokenLifetimes?: Partial<TokenLifetimes>;
  /**
   * Failure modes for every request (the syntax of `X-Sandbox-Fail`), e.g.
   * `no-smart-configuration,no-oauth-uris` to play a plain OAuth server whose endpoints only its
   * RFC 8414 / OpenID Connect metadata names. An unknown mode throws.
   */
  failures?: string;
}

/** A running sandbox. */
export interface Sandbox {
  origin: string;
  issuer: string;
  fhirBaseUrl: string;
  tokenEndpoint: string;
  authorizeEndpoint: string;
  jwksUri: string;
  introspectionEndpoint: string;
  revocationEndpoint: string;
  registrationEndpoint: string;
  demoClients: DemoClient[];
  /** Add (or replace) a client registration at run time. Rejects invalid metadata. */
  registerClient(meta: ClientMetadata): Promise<void>;
  /** The JWKS registered for a client (what its assertions are verified with), if any. */
  clientJwks(clientId: string): Promise<{ keys: Record<string, unknown>[] } | undefined>;
  /** Issue an EHR `launch` value bound to a patient (what `POST /sandbox/launch` does). */
  createLaunch(input: { patient: string; encounter?: string; needPatientBanner?: boolean }): string;
  /** Close every socket and forget all state. */
  stop(): Promise<void>;
}

const SOFTWARE = { name: 'FHIR Auth Explorer sandbox', version: '0.1.0' };

/** Allow any loopback path and port for clients registered with `sandbox_loopback_redirects`. */
function allowLoopbackRedirects(provider: InstanceType<typeof Provider>): void {
  const proto = provider.Client.prototype as unknown as { redirectUriAllowed(value: string): boolean };
  const original = proto.redirectUriAllowed;
  proto.redirectUriAllowed = function redirectUriAllowed(this: Record<string, unknown>, value: string): boolean {
    if (this.sandbox_loopback_redirects === true && isLoopbackRedirect(value)) return true;
    return original.call(this, value);
  };
}

/** Start a sandbox on 127.0.0.1 and resolve once it accepts requests. */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  if (options.host && options.host !== '127.0.0.1') throw new Error('the sandbox only listens on 127.0.0.1');
  const sandboxModes = parseFailureModes(options.failures);
  ensureFhirDefinitions();
  const keys = await getServerKeys();
  const repo = new MemoryRepository();
  await repo.withSeeding(async () => {
    for (const resource of buildSeedResources()) await repo.createResource(resource, { assignedId: true });
  });
  const router = new FhirRouter();
  const store = new SandboxStore();
  const launches = new LaunchContextStore();
  const demo = demoClientRegistrations(options.backendClient);
  const modesByRequest = new WeakMap<IncomingMessage, readonly FailureMode[]>();
  const lifetimes: TokenLifetimes = { accessToken: 3600, clientCredentials: 300, refreshToken: 14 * 24 * 3600, ...options.tokenLifetimes };
  let provider!: InstanceType<typeof Provider>;
  let bulk!: BulkExportService;

  const listening = await listen(options.port ?? 0, (origin) => {
    const endpoints = sandboxEndpoints(origin, `${origin}/fhir`);
    provider = new Provider(origin, buildProviderConfiguration({
      issuer: origin, fhirBaseUrl: endpoints.fhirBaseUrl, keys, store, launches, lifetimes,
      clients: [...demo.metadata, ...(options.clients ?? [])],
      cookieKeys: [randomBytes(32).toString('base64url')],
      isResourceType,
    }));
    allowLoopbackRedirects(provider);
    installSmartTokenResponse(provider, { issuer: origin, keys, launches, modesByRequest, store });
    const verifier = new AccessTokenVerifier(keys.publicJwks, origin, endpoints.fhirBaseUrl, store);
    bulk = new BulkExportService({ verifier, provider, isResourceType, origin, repo, options: options.export ?? {} });
    const callback = provider.callback();
    const fhirDeps = { verifier, provider, isResourceType, endpoints, repo, router, bulk, software: SOFTWARE };
    return {
      fhirBasePath: '/fhir',
      sandboxModes,
      fhir: (req, res, url, modes) => handleFhirRequest(fhirDeps, req, res, url, modes),
      bulk: (req, res, url, modes) => bulk.handle(req, res, url, modes),
      interaction: async (req, res, url, modes) => {
        if (!url.pathname.startsWith('/interaction/')) return false;
        await applyTimingModes(res, modes);
        return handleInteraction({ provider, launches, fhirBaseUrl: endpoints.fhirBaseUrl }, req, res, url);
      },
      pages: async (req, res, url, modes) => {
        if (url.pathname !== '/' && !url.pathname.startsWith('/sandbox/')) return false;
        await applyTimingModes(res, modes);
        return handleSandboxPages({ endpoints, launches, repo }, req, res, url);
      },
      oauth: (req, res, url, modes) => handleOAuthRequest({ provider, verifier, modesByRequest }, callback, req, res, url, modes),
    };
  });

  const origin = `http://127.0.0.1:${listening.port}`;
  const endpoints = sandboxEndpoints(origin, `${origin}/fhir`);
  for (const meta of options.clients ?? []) {
    await provider.Client.validate(meta).catch(async (err: unknown) => {
      await listening.close();
      throw err;
    });
  }
  return {
    origin,
    issuer: origin,
    fhirBaseUrl: endpoints.fhirBaseUrl,
    tokenEndpoint: endpoints.token,
    authorizeEndpoint: endpoints.authorize,
    jwksUri: endpoints.jwks,
    introspectionEndpoint: endpoints.introspect,
    revocationEndpoint: endpoints.revoke,
    registrationEndpoint: endpoints.register,
    demoClients: demo.described,
    registerClient: async (meta) => {
      await provider.Client.validate(meta);
      await store.adapterFactory('Client').upsert(String(meta.client_id), { ...meta }, Number.POSITIVE_INFINITY);
    },
    clientJwks: async (clientId) => {
      const client = await provider.Client.find(clientId).catch(() => undefined);
      const jwks = client?.jwks as { keys?: unknown } | undefined;
      return jwks && Array.isArray(jwks.keys) ? { keys: jwks.keys as Record<string, unknown>[] } : undefined;
    },
    createLaunch: (input) => launches.createLaunch(input),
    stop: async () => {
      bulk.close();
      await listening.close();
      store.clear();
    },
  };
}
