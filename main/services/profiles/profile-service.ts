import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { ImportReport, ProfileExport } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { Profile, ProfileInput, parseProfileImport, PROFILE_EXPORT_FORMAT } from '../../../app/profiles/index.ts';
import type { Clock, EventSink } from '../../ports.ts';
import { AtomicJsonFile, type LoadOutcome, type FsPort } from '../../stores/index.ts';

const ProfileList = z.array(Profile);
type ProfileList = z.infer<typeof ProfileList>;

/** Dependencies of the profile service. */
export interface ProfileServiceDeps {
  dataDir: string;
  clock: Clock;
  events: EventSink;
  fs?: FsPort;
  /** Profiles a fresh install starts with (the local sandbox's). */
  seed?: () => Promise<ProfileInput[]>;
}

/** Lowercased text a search query is matched against. */
const haystack = (p: Profile) => [p.name, p.fhirBaseUrl, p.clientId, p.presetId ?? '', p.notes, p.scopes].join('\n').toLowerCase();

/**
 * Server profiles: the user's saved servers, persisted in the user-data folder.
 *
 * Every change is saved atomically before it is acknowledged, so a crash can lose at most the
 * change in flight, never what was saved before.
 */
export class ProfileService {
  private readonly file: AtomicJsonFile<ProfileList>;
  private profiles: ProfileList = [];
  private ready: Promise<LoadOutcome> | undefined;

  constructor(private readonly deps: ProfileServiceDeps) {
    this.file = new AtomicJsonFile({ path: join(deps.dataDir, 'profiles.json'), version: 1, schema: ProfileList, empty: () => [], fs: deps.fs });
  }

  /** Loads the store once; reports how loading went (the caller turns recovery into a notice). */
  init(): Promise<LoadOutcome> {
    this.ready ??= (async () => {
      const { data, outcome } = await this.file.load();
      this.profiles = data;
      if (outcome.kind === 'fresh' && this.deps.seed) {
        for (const input of await this.deps.seed()) this.profiles.push(this.build(input));
        if (this.profiles.length) await this.file.save(this.profiles);
      }
      return outcome;
    })();
    return this.ready;
  }

  /** Lists profiles, optionally filtered by words in name, URL, client id, preset or notes. */
  async list(query?: string): Promise<Profile[]> {
    await this.init();
    const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const all = [...this.profiles].sort((a, b) => a.name.localeCompare(b.name));
    return words.length ? all.filter((p) => words.every((w) => haystack(p).includes(w))) : all;
  }

  /** One profile by id. */
  async get(id: string): Promise<Profile> {
    await this.init();
    const found = this.profiles.find((p) => p.id === id);
    if (!found) throw new AppFailure('NOT_FOUND', `No profile with id ${id}; it may have been deleted.`);
    return found;
  }

  /** Creates (no id) or replaces (id) a profile. */
  async save(input: z.output<typeof ProfileInput>): Promise<Profile> {
    await this.init();
    const existing = input.id ? this.profiles.find((p) => p.id === input.id) : undefined;
    if (input.id && !existing) throw new AppFailure('NOT_FOUND', `No profile with id ${input.id}; it may have been deleted.`);
    const profile = this.build(input, existing);
    await this.commit(existing ? this.profiles.map((p) => (p.id === profile.id ? profile : p)) : [...this.profiles, profile], [profile.id]);
    return profile;
  }

  /** Copies a profile under a new id and a "(copy)" name. */
  async duplicate(id: string): Promise<Profile> {
    const source = await this.get(id);
    const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = source;
    const copy = this.build({ ...fields, name: this.copyName(source.name) });
    await this.commit([...this.profiles, copy], [copy.id]);
    return copy;
  }

  /** Deletes a profile. */
  async remove(id: string): Promise<{ id: string }> {
    await this.get(id);
    await this.commit(this.profiles.filter((p) => p.id !== id), [id]);
    return { id };
  }

  /**
   * Moves profiles created from the given presets from one origin to another (the built-in
   * sandbox had to change port); other profiles are never touched.
   */
  async rebaseOrigin(presetIds: readonly string[], oldOrigin: string, newOrigin: string): Promise<number> {
    await this.init();
    const swap = (u: string | undefined) => (u && u.startsWith(oldOrigin) ? newOrigin + u.slice(oldOrigin.length) : u);
    const changed: string[] = [];
    const next = this.profiles.map((p) => {
      if (!p.presetId || !presetIds.includes(p.presetId) || !p.fhirBaseUrl.startsWith(oldOrigin)) return p;
      changed.push(p.id);
      return { ...p, fhirBaseUrl: swap(p.fhirBaseUrl)!, tokenEndpoint: swap(p.tokenEndpoint), authorizeEndpoint: swap(p.authorizeEndpoint), discovered: undefined };
    });
    if (changed.length) await this.commit(next, changed);
    return changed.length;
  }

  /** Exports the chosen (or all) profiles as JSON; profiles hold no secrets by design. */
  async exportJson(ids?: string[]): Promise<ProfileExport> {
    await this.init();
    const chosen = ids?.length ? this.profiles.filter((p) => ids.includes(p.id)) : this.profiles;
    const json = JSON.stringify({ format: PROFILE_EXPORT_FORMAT, exportedAt: new Date(this.deps.clock.now()).toISOString(), profiles: chosen }, null, 2);
    return { fileName: `fhir-auth-explorer-profiles-${new Date(this.deps.clock.now()).toISOString().slice(0, 10)}.json`, json, count: chosen.length };
  }

  /** Imports profiles from JSON text; valid entries get fresh ids, invalid ones are reported. */
  async importJson(json: string): Promise<ImportReport> {
    await this.init();
    const parsed = parseProfileImport(json);
    const imported = parsed.valid.map((input) => this.build({ ...input, id: undefined }));
    if (imported.length) await this.commit([...this.profiles, ...imported], imported.map((p) => p.id));
    return { imported, rejected: parsed.rejected };
  }

  private build(input: z.input<typeof ProfileInput>, existing?: Profile): Profile {
    const now = new Date(this.deps.clock.now()).toISOString();
    const fields = ProfileInput.parse(input);
    return { ...fields, id: existing?.id ?? randomUUID(), createdAt: existing?.createdAt ?? now, updatedAt: now };
  }

  private copyName(name: string): string {
    const names = new Set(this.profiles.map((p) => p.name));
    for (let n = 1; ; n++) {
      const suffix = ` (copy${n > 1 ? ` ${n}` : ''})`;
      const candidate = name.slice(0, 120 - suffix.length) + suffix;
      if (!names.has(candidate)) return candidate;
    }
  }

  private async commit(next: ProfileList, changed: string[]): Promise<void> {
    await this.file.save(next);
    this.profiles = next;
    this.deps.events.emit('profiles:changed', { ids: changed });
  }
}
