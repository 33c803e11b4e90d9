import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { z } from 'zod';
import { AppFailure } from '../../app/result/index.ts';
import { isNotFound, nodeFs, type FsPort } from './fs-port.ts';

/** What loading found, so the caller can tell the user (never silently). */
export type LoadOutcome =
  | { kind: 'fresh' }
  | { kind: 'loaded' }
  | { kind: 'recovered'; movedAside: string; reason: string; restoredFromBackup: boolean };

/** Options of one versioned JSON document on disk. */
export interface AtomicJsonFileOptions<T> {
  path: string;
  version: number;
  schema: z.ZodType<T>;
  empty: () => T;
  /** Upgrades documents written with an older `version`. */
  migrate?: (data: unknown, fromVersion: number) => unknown;
  fs?: FsPort;
  /** 0o600 for files holding anything sensitive. */
  mode?: number;
  /** Write without indentation (large, machine-read documents such as the activity log). */
  compact?: boolean;
}

const envelope = (version: number, data: unknown, compact?: boolean) => JSON.stringify({ version, savedAt: new Date().toISOString(), data }, null, compact ? undefined : 2);

/**
 * One JSON document saved atomically with a backup, for profiles, keys, secrets and logs.
 *
 * Save = write a temp file, fsync it, copy the current file to `.bak`, rename the temp file
 * over the current one, fsync the folder. Any crash leaves either the old or the new file in
 * place. Load never overwrites an unreadable file: it is moved aside, the backup is used if
 * it is good, and the outcome says so for the user.
 */
export class AtomicJsonFile<T> {
  private readonly fs: FsPort;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: AtomicJsonFileOptions<T>) {
    this.fs = opts.fs ?? nodeFs;
  }

  get path(): string { return this.opts.path; }

  /** Reads the document, recovering from a corrupt file as described above. */
  async load(): Promise<{ data: T; outcome: LoadOutcome }> {
    await this.fs.mkdir(dirname(this.opts.path), 0o700);
    await this.removeStaleTemps();
    const main = await this.read(this.opts.path);
    if (main.kind === 'ok') return { data: main.data, outcome: { kind: 'loaded' } };
    if (main.kind === 'missing') {
      const bak = await this.read(`${this.opts.path}.bak`);
      if (bak.kind === 'ok') return { data: bak.data, outcome: { kind: 'loaded' } };
      return { data: this.opts.empty(), outcome: { kind: 'fresh' } };
    }
    const movedAside = `${this.opts.path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
    await this.fs.rename(this.opts.path, movedAside);
    const bak = await this.read(`${this.opts.path}.bak`);
    const restored = bak.kind === 'ok';
    return {
      data: restored ? bak.data : this.opts.empty(),
      outcome: { kind: 'recovered', movedAside, reason: main.reason, restoredFromBackup: restored },
    };
  }

  /** Saves the document; saves are serialized so concurrent callers cannot interleave. */
  save(data: T): Promise<void> {
    const run = this.queue.then(() => this.write(data));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(data: T): Promise<void> {
    const { path } = this.opts;
    const dir = dirname(path);
    const tmp = join(dir, `.${basename(path)}.tmp-${randomBytes(6).toString('hex')}`);
    try {
      await this.fs.mkdir(dir, 0o700);
      await this.fs.writeFileSynced(tmp, envelope(this.opts.version, data, this.opts.compact), this.opts.mode ?? 0o600);
      try {
        await this.fs.copyFile(path, `${path}.bak`);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      await this.fs.rename(tmp, path);
      await this.fs.syncDir(dir);
    } catch (e) {
      await this.fs.unlink(tmp).catch(() => undefined);
      throw new AppFailure('STORE_IO', `Could not save ${basename(path)}: ${e instanceof Error ? e.message : String(e)}. Your previous data is unchanged.`);
    }
  }

  private async read(path: string): Promise<{ kind: 'ok'; data: T } | { kind: 'missing' } | { kind: 'bad'; reason: string }> {
    let text: string;
    try {
      text = (await this.fs.readFile(path)).toString('utf8');
    } catch (e) {
      if (isNotFound(e)) return { kind: 'missing' };
      return { kind: 'bad', reason: `cannot be read (${(e as Error).message})` };
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      return { kind: 'bad', reason: `is not valid JSON (${(e as Error).message})` };
    }
    const env = doc as { version?: unknown; data?: unknown };
    if (!env || typeof env !== 'object' || typeof env.version !== 'number' || !('data' in env)) {
      return { kind: 'bad', reason: 'is not a document this app wrote (no version/data)' };
    }
    if (env.version > this.opts.version) {
      return { kind: 'bad', reason: `was written by a newer version of the app (format ${env.version}, this app reads ${this.opts.version})` };
    }
    const migrated = env.version < this.opts.version && this.opts.migrate ? this.opts.migrate(env.data, env.version) : env.data;
    const parsed = this.opts.schema.safeParse(migrated);
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return { kind: 'bad', reason: `does not match the expected format (${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'})` };
    }
    return { kind: 'ok', data: parsed.data };
  }

  private async removeStaleTemps(): Promise<void> {
    const dir = dirname(this.opts.path);
    const prefix = `.${basename(this.opts.path)}.tmp-`;
    let names: string[] = [];
    try {
      names = await this.fs.readdir(dir);
    } catch {
      return;
    }
    await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => this.fs.unlink(join(dir, n)).catch(() => undefined)));
  }
}
