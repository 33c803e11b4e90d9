import { decodeJwt } from 'jose';
import { redactByName } from '../../../../app/activity/index.ts';
import type { LaunchContext, TokenFlow, TokenSummary } from '../../../../app/contract/index.ts';
import type { Timers } from '../ports.ts';

/**
 * The per-profile token cache and its refresh clock.
 *
 * Tokens live only in main's memory (never on disk, never in the renderer unless revealed). Each
 * cached token gets a timer that fires shortly before expiry so the service can renew it
 * proactively; the FHIR console then never sends a token that is about to expire.
 */

/** A token as main keeps it. */
export interface CachedToken {
  profileId: string;
  flow: TokenFlow;
  accessToken: string;
  tokenType: string;
  obtainedAt: number;
  expiresAt?: number;
  expiresIn?: number;
  requestedScope: string;
  grantedScope?: string;
  refreshToken?: string;
  idToken?: string;
  /** The token response's JSON body (launch context lives here). */
  body: Record<string, unknown>;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/** How long before expiry a token is renewed: a minute, or a quarter of a short lifetime. */
export function renewalLeadMs(lifetimeMs: number): number {
  return Math.max(500, Math.min(60_000, Math.floor(lifetimeMs / 4)));
}

/** True when a token expires within its renewal lead (or already has). */
export function needsRenewal(t: CachedToken, nowMs: number): boolean {
  if (t.expiresAt === undefined) return false;
  return nowMs >= t.expiresAt - renewalLeadMs(t.expiresAt - t.obtainedAt);
}

function claims(jwt: string | undefined): Record<string, unknown> | undefined {
  if (!jwt || jwt.split('.').length !== 3) return undefined;
  try {
    return decodeJwt(jwt) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The SMART launch context of a token response (and the id_token's fhirUser). */
export function launchContextOf(body: Record<string, unknown>, idTokenClaims: Record<string, unknown> | undefined): LaunchContext | undefined {
  const ctx: LaunchContext = {};
  const s = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : undefined);
  if (s('patient')) ctx.patient = s('patient');
  if (s('encounter')) ctx.encounter = s('encounter');
  if (Array.isArray(body['fhirContext'])) ctx.fhirContext = body['fhirContext'] as unknown[];
  if (typeof body['need_patient_banner'] === 'boolean') ctx.needPatientBanner = body['need_patient_banner'];
  if (s('smart_style_url')) ctx.smartStyleUrl = s('smart_style_url');
  if (s('intent')) ctx.intent = s('intent');
  if (s('tenant')) ctx.tenant = s('tenant');
  const fhirUser = idTokenClaims?.['fhirUser'];
  if (typeof fhirUser === 'string') ctx.fhirUser = fhirUser;
  return Object.keys(ctx).length ? ctx : undefined;
}

/** What the renderer may see of a cached token: everything but the token strings. */
export function summarize(t: CachedToken): TokenSummary {
  const accessClaims = claims(t.accessToken);
  const idClaims = claims(t.idToken);
  const summary: TokenSummary = {
    flow: t.flow, tokenType: t.tokenType, obtainedAt: t.obtainedAt, requestedScope: t.requestedScope,
    hasRefreshToken: !!t.refreshToken, hasIdToken: !!t.idToken, accessTokenFormat: accessClaims ? 'jwt' : 'opaque',
  };
  if (t.expiresAt !== undefined) summary.expiresAt = t.expiresAt;
  if (t.expiresIn !== undefined) summary.expiresIn = t.expiresIn;
  if (t.grantedScope !== undefined) summary.grantedScope = t.grantedScope;
  // Decoded views mask claims named like secrets; the launch context reads the real id_token claims.
  const access = accessClaims ? redactByName(accessClaims) : undefined;
  const id = idClaims ? redactByName(idClaims) : undefined;
  if (access) summary.accessTokenClaims = access.value;
  if (id) summary.idTokenClaims = id.value;
  const hidden = [...(access?.hidden ?? []).map((p) => `access_token.${p}`), ...(id?.hidden ?? []).map((p) => `id_token.${p}`)];
  if (hidden.length) summary.hiddenClaims = hidden;
  const launch = launchContextOf(t.body, idClaims);
  if (launch) summary.launchContext = launch;
  return summary;
}

/** Per-profile tokens with a renewal timer each. */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>();
  private readonly timers = new Map<string, unknown>();

  constructor(private readonly deps: { now: () => number; onDue: (profileId: string) => void; timers?: Timers }) {}

  private get t(): Timers { return this.deps.timers ?? realTimers; }

  /** The cached token of a profile, expired or not. */
  get(profileId: string): CachedToken | undefined {
    return this.tokens.get(profileId);
  }

  /** Caches a token; with `schedule`, arms the renewal timer. */
  set(token: CachedToken, schedule: boolean): void {
    this.tokens.set(token.profileId, token);
    this.arm(token.profileId, schedule);
  }

  /** (Re-)arms or disarms the renewal timer of a profile's token. */
  arm(profileId: string, schedule: boolean): void {
    const old = this.timers.get(profileId);
    if (old !== undefined) this.t.clearTimeout(old);
    this.timers.delete(profileId);
    const token = this.tokens.get(profileId);
    if (!schedule || !token || token.expiresAt === undefined) return;
    const due = token.expiresAt - renewalLeadMs(token.expiresAt - token.obtainedAt);
    const handle = this.t.setTimeout(() => {
      this.timers.delete(profileId);
      this.deps.onDue(profileId);
    }, Math.max(0, due - this.deps.now()));
    this.timers.set(profileId, handle);
  }

  /** Forgets a profile's token and its timer. */
  delete(profileId: string): void {
    this.arm(profileId, false);
    this.tokens.delete(profileId);
  }

  /** Stops every timer (app shutdown). */
  dispose(): void {
    for (const h of this.timers.values()) this.t.clearTimeout(h);
    this.timers.clear();
  }
}
