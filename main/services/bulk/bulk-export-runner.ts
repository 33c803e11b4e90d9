import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DEFAULT_POLL_MS, kickoffUrl, outputFileName, parseManifest, readProgress, retryAfterMs } from '../../../app/bulk/bulk-protocol.ts';
import type { BulkJob } from '../../../app/contract/bulk.ts';
import { AppFailure } from '../../../app/contract/result.ts';
import { outcomeFromText, outcomeSentence } from '../../../app/console/operation-outcome.ts';
import type { Profile } from '../../../app/profiles/schema.ts';
import type { HttpClient, HttpResponse } from '../../http/http-client.ts';
import type { Clock, EventSink } from '../../ports.ts';
import type { ExchangeLog } from '../console/streaming-exchange.ts';
import { authorizationValue, tokenFor, type AccessToken, type ProfileLookup, type TokenProvider } from '../console/token-port.ts';
import { downloadToFile, previewFromFile, previewFromServer, type TokenSource } from './bulk-downloader.ts';
import { downloadQueue } from './download-queue.ts';
import type { FolderPicker } from './folder-picker.ts';
import { ThreadDownloader } from './thread-downloader.ts';

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
  /** Waits between polls; tests pass a fast one that records the delays asked for. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Kick-off input after validation. */
export interface StartInput { profileId: string; level: BulkJob['level']; groupId?: string; types: string[]; since?: string; outputFormat?: string; typeFilters: string[] }

interface Run { job: BulkJob; profile: Profile; polling?: AbortController; downloading?: AbortController; lastEmit: number }

const PROGRESS_EVERY_MS = 200;

const abortableSleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
  if (signal.aborted) return reject(new Error('aborted'));
  const t = setTimeout(() => { signal.removeEventListener('abort', stop); resolve(); }, ms);
  const stop = () => { clearTimeout(t); reject(new Error('aborted')); };
  signal.addEventListener('abort', stop, { once: true });
});

/** Words for an HTTP refusal, with the server's OperationOutcome. */
function refusal(what: string, res: HttpResponse): NonNullable<BulkJob['error']> {
  const issues = outcomeFromText(res.bodyText);
  const sentence = issues ? outcomeSentence(issues) : res.bodyText.trim().slice(0, 300) || undefined;
  const hint = res.status === 401 ? ' The token was rejected even after getting a new one.'
    : res.status === 403 ? ' The token\'s scopes may not allow this export (system/*.read or patient/*.read and the types asked for).' : '';
  const error: NonNullable<BulkJob['error']> = { message: `${what} failed: ${res.status} ${res.statusText}${sentence ? ` (${sentence})` : ''}.${hint}`, status: res.status };
  if (issues?.length) error.issues = issues;
  return error;
}

/**
 * Runs FHIR Bulk Data exports: kick-off with `Prefer: respond-async`, status polling that
 * honours Retry-After and reports X-Progress, cancel with DELETE, the manifest, streamed
 * downloads to a folder and NDJSON previews. Every change is pushed as `bulk:progress`.
 * @see https://hl7.org/fhir/uv/bulkdata/STU2/export.html
 */
export class BulkExportRunner {
  private readonly runs = new Map<string, Run>();
  private readonly watchers = new Set<(job: BulkJob) => void>();
  private readonly threads: ThreadDownloader;

  constructor(private readonly deps: BulkRunnerDeps) {
    this.threads = new ThreadDownloader({ log: deps.log, beforeSend: deps.beforeSend });
  }

  /** Kicks off an export; a refusal comes back as a failed job with the server's words. */
  async start(input: StartInput): Promise<BulkJob> {
    const profile = await this.deps.profiles.get(input.profileId);
    let url: string;
    try {
      url = kickoffUrl(profile.fhirBaseUrl, input);
    } catch (e) {
      throw new AppFailure('INVALID_INPUT', (e as Error).message);
    }
    const job: BulkJob = { id: randomUUID(), revision: 0, profileId: profile.id, level: input.level, kickoffUrl: url, state: 'starting', polls: 0, startedAt: this.iso() };
    const run: Run = { job, profile, lastEmit: 0 };
    this.runs.set(job.id, run);
    if (!this.deps.fetch) this.threads.warm(); // files will follow: have the download thread ready
    this.emit(run);
    try {
      const res = await this.send(run, 'GET', url, { Accept: 'application/fhir+json', Prefer: 'respond-async' });
      const location = res.header('content-location');
      if (res.status === 202 && location) {
        job.statusUrl = new URL(location, url).href;
        job.state = 'in-progress';
        const progress = readProgress(res.header('x-progress'));
        if (progress) job.progress = progress;
        void this.poll(run);
      } else if (res.status === 202) {
        this.fail(run, { message: 'The server accepted the export (202) but sent no Content-Location, so there is no status URL to poll.', status: 202 });
      } else {
        this.fail(run, refusal('The kick-off', res));
      }
    } catch (e) {
      this.fail(run, { message: e instanceof Error ? e.message : String(e) });
    }
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
      else if (res.status >= 300) job.error = refusal('The cancel request', res);
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
    const manifest = run.job.manifest;
    if (run.job.state !== 'complete' || !manifest) throw new AppFailure('CONFLICT', 'The export has not finished yet; its files can be downloaded once the manifest is ready.');
    if (run.job.download?.state === 'running') throw new AppFailure('CONFLICT', 'This export is already downloading.');
    const chosen = manifest.output.filter((o) => !urls || urls.includes(o.url));
    if (!chosen.length) throw new AppFailure('INVALID_INPUT', 'None of those files are in the export\'s manifest.');
    const stamp = new Date(this.deps.clock.now()).toISOString().replace(/[:.]/g, '-').slice(0, 19);
    const folder = await this.deps.folders.chooseExportFolder(`export-${stamp}`);
    if (!folder) throw new AppFailure('CANCELLED', 'No folder was chosen, so nothing was downloaded.');
    const taken = new Set<string>();
    const perType = new Map<string, number>();
    const files = chosen.map((o) => {
      const n = perType.get(o.type) ?? 0;
      perType.set(o.type, n + 1);
      const fileName = outputFileName(o.type, n, taken);
      taken.add(fileName);
      return { url: o.url, type: o.type, fileName, bytes: 0, state: 'waiting' as const };
    });
    run.job.download = { folder, state: 'running', files, bytes: 0, startedAt: this.iso(), bytesPerSecond: 0 };
    const abort = new AbortController();
    run.downloading = abort;
    this.emit(run, true);
    void this.runDownloads(run, abort.signal, manifest.requiresAccessToken);
    return this.snapshot(run);
  }

  /** Stops the running downloads; finished files stay. */
  async cancelDownload(jobId: string): Promise<BulkJob> {
    const run = this.get(jobId);
    run.downloading?.abort();
    return this.snapshot(run);
  }

  /** The first NDJSON lines of an output or error file: from disk once downloaded, else from the server. */
  async preview(jobId: string, url: string, lines: number): Promise<{ lines: string[]; more: boolean; source: 'file' | 'server' }> {
    const run = this.get(jobId);
    const local = run.job.download?.files.find((f) => f.url === url && f.state === 'done');
    if (local && run.job.download) return { ...(await previewFromFile(join(run.job.download.folder, local.fileName), lines)), source: 'file' };
    const manifest = run.job.manifest;
    // Only URLs the server listed: the renderer cannot make main send a token anywhere else.
    if (!manifest || ![...manifest.output, ...manifest.error].some((o) => o.url === url)) throw new AppFailure('NOT_FOUND', 'That file is not in this export\'s manifest.');
    const got = await previewFromServer(this.stream(), {
      url, profileId: run.profile.id, token: this.tokenSource(run, manifest.requiresAccessToken),
    }, lines);
    if (!got.ok) throw new AppFailure('HTTP_ERROR', `The file could not be read: ${got.status} ${got.statusText}${got.text ? ` (${outcomeSentence(outcomeFromText(got.text) ?? []) ?? got.text.slice(0, 200)})` : ''}.`);
    return { ...got.value, source: 'server' };
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
    void this.threads.dispose();
  }

  private async poll(run: Run): Promise<void> {
    const abort = new AbortController();
    run.polling = abort;
    const sleep = this.deps.sleep ?? abortableSleep;
    const { job } = run;
    let wait = 0;
    let trouble = 0;
    while (job.state === 'in-progress' && !abort.signal.aborted) {
      if (wait > 0) {
        job.nextPollAt = this.deps.clock.now() + wait;
        this.emit(run, true);
        try { await sleep(wait, abort.signal); } catch { return; }
        if (abort.signal.aborted) return;
      }
      let res: HttpResponse;
      try {
        res = await this.send(run, 'GET', job.statusUrl ?? '', { Accept: 'application/json' }, abort.signal);
      } catch (e) {
        if (abort.signal.aborted) return;
        if (++trouble > 3) return this.fail(run, { message: `Polling the export's status failed ${trouble} times in a row: ${(e as Error).message}` }, true);
        wait = DEFAULT_POLL_MS * 2 ** trouble;
        continue;
      }
      if (abort.signal.aborted) return;
      job.polls++;
      if (res.status === 202) {
        trouble = 0;
        const progress = readProgress(res.header('x-progress'));
        if (progress) job.progress = progress;
        wait = retryAfterMs(res.header('retry-after'), this.deps.clock.now());
        continue;
      }
      delete job.nextPollAt;
      if (res.status === 200) {
        try {
          job.manifest = parseManifest(res.bodyText);
          job.state = 'complete';
          job.completedAt = this.iso();
          job.progress = { text: 'Complete', percent: 100 };
        } catch (e) {
          this.fail(run, { message: (e as Error).message, status: 200 });
        }
        return this.emit(run, true);
      }
      const issues = outcomeFromText(res.bodyText);
      const transient = res.status === 429 || res.status === 503 || (res.status >= 500 && !!issues?.some((i) => i.code === 'transient'));
      if (transient && ++trouble <= 5) {
        job.progress = { text: `The server is busy (${res.status}); asking again later`, percent: job.progress?.percent };
        wait = retryAfterMs(res.header('retry-after'), this.deps.clock.now(), DEFAULT_POLL_MS * 2 ** trouble);
        continue;
      }
      return this.fail(run, refusal('The export', res), true);
    }
  }

  private async runDownloads(run: Run, signal: AbortSignal, requiresToken: boolean): Promise<void> {
    const dl = run.job.download;
    if (!dl) return;
    await downloadQueue({
      dl, signal, changed: (force) => this.emit(run, force),
      fetchFile: (file, onBytes) => {
        const target = { url: file.url, path: join(dl.folder, file.fileName), profileId: run.profile.id, signal, token: this.tokenSource(run, requiresToken), onBytes };
        // A replaced network (tests' fetch) streams in-process; otherwise the download thread does the work.
        return this.deps.fetch ? downloadToFile(this.stream(), target) : this.threads.download(target);
      },
    });
    dl.finishedAt = this.iso();
    if (run.downloading?.signal === signal) delete run.downloading;
    this.emit(run, true);
  }

  private stream() {
    return { fetch: this.deps.fetch, log: this.deps.log, beforeSend: this.deps.beforeSend };
  }

  private tokenSource(run: Run, requiresToken: boolean): TokenSource {
    return async (forceNew) => (requiresToken && run.profile.authMethod !== 'none' ? tokenFor(this.deps.tokens, run.profile, forceNew) : undefined);
  }

  /** Sends with the profile's token (none for auth method "none"), renewing it once after a 401. */
  private async send(run: Run, method: string, url: string, headers: Record<string, string>, signal?: AbortSignal): Promise<HttpResponse> {
    const once = (token?: AccessToken) => this.deps.http.send({
      method, url, purpose: 'bulk', profileId: run.profile.id, signal, followRedirects: method === 'GET',
      headers: token ? { ...headers, Authorization: authorizationValue(token) } : headers,
      sensitiveValues: token ? [token.accessToken] : [],
    });
    if (run.profile.authMethod === 'none') return once();
    const res = await once(await tokenFor(this.deps.tokens, run.profile, false));
    return res.status === 401 ? once(await tokenFor(this.deps.tokens, run.profile, true)) : res;
  }

  private fail(run: Run, error: NonNullable<BulkJob['error']>, emit = false): void {
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
