import type { Profile } from '../../../app/profiles/index.ts';
import type { HttpClient } from '../../http/index.ts';
import type { Clock, EventSink } from '../../ports.ts';
import type { DiscoverySource } from './flows/index.ts';
import type { AssertionSigner, BrowserOpener, SecretSource } from './ports.ts';
import type { Timers } from './lifecycle/index.ts';

/** A usable access token, as the FHIR console needs it. */
export interface AccessToken {
  accessToken: string; tokenType: string; expiresAt: number | undefined; scope: string | undefined;
  /** The token response's other members (patient, encounter, need_patient_banner...), never its tokens. */
  response?: Record<string, unknown>;
}

/** The token response without its token values, for checks that need the launch context (the console). */
export function contextOf(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (k !== 'access_token' && k !== 'refresh_token' && k !== 'id_token') out[k] = v;
  return out;
}

/** Ports and settings of the token service. */
export interface TokenServiceDeps {
  http: HttpClient;
  clock: Clock;
  events: EventSink;
  profiles: { get(id: string): Promise<Profile> };
  discovery: DiscoverySource;
  signer: AssertionSigner;
  secrets: SecretSource;
  browser: BrowserOpener;
  /** How long a sign-in may wait for the browser (default 5 minutes). */
  authTimeoutMs?: number;
  tokenTimeoutMs?: number;
  timers?: Timers;
}

/** Background renewal stops when nothing used a profile's token for this long. */
export const IDLE_RENEWAL_LIMIT_MS = 30 * 60_000;
