import { randomUUID } from 'node:crypto';
import { kickoffRequest, readProgress, type KickoffParams, type KickoffRequest } from '../../../app/bulk/index.ts';
import type { BulkJob } from '../../../app/contract/index.ts';
import type { Endpoint } from '../../../app/diagnosis/index.ts';
import { diagnoseExchange, type DiagnosisNotes } from '../diagnosis/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import type { HttpClient, HttpResponse, ExchangeLog } from '../../http/index.ts';
import type { Clock, EventSink } from '../../ports.ts';
import { authorizationValue, tokenFor, type AccessToken, type ProfileLookup, type TokenProvider, type TokenSource } from '../tokens/index.ts';
import { ExportOutputFiles, type FilesRun, type JobReport } from './export-output-files.ts';
import { describeRefusal, pollExportStatus, type JobError } from './export-status-poller.ts';
import type { FolderPicker } from './folder-picker.ts';

/** What the runner needs. */
export interface BulkRunnerDeps {
  http: HttpClient;
  log: ExchangeLog;
  fetch?: typeof fetch;
  /** Runs before each streamed request (starts the built-in sandbox on first use). */
  beforeSend?: (url: string) => Promise<void>;
  profiles: ProfileLookup;
  tokens: TokenProvider;
  events: EventSink;
  clock: Clock;
  folders: FolderPicker;
  /** Records each failed exchange's diagnosis beside its activity log entry. */
  notes?: DiagnosisNotes;
  /** Waits between polls; tests pass a fast one that records the delays asked for. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Kick-off input after validation: the profile, the Bulk Data parameters, and which token to send. */
export interface StartInput extends KickoffParams { profileId: string; token?: TokenSource }

/** The last exchange a job made: what its diagnosis reads when the job fails. */
interface LastExchange {
  endpoint: Endpoint;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: HttpResponse;
  failure?: AppFailure;
  token?: AccessToken;
}

interface Run extends FilesRun { polling?: AbortController; lastEmit: number; token: TokenSource; last?: LastExchange }

const PROGRESS_EVERY_MS = 200;

/**
 * Runs FHIR Bulk Data exports: kick-off with `Prefer: respond-async`, status polling that
 * honours Retry-After and reports X-Progress, cancel with DELETE, the manifest, streamed
 * downloads to a folder and NDJSON previews. Every change is pushed as `bulk:progress`.
 *
 * The runner owns the jobs and their lifecycle; the status loop lives in export-status-poller.ts
 * and the files (downloads, previews) in export-output-files.ts.
 * @see https://hl7.org/fhir/uv/bulkdata/STU2/export.html
 */
export class BulkExportRunner {
  private readonly runs = new Map<string, Run>();
  private readonly watchers = new Set<(job: BulkJob) => void>();
  private readonly files: ExportOutputFiles;

  constructor(private readonly deps: BulkRunnerDeps) {
    this.files = new ExportOutputFiles(deps);
  }

  /** Kicks off an export; a refusal comes back as a failed job with the server's words. */
  async start(input: StartInput): Promise<BulkJob> {
    const profile = await this.deps.profiles.get(input.profileId);
    let kickoff: KickoffRequest;
    try {
      kickoff = kickoffRequest(profile.fhirBaseUrl, input);
    } catch (e) {
      throw new AppFailure('INVALID_INPUT', (e as Error).message);
    }
    const url = kickoff.url;
    const token = input.token ?? 'profile';
    const job: BulkJob = {
      id: randomUUID(), revision: 0, profileId: profile.id, level: input.level, kickoffUrl: url, kickoffMethod: kickoff.method, tokenSource: token,
      state: 'starting', polls: 0, startedAt: this.iso(), ...(kickoff.body ? { kickoffBody: kickoff.body } : {}),
    };
    const run: Run = { job, profile, lastEmit: 0, token };
    this.runs.set(job.id, run);
    this.files.warm(); // files will follow: have the download thread ready
    this.emit(run);
    try {
      const headers: Record<string, string> = { Accept: 'application/fhir+json', Prefer: 'respond-async', ...(kickoff.body ? { 'Content-Type': 'application/fhir+json' } : {}) };
      const res = await this.send(run, kickoff.method, url, headers, undefined, kickoff.body);
      const location = res.header('content-location');
      if (res.status === 202 && location) {
        job.statusUrl = new URL(location, url).href;
        job.state = 'in-progress';
        const progress = readProgress(res.header('x-progress'));
        if (progress) job.progress = progress;
        this.poll(run);
      } else if (res.status === 202) {
        this.fail(run, { message: 'The server accepted the export (202) but sent no Content-Location, so there is no status URL to poll.', status: 202 });
      } else {
        this.fail(run, describeRefusal('The kick-off', res, this.sendsToken(run)));
      }
    } catch (e) {
      this.fail(run, { message: e instanceof Error ? e.message : String(e) });
    }
    await this.diagnoseFailure(run);
    this.emit(run, true);
    return this.snapshot(run);
  }

  /** Every job of this session, newest first. */
  list(): BulkJob[] {
    return [...this.runs.values()].reverse().map((r) => this.snapshot(r));
  }

  /** Stops polling and downloads, and asks the server to delete the export (DELETE on the status URL). */
  async cancel(jobId: string): Promise<BulkJob> {
    const run = this.get(jobId);
    run.polling?.abort();
    run.downloading?.abort();
    const { job } = run;
    if (job.state === 'cancelled' || job.state === 'failed' || !job.statusUrl) {
      if (job.state === 'starting' || job.state === 'in-progress') job.state = 'cancelled';
      this.emit(run, true);
      return this.snapshot(run);
    }
    try {
      const res = await this.send(run, 'DELETE', job.statusUrl, { Accept: 'application/fhir+json' });
      if (res.status === 404) job.error = { message: 'The server no longer knew this export (404); nothing was left to cancel.', status: 404 };
      else if (res.status >= 300) job.error = describeRefusal('The cancel request', res, this.sendsToken(run));
      else delete job.error;
    } catch (e) {
      job.error = { message: `The cancel request could not be sent: ${(e as Error).message}` };
    }
    job.state = 'cancelled';
    delete job.nextPollAt;
    this.emit(run, true);
    return this.snapshot(run);
  }

  /** Starts streaming the manifest's files (all, or `urls`) into a folder; progress arrives as events. */
  async download(jobId: string, urls?: string[]): Promise<BulkJob> {
    const run = this.get(jobId);
    return this.files.download(run, urls, this.report(run));
  }

  /** Stops the running downloads; finished files stay. */
  async cancelDownload(jobId: string): Promise<BulkJob> {
    const run = this.get(jobId);
    run.downloading?.abort();
    return this.snapshot(run);
  }

  /** The first NDJSON lines of an output or error file: from disk once downloaded, else from the server. */
  async preview(jobId: string, url: string, lines: number): Promise<{ lines: string[]; more: boolean; source: 'file' | 'server' }> {
    return this.files.preview(this.get(jobId), url, lines);
  }

  /** Removes a finished job from the list (a running one is cancelled first). */
  async forget(jobId: string): Promise<{ jobId: string }> {
    const run = this.get(jobId);
    if (run.job.state === 'in-progress' || run.job.state === 'starting') await this.cancel(jobId);
    run.downloading?.abort();
    this.runs.delete(jobId);
    return { jobId };
  }

  /** Resolves once `test(job)` holds (main-internal: tests and benchmarks). */
  waitFor(jobId: string, test: (job: BulkJob) => boolean, timeoutMs = 60_000): Promise<BulkJob> {
    const now = this.snapshot(this.get(jobId));
    if (test(now)) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.watchers.delete(watch); reject(new Error(`bulk job ${jobId} did not reach the expected state in ${timeoutMs} ms`)); }, timeoutMs);
      const watch = (job: BulkJob) => {
        if (job.id !== jobId || !test(job)) return;
        clearTimeout(timer);
        this.watchers.delete(watch);
        resolve(job);
      };
      this.watchers.add(watch);
    });
  }

  /** Stops every poll and download, and the download thread (shutdown). */
  dispose(): void {
    for (const run of this.runs.values()) {
      run.polling?.abort();
      run.downloading?.abort();
    }
    this.files.dispose();
  }

  /** Starts the status loop of a job just accepted; its controller lets cancel stop it. */
  private poll(run: Run): void {
    const abort = new AbortController();
    run.polling = abort;
    const { job } = run;
    void pollExportStatus(job, abort.signal, {
      send: (signal) => this.send(run, 'GET', job.statusUrl ?? '', { Accept: 'application/json' }, signal),
      now: () => this.deps.clock.now(),
      iso: () => this.iso(),
      changed: () => this.emit(run, true),
      fail: (error, emit) => {
        this.fail(run, error, emit);
        void this.diagnoseFailure(run).then(() => this.emit(run, true));
      },
      sleep: this.deps.sleep,
      tokenSent: this.sendsToken(run),
    });
  }

  /** True when the job's requests carry an access token (a pasted one, or the profile's). */
  private sendsToken(run: Run): boolean {
    return run.token === 'pasted' || run.profile.authMethod !== 'none';
  }

  /** Adds diagnose()'s ranking of the exchange that failed to the job's error (the status says which endpoint). */
  private async diagnoseFailure(run: Run): Promise<void> {
    const last = run.last;
    const error = run.job.error;
    if (!last || !error || error.diagnosis) return;
    const token = last.token;
    const tokenResponse = token ? { access_token: token.accessToken, token_type: token.tokenType, ...(token.scope !== undefined ? { scope: token.scope } : {}), ...(token.expiresAt !== undefined ? { expires_in: Math.round((token.expiresAt - this.deps.clock.now()) / 1000) } : {}) } : undefined;
    error.diagnosis = await diagnoseExchange({
      endpoint: last.endpoint, request: last.request,
      ...(last.response ? { response: { status: last.response.status, headers: last.response.headers, bodyText: last.response.bodyText } } : last.failure ? { failure: last.failure } : {}),
      context: { fhirBaseUrl: run.profile.fhirBaseUrl, ...(tokenResponse ? { tokenResponse, ...(token?.expiresAt !== undefined ? { tokenObtainedAt: Math.floor(this.deps.clock.now() / 1000) } : {}) } : {}) },
    }, { nowMs: this.deps.clock.now(), secrets: token ? [token.accessToken] : [] }).catch(() => undefined);
    if (!error.diagnosis) delete error.diagnosis;
    else if (last.response?.activityId) this.deps.notes?.note(last.response.activityId, error.diagnosis);
  }

  /** How the file work pushes and copies this job. */
  private report(run: Run): JobReport {
    return { emit: (force) => this.emit(run, force), snapshot: () => this.snapshot(run) };
  }

  /**
   * Sends with the job's token: the profile's (none for auth method "none"), renewed once after a
   * 401, or the pasted one (never renewed). The exchange is kept as the job's last, for its diagnosis.
   */
  private async send(run: Run, method: string, url: string, headers: Record<string, string>, signal?: AbortSignal, body?: string): Promise<HttpResponse> {
    const endpoint: Endpoint = url === run.job.kickoffUrl ? 'bulk-kickoff' : 'bulk-status';
    const once = async (token?: AccessToken) => {
      const sent = token ? { ...headers, Authorization: authorizationValue(token) } : headers;
      run.last = { endpoint, request: { method, url, headers: sent, ...(body !== undefined ? { body } : {}) }, ...(token ? { token } : {}) };
      try {
        const res = await this.deps.http.send({
          method, url, purpose: 'bulk', profileId: run.profile.id, signal, followRedirects: method === 'GET', headers: sent,
          sensitiveValues: token ? [token.accessToken] : [], ...(body !== undefined ? { body } : {}),
        });
        run.last.response = res;
        return res;
      } catch (e) {
        if (e instanceof AppFailure) run.last.failure = e;
        throw e;
      }
    };
    if (run.token === 'pasted') return once(await tokenFor(this.deps.tokens, run.profile, false, 'pasted'));
    if (run.profile.authMethod === 'none') return once();
    const res = await once(await tokenFor(this.deps.tokens, run.profile, false));
    return res.status === 401 ? once(await tokenFor(this.deps.tokens, run.profile, true)) : res;
  }

  private fail(run: Run, error: JobError, emit = false): void {
    run.job.state = 'failed';
    run.job.error = error;
    delete run.job.nextPollAt;
    if (emit) this.emit(run, true);
  }

  private get(jobId: string): Run {
    const run = this.runs.get(jobId);
    if (!run) throw new AppFailure('NOT_FOUND', 'That export is no longer in the list.');
    return run;
  }

  private iso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  private snapshot(run: Run): BulkJob {
    return structuredClone(run.job);
  }

  /** Pushes the job; download progress (`force` false) at most every PROGRESS_EVERY_MS. */
  private emit(run: Run, force = false): void {
    const now = performance.now();
    if (!force && now - run.lastEmit < PROGRESS_EVERY_MS) return;
    run.lastEmit = now;
    run.job.revision++;
    const snap = this.snapshot(run);
    this.deps.events.emit('bulk:progress', snap);
    for (const watch of [...this.watchers]) watch(snap);
  }
}
