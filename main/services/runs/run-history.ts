import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { HistoryIndex, HistoryRecord, type HistoryEntry, type HistoryListing, type RunKind, type RunOutcome } from '../../../app/runs/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { JsonStore, nodeFs, type FsPort, type LoadOutcome } from '../../stores/index.ts';

/** The history's limits: the oldest runs leave once either is passed. */
export interface HistoryLimits {
  maxRuns: number;
  maxBytes: number;
}

/** Dependencies of the run history. */
export interface RunHistoryDeps {
  dataDir: string;
  /** Read on every record, so a changed setting applies to the next run (and `applyLimits` at once). */
  limits: () => HistoryLimits;
  fs?: FsPort;
  /** A run that could not be kept (disk full): said once in words, never thrown at the run. */
  onProblem?: (message: string) => void;
}

/** A finished run to keep. `run` is stored as given: it must already be masked (secrets, raw tokens). */
export interface RunToKeep {
  kind: RunKind;
  id: string;
  profileId?: string;
  title: string;
  startedAt: string;
  finishedAt?: string;
  outcome: RunOutcome;
  headline?: HistoryEntry['headline'];
  run: unknown;
}

const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
/** Bytes a record takes besides its JSON (the file's envelope). */
const ENVELOPE_BYTES = 64;

/**
 * Every run the app performs, kept in the data folder: `runs/index.json` lists the entries
 * (oldest first) and each run is its own file `runs/<id>.json`, so a new run writes its own
 * few kilobytes and a small index instead of rewriting every run kept.
 *
 * Bounded by size: at most `maxRuns` runs and `maxBytes` bytes (settings, default 1000 runs or
 * 50 MB); the oldest leave first. The index changes through JsonStore (each mutation applied to
 * the latest saved state in one queue); a run file is written (temp file, fsync, rename) before
 * the index names it, and deleted only after the index has dropped it, so the index never names
 * a missing file after a crash (files the index does not name are removed at the next start).
 *
 * Another process (a run report, `report --last` on the command line) reads the same files: it
 * sees an index and run files that are each whole, never half written.
 */
export class RunHistory {
  private readonly index: JsonStore<HistoryIndex>;
  private readonly fs: FsPort;
  private readonly dir: string;
  /** Records in order: two records of one run never race on its file. */
  private queue: Promise<unknown> = Promise.resolve();
  private problemSaid = false;

  constructor(private readonly deps: RunHistoryDeps) {
    this.fs = deps.fs ?? nodeFs;
    this.dir = join(deps.dataDir, 'runs');
    this.index = new JsonStore({ path: join(this.dir, 'index.json'), version: 1, schema: HistoryIndex, empty: () => ({ entries: [] }), fs: deps.fs, compact: true });
  }

  /** Loads the index and removes run files it does not name (left by a crash between the two writes). */
  async init(): Promise<LoadOutcome> {
    const outcome = await this.index.load();
    await this.removeOrphans().catch(() => undefined);
    return outcome;
  }

  /** Keeps a finished run (again, if it changed since), then applies the limits. Never throws. */
  record(run: RunToKeep): Promise<void> {
    const work = this.queue.then(() => this.recordNow(run)).catch((e: unknown) => {
      if (this.problemSaid) return;
      this.problemSaid = true;
      this.deps.onProblem?.(`A run could not be added to the run history (${e instanceof Error ? e.message : String(e)}); the app goes on without keeping it.`);
    });
    this.queue = work;
    return work;
  }

  /** The newest entries first, optionally of one kind or profile, with what the history holds. */
  async list(filter: { kind?: RunKind; profileId?: string; limit?: number } = {}): Promise<HistoryListing> {
    const { entries } = await this.index.read();
    const chosen = entries.filter((e) => (!filter.kind || e.kind === filter.kind) && (!filter.profileId || e.profileId === filter.profileId));
    return { entries: chosen.slice(-(filter.limit ?? 100)).reverse(), count: entries.length, bytes: entries.reduce((n, e) => n + e.bytes, 0) };
  }

  /** One run with its entry, or NOT_FOUND in words. */
  async get(id: string): Promise<HistoryRecord> {
    await this.queue;
    const { entries } = await this.index.read();
    if (!SAFE_ID.test(id) || !entries.some((e) => e.id === id)) throw new AppFailure('NOT_FOUND', 'That run is not in the run history (it may have been removed to keep the history within its limits).');
    try {
      const doc = JSON.parse((await this.fs.readFile(this.fileOf(id))).toString('utf8')) as { data?: unknown };
      return HistoryRecord.parse(doc.data);
    } catch (e) {
      throw new AppFailure('NOT_FOUND', `That run's file could not be read: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Settles once every record queued so far is on disk (shutdown, tests). */
  async flush(): Promise<void> {
    await this.queue;
  }

  /** Applies the limits now (after the settings changed). */
  applyLimits(): Promise<void> {
    const work = this.queue.then(() => this.prune());
    this.queue = work.catch(() => undefined);
    return work;
  }

  private async recordNow(run: RunToKeep): Promise<void> {
    if (!SAFE_ID.test(run.id)) throw new Error(`a run id that cannot name a file: ${JSON.stringify(run.id.slice(0, 40))}`);
    await this.index.load();
    const entry: HistoryEntry = {
      id: run.id, kind: run.kind, title: run.title, startedAt: run.startedAt, outcome: run.outcome, bytes: 0,
      ...(run.profileId ? { profileId: run.profileId } : {}), ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}), ...(run.headline ? { headline: run.headline } : {}),
    };
    const body = (e: HistoryEntry) => JSON.stringify({ version: 1, data: { entry: e, run: run.run } });
    // The size counted is the file's: measured once with a placeholder, then written with it.
    entry.bytes = Buffer.byteLength(body(entry), 'utf8') + ENVELOPE_BYTES;
    await this.writeRunFile(run.id, body(entry));
    await this.index.update((current) => {
      const at = current.entries.findIndex((e) => e.id === entry.id);
      const entries = at >= 0 ? current.entries.map((e, i) => (i === at ? entry : e)) : [...current.entries, entry];
      return { next: { entries }, result: undefined };
    });
    await this.prune();
  }

  /** Drops the oldest entries past the limits (the newest run always stays), then their files. */
  private async prune(): Promise<void> {
    const { maxRuns, maxBytes } = this.deps.limits();
    const dropped = await this.index.update((current) => {
      let total = current.entries.reduce((n, e) => n + e.bytes, 0);
      let from = 0;
      while (from < current.entries.length - 1 && (current.entries.length - from > maxRuns || total > maxBytes)) {
        total -= current.entries[from]!.bytes;
        from++;
      }
      if (from === 0) return { next: current, result: [] as string[] };
      return { next: { entries: current.entries.slice(from) }, result: current.entries.slice(0, from).map((e) => e.id) };
    });
    for (const id of dropped) await this.fs.unlink(this.fileOf(id)).catch(() => undefined);
  }

  private async writeRunFile(id: string, data: string): Promise<void> {
    await this.fs.mkdir(this.dir, 0o700);
    const tmp = join(this.dir, `.${id}.tmp-${randomBytes(4).toString('hex')}`);
    try {
      await this.fs.writeFileSynced(tmp, data, 0o600);
      await this.fs.rename(tmp, this.fileOf(id));
    } catch (e) {
      await this.fs.unlink(tmp).catch(() => undefined);
      throw e;
    }
    await this.fs.syncDir(this.dir);
  }

  private async removeOrphans(): Promise<void> {
    const named = new Set(this.index.state.entries.map((e) => `${e.id}.json`));
    for (const name of await this.fs.readdir(this.dir)) {
      if (name.startsWith('.index.json') || name.startsWith('index.json')) continue; // the index's own files (JsonStore)
      const stale = name.startsWith('.') && name.includes('.tmp-');
      if (stale || (name.endsWith('.json') && name !== 'index.json' && !named.has(name))) await this.fs.unlink(join(this.dir, name)).catch(() => undefined);
    }
  }

  private fileOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }
}
