import { randomUUID } from 'node:crypto';
import type { TokenRun } from '../../../../app/contract/index.ts';
import { AppFailure } from '../../../../app/result/index.ts';
import type { Profile } from '../../../../app/profiles/index.ts';
import { clientAuthKind, type SentTokenRequest } from '../flows/index.ts';

/** A run with what only main keeps: the raw request (for curl), completion, cancel, deferred checks. */
export interface RunRecord {
  run: TokenRun;
  sent?: SentTokenRequest;
  /** Settles when the run has ended (or, for a sign-in, when nothing more is in flight). */
  done: Promise<void>;
  /**
   * Aborts whatever request the run has in flight (discovery, the token POST, the server JWKS),
   * so `tokens:cancel` ends a stalled run at once instead of at its timeout.
   */
  abort: AbortController;
  /** Closes a sign-in's loopback listener (the browser wait). */
  cancel?: () => void;
  /** Runs the (deferred) conformance diagnosis once; set for renewals nobody has looked at yet. */
  diagnose?: () => Promise<void>;
}

/** How many runs the book follows in memory; finished runs are kept longer by the run history (main/services/runs). */
export const RUNS_KEPT = 50;

/**
 * The recent token runs and each profile's latest, so the Tokens area can follow a sign-in, show
 * the last run after a reload, and export its request as curl.
 */
export class RunBook {
  private readonly runs = new Map<string, RunRecord>();
  private readonly latest = new Map<string, string>();

  /** Opens a new run for a profile and makes it the profile's latest. */
  open(profile: Profile, flow: TokenRun['flow'], startedAt: number): RunRecord {
    const run: TokenRun = {
      id: randomUUID(), profileId: profile.id, flow, clientAuth: clientAuthKind(profile.authMethod),
      status: flow === 'authorization_code' ? 'awaiting-browser' : 'exchanging', startedAt: new Date(startedAt).toISOString(), steps: [], findings: [], notes: [],
    };
    const record: RunRecord = { run, done: Promise.resolve(), abort: new AbortController() };
    this.runs.set(run.id, record);
    this.latest.set(profile.id, run.id);
    for (const id of this.runs.keys()) {
      if (this.runs.size <= RUNS_KEPT) break;
      this.runs.delete(id);
    }
    return record;
  }

  /** A run by id, or NOT_FOUND in words. */
  get(runId: string): RunRecord {
    const r = this.runs.get(runId);
    if (!r) throw new AppFailure('NOT_FOUND', `That token run is no longer followed (the app follows the last ${RUNS_KEPT}); finished runs are in the run history.`);
    return r;
  }

  /** A profile's latest run, if any. */
  latestOf(profileId: string): RunRecord | undefined {
    const id = this.latest.get(profileId);
    return id ? this.runs.get(id) : undefined;
  }

  /** A run by id without failing. */
  find(runId: string | undefined): RunRecord | undefined {
    return runId ? this.runs.get(runId) : undefined;
  }

  /** Stops a run: closes its browser wait and aborts its request in flight. A finished run is unaffected. */
  stop(record: RunRecord): void {
    record.cancel?.();
    if (!record.abort.signal.aborted) record.abort.abort();
  }

  /** Stops every run still going: pending sign-ins and requests in flight (shutdown). */
  cancelAll(): void {
    for (const r of this.runs.values()) this.stop(r);
  }
}
