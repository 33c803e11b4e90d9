import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { toHar, redactBody, redactHeaders, redactUrl, redactValues, type ActivityEntry, type ActivitySummary, type RawExchange } from '../../../app/activity/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import type { Clock, EventSink, SecretCipher } from '../../ports.ts';
import { AtomicJsonFile } from '../../stores/index.ts';
import type { Diagnosis } from '../../../app/diagnosis/index.ts';
import { diagnoseEntry } from './entry-diagnosis.ts';

export type { RawExchange };

const Stored = z.object({ entry: z.custom<ActivityEntry>((v) => !!v && typeof v === 'object'), sealedRaw: z.string().optional() });
type Stored = z.infer<typeof Stored>;

/** Limits that keep the log small on disk. */
export interface ActivityLogLimits { maxEntries: number; maxBodyChars: number }

const contentType = (h: ActivityEntry['requestHeaders']) => h.find((x) => x.name.toLowerCase() === 'content-type')?.value;
const cut = (s: string | undefined, max: number) => (s !== undefined && s.length > max ? s.slice(0, max) : s);

/** Cuts both bodies to the log's limit; a cut response body is flagged. */
function bounded(e: ActivityEntry, max: number): ActivityEntry {
  const responseCut = e.responseBody !== undefined && e.responseBody.length > max;
  return { ...e, requestBody: cut(e.requestBody, max), responseBody: cut(e.responseBody, max), responseTruncated: !!e.responseTruncated || responseCut };
}

/** A save waits for this much quiet after the last new entry… */
const SAVE_QUIET_MS = 1000;
/** …but never longer than this after the first unsaved one. */
const SAVE_MAX_WAIT_MS = 10_000;

/**
 * Every HTTP exchange main performs, kept across restarts and bounded in size.
 *
 * What is stored in the clear and shown is redacted (secrets, Authorization headers, assertion
 * signatures, tokens); the original is sealed with the secret cipher and opened only by
 * `reveal`, an explicit user action.
 */
export class ActivityLog {
  private entries: Stored[] = [];
  private readonly file: AtomicJsonFile<Stored[]>;
  private saveTimer: NodeJS.Timeout | undefined;
  private lastChange = 0;
  private dirtySince: number | undefined;
  private pending: Promise<void> = Promise.resolve();
  private readonly queue: { raw: RawExchange; sensitive: readonly string[]; id: string; atMs: number }[] = [];
  private drainScheduled = false;
  private ready: Promise<void> | undefined;
  /** Diagnoses by entry id: noted by the service that made the exchange, or computed from the entry when first asked. */
  private readonly diagnoses = new Map<string, Diagnosis>();

  constructor(private readonly deps: { dataDir: string; cipher: SecretCipher; clock: Clock; events: EventSink; limits?: Partial<ActivityLogLimits> }) {
    this.file = new AtomicJsonFile({ path: join(deps.dataDir, 'activity.json'), version: 1, schema: z.array(Stored), empty: () => [], compact: true });
  }

  private get limits(): ActivityLogLimits {
    return { maxEntries: 500, maxBodyChars: 256 * 1024, ...this.deps.limits };
  }

  /** Loads the log; an unreadable log is moved aside by the store and starts empty. */
  init(): Promise<void> {
    this.ready ??= this.file.load().then(({ data }) => { this.entries = data; });
    return this.ready;
  }

  /** Records an exchange; `sensitive` lists extra values to hide (the client secret, tokens sent). */
  record(raw: RawExchange, sensitive: readonly string[] = []): Promise<string> {
    return Promise.resolve(this.recordNow(raw, sensitive));
  }

  /** `record` for the request path: the entry's id at once, its redaction and storage queued. */
  recordNow(raw: RawExchange, sensitive: readonly string[] = []): string {
    const id = randomUUID();
    this.queue.push({ raw, sensitive, id, atMs: this.deps.clock.now() });
    if (!this.drainScheduled) {
      this.drainScheduled = true;
      // Redaction and sealing run in a later macrotask, once the caller has finished with its
      // response (a plain `.then` would run them in a microtask before the caller resumes);
      // every reader awaits `pending`, so nothing can observe the log before the entry is in.
      this.pending = this.pending
        .then(() => this.init())
        .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
        .then(() => this.drain())
        .catch((e: unknown) => {
          this.drainScheduled = false;
          console.error('[activity] could not record exchanges:', e);
        });
    }
    return id;
  }

  /** Appends every queued exchange; one failing entry does not hold up the others. */
  private async drain(): Promise<void> {
    this.drainScheduled = false;
    for (let item = this.queue.shift(); item; item = this.queue.shift()) {
      try {
        await this.append(item.raw, item.sensitive, item.id, new Date(item.atMs).toISOString());
      } catch (e) {
        console.error('[activity] could not record an exchange:', e);
      }
    }
  }

  private async append(raw: RawExchange, sensitive: readonly string[], id: string, at: string): Promise<void> {
    const max = this.limits.maxBodyChars;
    // Bodies far over the limit are cut to a few times the limit before redaction, so a 20 MB
    // answer is never parsed and re-serialized whole; the text fallback of the redactor still
    // hides token members in the cut JSON, and the final cut below bounds what is stored.
    const precut = (s: string | undefined) => (s !== undefined && s.length > 4 * max ? s.slice(0, 4 * max) : s);
    const full: ActivityEntry = { ...raw, requestBody: precut(raw.requestBody), responseBody: precut(raw.responseBody), responseTruncated: raw.responseTruncated || (raw.responseBody?.length ?? 0) > 4 * max, id, at, redacted: false };
    // Redact the whole exchange first and cut afterwards: cutting first breaks JSON (so token
    // members go unrecognised) and can split a known secret so that half of it stays readable.
    const redacted: ActivityEntry = {
      ...full,
      url: redactUrl(full.url, sensitive),
      requestHeaders: redactHeaders(full.requestHeaders, sensitive),
      requestBody: redactBody(full.requestBody, contentType(full.requestHeaders), sensitive),
      responseHeaders: redactHeaders(full.responseHeaders, sensitive),
      responseBody: redactBody(full.responseBody, contentType(full.responseHeaders), sensitive),
      ...(full.error ? { error: { code: full.error.code, message: redactValues(full.error.message, sensitive), ...(full.error.networkCode ? { networkCode: full.error.networkCode } : {}) } } : {}),
      redacted: true,
    };
    const sameHeaders = (a: ActivityEntry['requestHeaders'], b: ActivityEntry['requestHeaders']) => a.length === b.length && a.every((h, i) => h.value === b[i]?.value);
    const changed = redacted.url !== full.url || redacted.requestBody !== full.requestBody || redacted.responseBody !== full.responseBody
      || redacted.error?.message !== full.error?.message
      || !sameHeaders(redacted.requestHeaders, full.requestHeaders) || !sameHeaders(redacted.responseHeaders, full.responseHeaders);
    const original = bounded(full, max);
    const entry = bounded(redacted, max);
    const sealedRaw = changed ? await this.deps.cipher.encrypt(JSON.stringify(original)) : undefined;
    this.entries.push(sealedRaw ? { entry, sealedRaw } : { entry });
    if (this.entries.length > this.limits.maxEntries) this.entries.splice(0, this.entries.length - this.limits.maxEntries);
    this.scheduleSave();
    this.deps.events.emit('activity:appended', { id });
  }

  /**
   * Records the diagnosis a service made of one of its exchanges (it knew more than the log: the
   * key set the server holds, the jti values used before), so the entry shows the same headline.
   */
  note(id: string, diagnosis: Diagnosis): void {
    this.diagnoses.set(id, diagnosis);
    if (this.diagnoses.size > this.limits.maxEntries) this.diagnoses.delete(this.diagnoses.keys().next().value as string);
    const stored = this.entries.find((s) => s.entry.id === id);
    if (stored && diagnosis.headline) {
      stored.entry.headline = headlineOf(diagnosis);
      this.scheduleSave();
    }
  }

  /** The entry's diagnosis: the one its service noted, else diagnose() of the entry as logged (computed once). */
  private async diagnosisOf(entry: ActivityEntry): Promise<Diagnosis> {
    const known = this.diagnoses.get(entry.id);
    if (known) return known;
    const d = await diagnoseEntry(entry);
    this.diagnoses.set(entry.id, d);
    if (d.headline && !entry.headline) entry.headline = headlineOf(d);
    return d;
  }

  /** Newest first, optionally for one profile or purpose; failed exchanges carry their headline. */
  async list(filter: { profileId?: string; purpose?: string; limit?: number } = {}): Promise<ActivitySummary[]> {
    await this.init();
    await this.pending;
    const chosen = this.entries
      .map((s) => s.entry)
      .filter((e) => (!filter.profileId || e.profileId === filter.profileId) && (!filter.purpose || e.purpose === filter.purpose))
      .reverse()
      .slice(0, filter.limit ?? 200);
    for (const e of chosen) {
      const noted = this.diagnoses.get(e.id);
      if (noted?.headline) e.headline ??= headlineOf(noted);
      else if (!e.headline && (e.error || (e.status ?? 0) >= 400)) await this.diagnosisOf(e).catch(() => undefined);
    }
    return chosen.map(({ id, at, purpose, profileId, method, url, status, timings, error, headline }) => ({ id, at, purpose, profileId, method, url, status, timings, error, ...(headline ? { headline } : {}) }));
  }

  /** One entry, redacted, with its diagnosis. */
  async get(id: string): Promise<ActivityEntry> {
    const entry = await this.stored(id);
    return { ...entry, diagnosis: await this.diagnosisOf(entry) };
  }

  private async stored(id: string): Promise<ActivityEntry> {
    await this.init();
    await this.pending;
    const found = this.entries.find((s) => s.entry.id === id);
    if (!found) throw new AppFailure('NOT_FOUND', `That activity entry is gone (the log keeps the latest ${this.limits.maxEntries}).`);
    return found.entry;
  }

  /** One entry with its secrets shown: only on the user's explicit request. */
  async reveal(id: string): Promise<ActivityEntry> {
    const entry = await this.get(id);
    const sealed = this.entries.find((s) => s.entry.id === id)?.sealedRaw;
    if (!sealed) return { ...entry, redacted: false };
    try {
      return { ...(JSON.parse(await this.deps.cipher.decrypt(sealed)) as ActivityEntry), ...(entry.diagnosis ? { diagnosis: entry.diagnosis } : {}), ...(entry.headline ? { headline: entry.headline } : {}) };
    } catch (e) {
      throw new AppFailure('SECRET_MISSING', `The original of this entry cannot be decrypted (${(e as Error).message}); only the redacted copy is available.`);
    }
  }

  /** Empties the log. */
  async clear(): Promise<{ cleared: number }> {
    await this.init();
    await this.pending;
    const cleared = this.entries.length;
    this.entries = [];
    await this.file.save(this.entries);
    return { cleared };
  }

  /** HAR 1.2 of the chosen (or all) entries, always redacted. */
  async exportHar(version: string, ids?: string[]): Promise<{ fileName: string; json: string; count: number }> {
    await this.init();
    await this.pending;
    const chosen = this.entries.map((s) => s.entry).filter((e) => !ids?.length || ids.includes(e.id));
    const stamp = new Date(this.deps.clock.now()).toISOString().replace(/[:.]/g, '-').slice(0, 19);
    return { fileName: `fhir-auth-explorer-${stamp}.har`, json: JSON.stringify(toHar(chosen, version), null, 2), count: chosen.length };
  }

  /** Writes pending entries now (shutdown). */
  async flush(): Promise<void> {
    await this.pending;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.dirtySince = undefined;
    if (this.ready) await this.file.save(this.entries);
  }

  /**
   * Saves once the log has been quiet for a second, and at least every ten seconds while it is
   * busy: each save writes the whole log (megabytes when full), so a burst of requests (a
   * console session, a benchmark) must not rewrite it every second.
   */
  private scheduleSave(): void {
    const now = performance.now();
    this.lastChange = now;
    this.dirtySince ??= now;
    if (!this.saveTimer) this.armSave(SAVE_QUIET_MS);
  }

  private armSave(ms: number): void {
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      const now = performance.now();
      const quietFor = now - this.lastChange;
      const dirtyFor = now - (this.dirtySince ?? now);
      if (quietFor < SAVE_QUIET_MS && dirtyFor < SAVE_MAX_WAIT_MS) {
        this.armSave(Math.min(SAVE_QUIET_MS - quietFor, SAVE_MAX_WAIT_MS - dirtyFor));
        return;
      }
      this.dirtySince = undefined;
      this.file.save(this.entries).catch((e: unknown) => console.error('[activity] could not save the log:', e));
    }, ms);
    this.saveTimer.unref?.();
  }
}

/** The part of a diagnosis an entry keeps. */
function headlineOf(d: Diagnosis): NonNullable<ActivityEntry['headline']> {
  const h = d.headline as NonNullable<Diagnosis['headline']>;
  return { rule: h.rule, severity: h.severity, message: h.message };
}
