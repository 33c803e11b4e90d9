import type { TokenRun } from '../../../../app/contract/index.ts';
import { AppFailure } from '../../../../app/result/index.ts';
import type { Profile } from '../../../../app/profiles/index.ts';
import { beginAuthorization, resolveRunEndpoints, type ClientAuthOptions, type FlowEndpoints, type SentTokenRequest, type TokenRequestDeps } from '../flows/index.ts';
import { completeAuthorization } from './auth-code-run.ts';
import { JtiLog } from './jti-log.ts';
import { RunBook, type RunRecord } from './run-book.ts';
import { applyExchange, diagnoseRun, showExchange, type CompletionContext, type DiagnosisDeps } from './run-completion.ts';
import type { TokenServiceDeps } from '../ports.ts';
import type { CachedToken } from './token-cache.ts';

/** The ports of a flow's requests and of its diagnosis. */
export type FlowDeps = TokenRequestDeps & DiagnosisDeps;
/** Sends one token request (client credentials, refresh) once the endpoints are known. */
export type SendToken = (deps: FlowDeps, endpoints: FlowEndpoints) => Promise<SentTokenRequest>;
type ExchangeExtra = Pick<CompletionContext, 'requestedScope' | 'originalGrantedScope'>;

/** What the runner tells the token service: a token was obtained, a run changed. */
export interface RunnerHooks {
  store(token: CachedToken, profile: Profile): void;
  emit(profileId: string, runId?: string): void;
}

/**
 * Runs token flows as runs the Tokens area can follow: endpoint resolution (with discovery),
 * the request, its outcome, and the conformance diagnosis, each run cancellable.
 *
 * Kept apart from the token service, which owns the cache and its lifecycle, so that each
 * holds one concept: how a run goes, and which token is valid now.
 */
export class TokenRunner {
  readonly runs = new RunBook();
  /** The jti of every assertion signed this session, per profile (replays, the reuse control). */
  readonly jtis = new JtiLog();

  /** What each ended run last looked like when handed to `onRunEnded` (so an unchanged run is not kept twice). */
  private readonly endedAs = new Map<string, string>();

  constructor(private readonly deps: TokenServiceDeps, private readonly hooks: RunnerHooks) {}

  /** Hands an ended run to `onRunEnded` (the run history), unless it is unchanged since the last time. */
  private ended(run: TokenRun): void {
    if (!this.deps.onRunEnded) return;
    const snapshot = JSON.stringify(run);
    if (this.endedAs.get(run.id) === snapshot) return;
    this.endedAs.set(run.id, snapshot);
    for (const id of this.endedAs.keys()) {
      if (this.endedAs.size <= 100) break;
      this.endedAs.delete(id);
    }
    this.deps.onRunEnded(JSON.parse(snapshot) as TokenRun);
  }

  /** The ports every flow request uses (no cancel signal: revocation, sandbox launch). */
  get flowDeps(): FlowDeps {
    const d = this.deps;
    return {
      http: d.http, clock: d.clock, signer: d.signer, secrets: d.secrets, jtis: this.jtis, now: () => d.clock.now(), ...(d.tokenTimeoutMs ? { timeoutMs: d.tokenTimeoutMs } : {}),
      ...(d.registeredKeys ? { registeredKeys: d.registeredKeys } : {}), ...(d.notes ? { notes: d.notes } : {}),
    };
  }

  /** The flow ports of one run: every request it sends carries the run's cancel signal. */
  private runDeps(record: RunRecord): FlowDeps {
    return { ...this.flowDeps, signal: record.abort.signal };
  }

  /** Starts an authorization code run; it returns while waiting for the browser, and finishes in the background. */
  async startAuthorization(profile: Profile, scope: string, launch: string | undefined, auth?: ClientAuthOptions): Promise<TokenRun> {
    // One sign-in per profile at a time: a new one closes the listener of a forgotten earlier one.
    const earlier = this.runs.latestOf(profile.id);
    if (earlier?.run.status === 'awaiting-browser') earlier.cancel?.();
    const record = this.runs.open(profile, 'authorization_code', this.deps.clock.now());
    const { run } = record;
    let settle!: () => void;
    record.done = new Promise<void>((r) => { settle = r; });
    this.hooks.emit(profile.id, run.id);
    let endpoints: FlowEndpoints;
    let pending;
    try {
      endpoints = await this.resolveFor(record, profile, true);
      pending = await beginAuthorization({ browser: this.deps.browser, timeoutMs: this.deps.authTimeoutMs ?? 5 * 60_000, now: () => this.deps.clock.now() },
        { profile, endpoints, scope, ...(launch ? { launch } : {}) });
    } catch (e) {
      settle();
      return this.failEarly(run, e);
    }
    run.steps.push(pending.step);
    run.findings = pending.findings;
    if (pending.plan.addedLaunchScope) run.notes.push('Added the "launch" scope: an EHR launch needs it alongside the launch value.');
    run.browser = { authorizeUrl: pending.plan.url, openInRenderer: this.deps.browser.opensInRenderer, redirectUri: pending.plan.redirectUri, expiresAt: this.deps.clock.now() + (this.deps.authTimeoutMs ?? 5 * 60_000) };
    record.cancel = () => pending.listener.cancel();
    // Cancelled while the loopback listener was starting: close it now; the run then ends cancelled.
    if (record.abort.signal.aborted) record.cancel();
    void completeAuthorization(this.runDeps(record), {
      run, profile, endpoints, pending, ...(auth ? { auth } : {}), changed: () => this.hooks.emit(profile.id, run.id), sent: (s) => { record.sent = s; },
      obtained: (token) => this.hooks.store(token, profile),
    }).then(() => undefined, (e: unknown) => {
      run.status = 'failed';
      run.error = { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
    }).finally(() => {
      this.hooks.emit(profile.id, run.id);
      settle();
      this.ended(run);
    });
    return structuredClone(run);
  }

  /** Endpoints for a run; discovery (if needed) shows as the run's "discovering" state and step, and stops on cancel. */
  private resolveFor(record: RunRecord, profile: Profile, needAuthorize: boolean): FlowEndpoints | Promise<FlowEndpoints> {
    return resolveRunEndpoints(record.run, profile, this.deps.discovery, needAuthorize, () => this.deps.clock.now(), record.abort.signal, () => this.hooks.emit(profile.id, record.run.id));
  }

  /** Runs a client-credentials or refresh exchange; `record.done` follows it so `tokens:cancel` can wait for the end. */
  exchange(record: RunRecord, profile: Profile, diagnose: 'await' | 'background', needAuthorize: boolean, send: SendToken, extra: ExchangeExtra): Promise<TokenRun> {
    const out = this.exchangeNow(record, profile, diagnose, needAuthorize, send, extra);
    record.done = out.then(() => undefined, () => undefined);
    return out;
  }

  private async exchangeNow(record: RunRecord, profile: Profile, diagnose: 'await' | 'background', needAuthorize: boolean, send: SendToken, extra: ExchangeExtra): Promise<TokenRun> {
    const { run } = record;
    // The run is visible (and cancellable) from the start, not only once the server has answered.
    this.hooks.emit(profile.id, run.id);
    let endpoints: FlowEndpoints;
    let sent: SentTokenRequest;
    try {
      endpoints = await this.resolveFor(record, profile, needAuthorize);
      sent = await send(this.runDeps(record), endpoints);
    } catch (e) {
      return this.failEarly(run, e);
    }
    record.sent = sent;
    const ctx: CompletionContext = { profile, flow: run.flow, endpoints, ...extra };
    const token = applyExchange(run, sent, ctx, this.deps.clock.now());
    if (token) this.hooks.store(token, profile);
    if (diagnose === 'await' || run.status === 'cancelled') showExchange(run, sent, token);
    if (run.status === 'cancelled') {
      // A request the user stopped says nothing about the server: no conformance checks on it.
      this.hooks.emit(profile.id, run.id);
      this.ended(run);
      return structuredClone(run);
    }
    const diagnosis = () => diagnoseRun(this.runDeps(record), run, sent, ctx, token).catch((e: unknown) => {
      run.notes.push(`The conformance checks failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
    });
    this.hooks.emit(profile.id, run.id);
    if (diagnose === 'await') {
      await diagnosis();
      this.ended(run);
      return structuredClone(run);
    }
    // A renewal for the console: nobody may ever look at it, so its display (steps, summary) and
    // checks are made when someone does (status, awaitRun), not on every token acquisition's path.
    // The history keeps it now as it is, and again with its checks once they are made.
    let started: Promise<void> | undefined;
    record.diagnose = () => (started ??= (showExchange(run, sent, token), diagnosis()).then(() => { delete record.diagnose; this.ended(run); }));
    this.ended(run);
    return run;
  }

  private failEarly(run: TokenRun, e: unknown): TokenRun {
    if (!(e instanceof AppFailure)) throw e;
    run.status = e.code === 'CANCELLED' ? 'cancelled' : 'failed';
    run.error = { code: e.code, message: e.message };
    run.finishedAt = new Date(this.deps.clock.now()).toISOString();
    this.hooks.emit(run.profileId, run.id);
    this.ended(run);
    return structuredClone(run);
  }

}
