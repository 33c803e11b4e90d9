import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { ConsoleHistoryEntry } from '../../../app/contract/index.ts';
import type { Clock } from '../../ports.ts';
import { AtomicJsonFile, type LoadOutcome, type FsPort } from '../../stores/index.ts';

/** Entries kept per profile (oldest dropped first). */
export const HISTORY_PER_PROFILE = 100;
/** Request bodies larger than this are not remembered (the entry says so). */
export const HISTORY_MAX_BODY = 64 * 1024;
/** Headers never written to disk: they carry credentials. */
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);

const Row = z.object({ name: z.string(), value: z.string(), enabled: z.boolean() });
const Entry = z.object({
  id: z.string(), at: z.string(), profileId: z.string(),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']),
  path: z.string(), query: z.array(Row), headers: z.array(Row), body: z.string().optional(),
  status: z.number().optional(), durationMs: z.number().optional(), size: z.number().optional(), error: z.string().optional(),
});
const Doc = z.record(z.string(), z.array(Entry));

/**
 * The console's per-profile request history, kept across restarts.
 *
 * Why: developers re-run the same handful of searches against a server many times. The file
 * holds requests and outcomes only: no response bodies, no tokens, no credential headers.
 */
export class ConsoleHistory {
  private data: Record<string, ConsoleHistoryEntry[]> = {};
  private readonly file: AtomicJsonFile<Record<string, ConsoleHistoryEntry[]>>;
  private ready: Promise<LoadOutcome> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly deps: { dataDir: string; clock: Clock; fs?: FsPort; onProblem?: (message: string) => void }) {
    this.file = new AtomicJsonFile({ path: join(deps.dataDir, 'console-history.json'), version: 1, schema: Doc, empty: () => ({}), fs: deps.fs });
  }

  /** Loads the file (a corrupt one is moved aside by the store; the outcome says so). */
  init(): Promise<LoadOutcome> {
    this.ready ??= this.file.load().then(({ data, outcome }) => { this.data = data; return outcome; });
    return this.ready;
  }

  /** Newest first. */
  async list(profileId: string): Promise<ConsoleHistoryEntry[]> {
    await this.init();
    return [...(this.data[profileId] ?? [])].reverse();
  }

  /**
   * Remembers one request and how it ended; returns the entry at once and writes the file in
   * the background (a response should not wait for a disk flush). A failed write is reported.
   */
  async add(entry: Omit<ConsoleHistoryEntry, 'id' | 'at'>): Promise<ConsoleHistoryEntry> {
    await this.init();
    const keep = (rows: ConsoleHistoryEntry['headers']) => rows.filter((h) => !CREDENTIAL_HEADERS.has(h.name.trim().toLowerCase()));
    const full: ConsoleHistoryEntry = {
      ...entry,
      id: randomUUID(),
      at: new Date(this.deps.clock.now()).toISOString(),
      headers: keep(entry.headers),
      body: entry.body !== undefined && entry.body.length <= HISTORY_MAX_BODY ? entry.body : undefined,
    };
    if (full.body === undefined) delete full.body;
    const list = [...(this.data[entry.profileId] ?? []), full].slice(-HISTORY_PER_PROFILE);
    this.data = { ...this.data, [entry.profileId]: list };
    const snapshot = this.data;
    this.saving = this.file.save(snapshot).catch((e: unknown) => {
      (this.deps.onProblem ?? console.error)(`The console history could not be saved: ${e instanceof Error ? e.message : String(e)}`);
    });
    return full;
  }

  /** Waits for pending writes (shutdown, tests). */
  flush(): Promise<void> {
    return this.saving;
  }

  /** Forgets one profile's history. */
  async clear(profileId: string): Promise<{ cleared: number }> {
    await this.init();
    const cleared = this.data[profileId]?.length ?? 0;
    const { [profileId]: _gone, ...rest } = this.data;
    this.data = rest;
    await this.file.save(this.data);
    return { cleared };
  }
}
