import { join } from 'node:path';
import { outputFileName } from '../../../app/bulk/index.ts';
import type { BulkJob } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { outcomeFromText, outcomeSentence } from '../../../app/console/index.ts';
import type { Profile } from '../../../app/profiles/index.ts';
import type { Clock } from '../../ports.ts';
import type { ExchangeLog } from '../../http/index.ts';
import { tokenFor, type TokenProvider } from '../tokens/index.ts';
import { downloadToFile, previewFromFile, previewFromServer, type TokenSource } from './bulk-downloader.ts';
import { downloadQueue } from './download-queue.ts';
import type { FolderPicker } from './folder-picker.ts';
import { ThreadDownloader } from './thread-downloader.ts';

/** The ports file work needs (a subset of the runner's), so it can be built from the runner's deps as they are. */
export interface ExportFilesDeps {
  log: ExchangeLog;
  fetch?: typeof fetch;
  beforeSend?: (url: string) => Promise<void>;
  tokens: TokenProvider;
  clock: Clock;
  folders: FolderPicker;
}

/** The part of the runner's record of a job that file work reads and writes; the rest stays the runner's. */
export interface FilesRun { job: BulkJob; profile: Profile; downloading?: AbortController }

/** How file work hands a job change back to the runner, which alone pushes events and copies jobs. */
export interface JobReport {
  /** Pushes the job; with `force` false (byte progress) the runner throttles it. */
  emit(force?: boolean): void;
  /** A copy of the job, safe to return to the caller. */
  snapshot(): BulkJob;
}

/**
 * A finished export's files: streaming the manifest's output into a folder the user picks
 * (through the download thread, or in-process when the network is replaced), and previewing
 * the first NDJSON lines of any output or error file.
 *
 * Why separate: the runner decides what happens to a job; this owns the download thread and
 * everything about the files once the manifest is known, so each file holds one concept.
 */
export class ExportOutputFiles {
  private readonly threads: ThreadDownloader;

  constructor(private readonly deps: ExportFilesDeps) {
    this.threads = new ThreadDownloader({ log: deps.log, beforeSend: deps.beforeSend });
  }

  /** Starts the download thread early, since files will follow an export (not needed with a replaced fetch). */
  warm(): void {
    if (!this.deps.fetch) this.threads.warm();
  }

  /** Starts streaming the manifest's files (all, or `urls`) into a chosen folder; progress is reported as it goes. */
  async download(run: FilesRun, urls: string[] | undefined, report: JobReport): Promise<BulkJob> {
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
    report.emit(true);
    void this.runDownloads(run, abort.signal, manifest.requiresAccessToken, report);
    return report.snapshot();
  }

  /** The first NDJSON lines of an output or error file: from disk once downloaded, else from the server. */
  async preview(run: FilesRun, url: string, lines: number): Promise<{ lines: string[]; more: boolean; source: 'file' | 'server' }> {
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

  /** Stops the download thread (shutdown); the runner aborts the downloads themselves. */
  dispose(): void {
    void this.threads.dispose();
  }

  private async runDownloads(run: FilesRun, signal: AbortSignal, requiresToken: boolean, report: JobReport): Promise<void> {
    const dl = run.job.download;
    if (!dl) return;
    await downloadQueue({
      dl, signal, changed: (force) => report.emit(force),
      fetchFile: (file, onBytes) => {
        const target = { url: file.url, path: join(dl.folder, file.fileName), profileId: run.profile.id, signal, token: this.tokenSource(run, requiresToken), onBytes };
        // A replaced network (tests' fetch) streams in-process; otherwise the download thread does the work.
        return this.deps.fetch ? downloadToFile(this.stream(), target) : this.threads.download(target);
      },
    });
    dl.finishedAt = this.iso();
    if (run.downloading?.signal === signal) delete run.downloading;
    report.emit(true);
  }

  private stream() {
    return { fetch: this.deps.fetch, log: this.deps.log, beforeSend: this.deps.beforeSend };
  }

  private tokenSource(run: FilesRun, requiresToken: boolean): TokenSource {
    return async (forceNew) => (requiresToken && run.profile.authMethod !== 'none' ? tokenFor(this.deps.tokens, run.profile, forceNew) : undefined);
  }

  private iso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}
