import type { Profile } from '../../../app/profiles/index.ts';
import type { HttpClient } from '../../http/index.ts';
import type { Clock, EventSink } from '../../ports.ts';
import type { DiscoveryResult, TokenRun } from '../../../app/contract/index.ts';
import type { DiagnosisNotes, RegisteredKeySource } from '../diagnosis/index.ts';

/**
 * What the token flows need from the rest of main, declared small so flows are tested with
 * fakes and the composition root wires the real key, secret and browser services.
 */

/** Signs client assertions with a stored private key (the key service's main-internal API). */
export interface AssertionSigner {
  /** Compact JWS over `payload`; the key's `kid` and `alg` apply unless `header` overrides them. */
  signJwt(keyId: string, input: { header?: Record<string, unknown>; payload: Record<string, unknown> }): Promise<string>;
  /** The public JWKS of a key, so each assertion's signature can be checked the way a server would. */
  getPublicJwks(keyId: string): Promise<{ keys: object[] }>;
}

/**
 * The jti values of a profile's assertions: each one is recorded as it is signed, so
 * ASSERT-JTI-REUSED can tell a repeat, and the reuse control can send the previous one again.
 */
export interface JtiHistory {
  add(profileId: string, jti: string, nowMs: number): void;
  /** The jti of the profile's latest assertion, if any. */
  last(profileId: string): string | undefined;
}

/** Reads a profile's client secret (decrypted in main, never sent to the renderer). */
export interface SecretSource {
  getSecret(profileId: string): Promise<string | undefined>;
}

/**
 * Opens the system browser at an authorize URL (RFC 8252: never an embedded web view).
 *
 * In browser mode main cannot open a tab in the user's browser session, so `opensInRenderer`
 * tells the renderer to `window.open` the URL itself while main waits on the loopback listener.
 */
export interface BrowserOpener {
  readonly opensInRenderer: boolean;
  open(url: string): Promise<void>;
}

/** Browser mode: the renderer opens the URL; main only waits for the redirect. */
export const rendererBrowserOpener: BrowserOpener = { opensInRenderer: true, open: async () => undefined };

/** Timer functions, replaceable in tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Ports and settings of the token service. */
export interface TokenServiceDeps {
  http: HttpClient;
  clock: Clock;
  events: EventSink;
  /** Reads profiles; `save` (the profile service's) stores the auto-renew switch with the profile. */
  profiles: { get(id: string): Promise<Profile>; save?(input: Profile): Promise<Profile> };
  discovery: DiscoverySource;
  signer: AssertionSigner;
  secrets: SecretSource;
  browser: BrowserOpener;
  registeredKeys?: RegisteredKeySource;
  notes?: DiagnosisNotes;
  /**
   * Hears each run once it has ended (and again if it changes after: a renewal's deferred
   * diagnosis): the run history keeps it. Called with a copy; never awaited by the run.
   */
  onRunEnded?: (run: TokenRun) => void;
  /** How long a sign-in may wait for the browser (default 5 minutes). */
  authTimeoutMs?: number;
  tokenTimeoutMs?: number;
  timers?: Timers;
}

/** The part of the discovery service the flows use. */
export interface DiscoverySource {
  last(profile: Pick<Profile, 'id' | 'fhirBaseUrl'>): DiscoveryResult | undefined;
  /**
   * `signal` stops a stalled discovery (the result then has `cancelled` set); `quick` stops after
   * the SMART configuration when it names those endpoints.
   */
  discover(profile: Profile, signal?: AbortSignal, opts?: { quick?: ('tokenEndpoint' | 'authorizeEndpoint')[] }): Promise<DiscoveryResult>;
}
