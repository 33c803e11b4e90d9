import type { PastedTokenSummary, PreparedAssertion, RevokeResult, TokenKind, TokenRun, TokenStatus } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { isAuthCode, type AssertionControls, type Profile } from '../../../app/profiles/index.ts';
import { requestClientCredentials, knownEndpoints, requestRefresh, revokeTokens, type ClientAuthOptions, type RevokeTarget, requestSandboxLaunch } from './flows/index.ts';
import { toCurl } from './http/index.ts';
import type { TokenServiceDeps } from './ports.ts';
import { PastedTokens } from './pasted-tokens.ts';
import type { AccessToken, TokenSource } from './token-provider.ts';
import { needsRenewal, PreparedAssertions, summarize, TokenCache, type CachedToken, TokenRunner } from './lifecycle/index.ts';

export type { AccessToken, TokenServiceDeps };

/** The token response without its token values, for checks that need the launch context (the console). */
export function contextOf(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body)) if (k !== 'access_token' && k !== 'refresh_token' && k !== 'id_token') out[k] = v;
  return out;
}

/** Background renewal stops when nothing used a profile's token for this long. */
export const IDLE_RENEWAL_LIMIT_MS = 30 * 60_000;

const NO_TOKEN_FLOW = 'This profile\'s auth method is "None (open server)": there is no token to get.';

/** How a run's assertion differs from the profile's (tokens:start / tokens:refresh). */
export interface RunAssertionInput { assertion?: AssertionControls; usePreparedAssertion?: boolean }

/**
 * Token flows, the per-profile token cache and its lifecycle.
 *
 * The Tokens area drives the flows step by step (`start`, `await`, `refresh`, `revoke`); the FHIR
 * console asks `getAccessToken`/`withToken` for a token that is valid now, renewed before
 * expiry and once more after a 401 (the waymark document's steps 5 and 6).
 */
export class TokenService {
  private readonly cache: TokenCache;
  private readonly runner: TokenRunner;
  private readonly prepared: PreparedAssertions;
  private readonly pasted: PastedTokens;
  private readonly lastUsed = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<CachedToken>>();
  private readonly refreshErrors = new Map<string, string>();

  constructor(private readonly deps: TokenServiceDeps) {
    this.runner = new TokenRunner(deps, { store: (token, profile) => this.store(token, profile), emit: (profileId, runId) => this.emit(profileId, runId) });
    this.cache = new TokenCache({ now: () => deps.clock.now(), onDue: (id) => void this.renewInBackground(id), ...(deps.timers ? { timers: deps.timers } : {}) });
    this.prepared = new PreparedAssertions({ ...this.runner.flowDeps, discovery: deps.discovery, jtis: this.runner.jtis });
    this.pasted = new PastedTokens(() => deps.clock.now());
  }

  /**
   * Starts a flow from the Tokens area; an authorization code run returns while waiting for the
   * browser. `assertion` (the controls) and `usePreparedAssertion` shape this run's client assertion.
   */
  async start(input: { profileId: string; launch?: string; scope?: string } & RunAssertionInput): Promise<TokenRun> {
    const profile = await this.deps.profiles.get(input.profileId);
    if (profile.authMethod === 'none') throw new AppFailure('NOT_SUPPORTED', NO_TOKEN_FLOW);
    const scope = input.scope ?? profile.scopes;
    const auth = this.runAuth(profile, input);
    if (!isAuthCode(profile.authMethod)) return this.clientCredentials(profile, scope, 'await', auth);
    return this.runner.startAuthorization(profile, scope, input.launch, auth);
  }

  /** Signs the profile's next assertion with the controls, for Inspect to show before a run sends it. */
  async prepareAssertion(profileId: string, controls: AssertionControls): Promise<PreparedAssertion> {
    const prepared = await this.prepared.prepare(await this.deps.profiles.get(profileId), controls);
    this.emit(profileId);
    return prepared;
  }

  /** Drops the profile's prepared assertion. */
  discardAssertion(profileId: string): { profileId: string; discarded: boolean } {
    const discarded = this.prepared.discard(profileId);
    this.emit(profileId);
    return { profileId, discarded };
  }

  /** Keeps a pasted token for the profile (main only); the console and bulk runner may send it. */
  paste(profileId: string, token: string, tokenType: string): PastedTokenSummary {
    const summary = this.pasted.paste(profileId, token, tokenType);
    this.emit(profileId);
    return summary;
  }

  /** NOT_FOUND in words when the profile does not exist (before keeping anything for it). */
  async requireProfile(profileId: string): Promise<Profile> {
    return this.deps.profiles.get(profileId);
  }

  /** Forgets the profile's pasted token. */
  forgetPasted(profileId: string): { profileId: string } {
    this.pasted.forget(profileId);
    this.emit(profileId);
    return { profileId };
  }

  /**
   * A run's client authentication: the controls, or the prepared assertion, taken (used once)
   * when the request is built; a run that asks for one when none waits fails at once, in words.
   */
  private runAuth(profile: Profile, input: RunAssertionInput): ClientAuthOptions | undefined {
    if (input.usePreparedAssertion) {
      if (!this.prepared.peek(profile.id)) this.prepared.take(profile.id);
      return { staged: () => this.prepared.take(profile.id) };
    }
    return input.assertion && Object.keys(input.assertion).length ? { controls: input.assertion } : undefined;
  }

  /** Waits (at most `waitMs`) for a run to finish, diagnosis included; returns it either way. */
  async awaitRun(runId: string, waitMs: number): Promise<TokenRun> {
    const record = this.runner.runs.get(runId);
    await record.diagnose?.();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([record.done, new Promise<void>((r) => { timer = setTimeout(r, waitMs); })]);
    clearTimeout(timer);
    return structuredClone(record.run);
  }

  /**
   * Cancels a run in flight: a sign-in waiting for the browser, or a discovery or token request
   * that stalls (it ends now, as 'cancelled', not at its timeout). A finished run is returned as is.
   */
  async cancel(runId: string): Promise<TokenRun> {
    const record = this.runner.runs.get(runId);
    this.runner.runs.stop(record);
    await record.done;
    await record.diagnose?.();
    return structuredClone(record.run);
  }

  /** Renews a profile's token now: refresh token if there is one, else a new client-credentials request. */
  async refresh(profileId: string, input: RunAssertionInput = {}): Promise<TokenRun> {
    const profile = await this.deps.profiles.get(profileId);
    const cached = this.cache.get(profileId);
    if (cached?.refreshToken) return this.refreshRun(profile, cached, 'await', this.runAuth(profile, input));
    if (profile.authMethod === 'none') throw new AppFailure('NOT_SUPPORTED', NO_TOKEN_FLOW);
    if (!isAuthCode(profile.authMethod)) return this.clientCredentials(profile, cached?.requestedScope ?? profile.scopes, 'await', this.runAuth(profile, input));
    throw new AppFailure('NOT_FOUND', `No refresh token for "${profile.name}": sign in again (ask for offline_access or online_access to get a refresh token).`);
  }

  /** The cached token (without the token itself) and how it is kept fresh. */
  async status(profileId: string): Promise<TokenStatus> {
    const profile = await this.deps.profiles.get(profileId);
    const cached = this.cache.get(profileId);
    const lastRecord = this.runner.runs.latestOf(profileId);
    await lastRecord?.diagnose?.();
    const last = lastRecord?.run;
    const revoke = knownEndpoints(profile, this.deps.discovery.last(profile)).revocationEndpoint;
    const status: TokenStatus = { profileId, autoRefresh: profile.autoRenew, refreshing: this.inflight.has(profileId) };
    if (cached) status.token = summarize(cached);
    const prepared = this.prepared.peek(profileId);
    if (prepared) status.preparedAssertion = prepared;
    const pasted = this.pasted.summary(profileId);
    if (pasted) status.pasted = pasted;
    if (last) status.lastRun = structuredClone(last);
    if (revoke) status.revocationEndpoint = revoke;
    const err = this.refreshErrors.get(profileId);
    if (err) status.lastRefreshError = err;
    return status;
  }

  /** Hands a raw token to the renderer on an explicit user action (copy / reveal). */
  reveal(profileId: string, which: TokenKind): { which: TokenKind; value: string; tokenType: string } {
    const cached = this.cache.get(profileId);
    const value = which === 'access_token' ? cached?.accessToken : which === 'refresh_token' ? cached?.refreshToken : cached?.idToken;
    if (!cached || !value) throw new AppFailure('NOT_FOUND', `There is no ${which.replace('_', ' ')} for this profile; get a token first.`);
    this.lastUsed.set(profileId, this.deps.clock.now());
    return { which, value, tokenType: cached.tokenType };
  }

  /** The last token request of a profile (or a given run) as a curl command. */
  curl(profileId: string, runId: string | undefined, includeSecrets: boolean): { curl: string; redacted: boolean } {
    const sent = (runId ? this.runner.runs.find(runId) : this.runner.runs.latestOf(profileId))?.sent;
    if (!sent) throw new AppFailure('NOT_FOUND', 'No token request has been sent for this profile yet.');
    return { curl: toCurl(sent.exchange.request, sent.sensitive, includeSecrets), redacted: !includeSecrets };
  }

  /** Revokes the cached tokens at the server's advertised revocation endpoint, then forgets them. */
  async revoke(profileId: string, which: 'access_token' | 'refresh_token' | 'all'): Promise<RevokeResult> {
    const profile = await this.deps.profiles.get(profileId);
    const cached = this.cache.get(profileId);
    if (!cached) throw new AppFailure('NOT_FOUND', 'There is no token to revoke for this profile.');
    let known = knownEndpoints(profile, this.deps.discovery.last(profile));
    if (!known.revocationEndpoint) known = knownEndpoints(profile, await this.deps.discovery.discover(profile));
    if (!known.revocationEndpoint || !known.tokenEndpoint) {
      throw new AppFailure('NOT_SUPPORTED', 'The server advertises no revocation endpoint (revocation_endpoint in its SMART configuration), so its tokens cannot be revoked; they stay valid until they expire. "Forget" drops the token from this app.');
    }
    const targets: RevokeTarget[] = [];
    if (which !== 'access_token' && cached.refreshToken) targets.push({ value: cached.refreshToken, hint: 'refresh_token' });
    if (which !== 'refresh_token') targets.push({ value: cached.accessToken, hint: 'access_token' });
    if (!targets.length) throw new AppFailure('NOT_FOUND', 'There is no refresh token to revoke.');
    const result = await revokeTokens(this.runner.flowDeps, { profile, revocationEndpoint: known.revocationEndpoint, tokenEndpoint: known.tokenEndpoint, targets });
    if (result.revoked.includes('access_token')) this.cache.delete(profileId);
    else if (result.revoked.includes('refresh_token')) delete cached.refreshToken;
    this.emit(profileId);
    return result;
  }

  /** Drops a profile's cached token without telling the server. */
  forget(profileId: string): { profileId: string } {
    this.cache.delete(profileId);
    this.refreshErrors.delete(profileId);
    this.emit(profileId);
    return { profileId };
  }

  /**
   * Turns background renewal on or off for a profile, and saves it with the profile (off by
   * default: no token request to a vendor unless something needs the token).
   */
  async setAutoRefresh(profileId: string, enabled: boolean): Promise<TokenStatus> {
    const profile = await this.deps.profiles.get(profileId);
    if (profile.autoRenew !== enabled) {
      if (!this.deps.profiles.save) throw new AppFailure('NOT_SUPPORTED', 'Profiles cannot be changed here.');
      await this.deps.profiles.save({ ...profile, autoRenew: enabled });
    }
    this.cache.arm(profileId, enabled && this.renewable(profileId));
    return this.status(profileId);
  }

  /** Asks the local sandbox's simulated EHR for a `launch` value bound to a patient. */
  async sandboxLaunch(profileId: string, patient: string, encounter?: string): Promise<{ launch: string; patient: string }> {
    const profile = await this.deps.profiles.get(profileId);
    return requestSandboxLaunch(this.deps.http, profile, patient, encounter);
  }

  /**
   * A token that is valid now: the cached one unless it expires within its renewal lead (or
   * `forceNew`), else renewed by refresh token or a new client-credentials request.
   * Concurrent callers share one renewal.
   */
  async getAccessToken(profileId: string, opts: { forceNew?: boolean; source?: TokenSource } = {}): Promise<AccessToken> {
    if (opts.source === 'pasted') return this.pasted.token(profileId);
    this.lastUsed.set(profileId, this.deps.clock.now());
    const cached = this.cache.get(profileId);
    const token = cached && !opts.forceNew && !needsRenewal(cached, this.deps.clock.now()) ? cached : await this.renew(profileId);
    return { accessToken: token.accessToken, tokenType: token.tokenType, expiresAt: token.expiresAt, scope: token.grantedScope, response: contextOf(token.body) };
  }

  /**
   * Calls `fn` with a valid token; after a 401 it gets a fresh token and calls `fn` once more,
   * so a token revoked or expired early does not surface as an error (waymark step 6).
   */
  async withToken<T>(profileId: string, fn: (token: AccessToken) => Promise<T>, opts: { isUnauthorized?: (result: T) => boolean } = {}): Promise<T> {
    const unauthorized = opts.isUnauthorized ?? ((r: T) => (r as { status?: unknown } | null)?.status === 401);
    const first = await fn(await this.getAccessToken(profileId));
    if (!unauthorized(first)) return first;
    return fn(await this.getAccessToken(profileId, { forceNew: true }));
  }

  /** Stops renewal timers and pending sign-ins (app shutdown). */
  dispose(): void {
    this.cache.dispose();
    this.runner.runs.cancelAll();
  }

  private renew(profileId: string): Promise<CachedToken> {
    let p = this.inflight.get(profileId);
    if (!p) {
      p = this.renewNow(profileId).finally(() => this.inflight.delete(profileId));
      this.inflight.set(profileId, p);
    }
    return p;
  }

  private async renewNow(profileId: string): Promise<CachedToken> {
    const profile = await this.deps.profiles.get(profileId);
    if (profile.authMethod === 'none') throw new AppFailure('NOT_SUPPORTED', NO_TOKEN_FLOW);
    const cached = this.cache.get(profileId);
    let run: TokenRun | undefined;
    if (cached?.refreshToken) {
      run = await this.refreshRun(profile, cached, 'background');
      if (run.status === 'succeeded' || isAuthCode(profile.authMethod)) return this.tokenOf(run, profileId);
    }
    if (isAuthCode(profile.authMethod)) {
      throw new AppFailure('NOT_FOUND', `No valid token for "${profile.name}" and no refresh token: sign in again from the Tokens area (the authorization code flow needs you in the browser).`);
    }
    run = await this.clientCredentials(profile, cached?.requestedScope ?? profile.scopes, 'background');
    return this.tokenOf(run, profileId);
  }

  private tokenOf(run: TokenRun, profileId: string): CachedToken {
    const token = this.cache.get(profileId);
    if (run.status !== 'succeeded' || !token) {
      throw new AppFailure(run.error?.code ?? 'OAUTH_ERROR', run.error?.message ?? 'The token could not be renewed.');
    }
    return token;
  }

  private async renewInBackground(profileId: string): Promise<void> {
    const idle = this.deps.clock.now() - (this.lastUsed.get(profileId) ?? 0);
    if (idle > IDLE_RENEWAL_LIMIT_MS) return;
    // Read now: the switch may have been turned off in the profile since the timer was armed.
    const profile = await this.deps.profiles.get(profileId).catch(() => undefined);
    if (!profile?.autoRenew) return;
    try {
      await this.renew(profileId);
      this.refreshErrors.delete(profileId);
    } catch (e) {
      this.refreshErrors.set(profileId, e instanceof Error ? e.message : String(e));
    }
    this.emit(profileId);
  }

  private renewable(profileId: string): boolean {
    const t = this.cache.get(profileId);
    return !!t && (!!t.refreshToken || t.flow === 'client_credentials');
  }

  private clientCredentials(profile: Profile, scope: string, diagnose: 'await' | 'background', auth?: ClientAuthOptions): Promise<TokenRun> {
    const record = this.runner.runs.open(profile, 'client_credentials', this.deps.clock.now());
    return this.runner.exchange(record, profile, diagnose, false, (deps, endpoints) => requestClientCredentials(deps, profile, endpoints, scope, auth), { requestedScope: scope.trim() });
  }

  private async refreshRun(profile: Profile, cached: CachedToken, diagnose: 'await' | 'background', auth?: ClientAuthOptions): Promise<TokenRun> {
    const record = this.runner.runs.open(profile, 'refresh_token', this.deps.clock.now());
    const out = await this.runner.exchange(record, profile, diagnose, false, (deps, endpoints) => requestRefresh(deps, profile, endpoints, cached.refreshToken as string, auth), {
      requestedScope: cached.grantedScope ?? cached.requestedScope, ...(cached.grantedScope !== undefined ? { originalGrantedScope: cached.grantedScope } : {}),
    });
    const token = this.cache.get(profile.id);
    // Servers that do not rotate refresh tokens omit them from the refresh response: keep the old one.
    if (out.status === 'succeeded' && token && !token.refreshToken && cached.refreshToken) token.refreshToken = cached.refreshToken;
    if (token && token !== cached) {
      if (!token.idToken && cached.idToken) token.idToken = cached.idToken;
      for (const k of ['patient', 'encounter', 'fhirContext', 'need_patient_banner'] as const) if (token.body[k] === undefined && cached.body[k] !== undefined) token.body[k] = cached.body[k];
    }
    if (out.status === 'failed' && out.error?.code === 'OAUTH_ERROR' && /invalid_grant/.test(out.error.message)) delete cached.refreshToken;
    return out;
  }

  private store(token: CachedToken, profile: Profile): void {
    this.cache.set(token, false);
    this.lastUsed.set(profile.id, this.deps.clock.now());
    this.refreshErrors.delete(profile.id);
    this.cache.arm(profile.id, profile.autoRenew && this.renewable(profile.id));
  }

  private emit(profileId: string, runId?: string): void {
    this.deps.events.emit('tokens:changed', runId ? { profileId, runId } : { profileId });
  }
}
