import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import type { ImportReport, ProfileExport } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { ENDPOINT_FIELDS, migrateStoredProfiles, Profile, PROFILE_STORE_VERSION, ProfileInput, parseProfileImport, PROFILE_EXPORT_FORMAT } from '../../../app/profiles/index.ts';
import type { Clock, EventSink } from '../../ports.ts';
import { JsonStore, type LoadOutcome, type FsPort } from '../../stores/index.ts';

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
  private readonly store: JsonStore<ProfileList>;

  constructor(private readonly deps: ProfileServiceDeps) {
    this.store = new JsonStore(
      { path: join(deps.dataDir, 'profiles.json'), version: PROFILE_STORE_VERSION, migrate: migrateStoredProfiles, schema: ProfileList, empty: () => [], fs: deps.fs },
      async (data, outcome) => (outcome.kind === 'fresh' && deps.seed ? [...data, ...(await deps.seed()).map((input) => this.build(input))] : undefined),
    );
  }

  /** Loads the store once; reports how loading went (the caller turns recovery into a notice). */
  init(): Promise<LoadOutcome> {
    return this.store.load();
  }

  /** Lists profiles, optionally filtered by words in name, URL, client id, preset or notes. */
  async list(query?: string): Promise<Profile[]> {
    await this.init();
    const words = (query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const all = [...this.store.state].sort((a, b) => a.name.localeCompare(b.name));
    return words.length ? all.filter((p) => words.every((w) => haystack(p).includes(w))) : all;
  }

  /** One profile by id. */
  async get(id: string): Promise<Profile> {
    await this.init();
    return this.find(this.store.state, id);
  }

  /** Creates (no id) or replaces (id) a profile. */
  save(input: z.output<typeof ProfileInput>): Promise<Profile> {
    return this.mutate((list) => {
      const existing = input.id ? this.find(list, input.id) : undefined;
      const profile = this.build(input, existing);
      return { next: existing ? list.map((p) => (p.id === profile.id ? profile : p)) : [...list, profile], result: profile, changed: [profile.id] };
    });
  }

  /** Copies a profile under a new id and a "(copy)" name. */
  duplicate(id: string): Promise<Profile> {
    return this.mutate((list) => {
      const { id: _id, createdAt: _c, updatedAt: _u, ...fields } = this.find(list, id);
      const copy = this.build({ ...fields, name: copyName(list, fields.name) });
      return { next: [...list, copy], result: copy, changed: [copy.id] };
    });
  }

  /** Deletes a profile. */
  remove(id: string): Promise<{ id: string }> {
    return this.mutate((list) => {
      this.find(list, id);
      return { next: list.filter((p) => p.id !== id), result: { id }, changed: [id] };
    });
  }

  /**
   * Moves profiles created from the given presets from one origin to another (the built-in
   * sandbox had to change port); other profiles are never touched.
   */
  rebaseOrigin(presetIds: readonly string[], oldOrigin: string, newOrigin: string): Promise<number> {
    const swap = (u: string | undefined) => (u && u.startsWith(oldOrigin) ? newOrigin + u.slice(oldOrigin.length) : u);
    return this.mutate((list) => {
      const changed: string[] = [];
      const next = list.map((p) => {
        if (!p.presetId || !presetIds.includes(p.presetId) || !p.fhirBaseUrl.startsWith(oldOrigin)) return p;
        changed.push(p.id);
        const moved: Profile = { ...p, fhirBaseUrl: swap(p.fhirBaseUrl)!, discovered: undefined };
        for (const field of Object.values(ENDPOINT_FIELDS)) moved[field] = swap(p[field]);
        return moved;
      });
      return { next: changed.length ? next : list, result: changed.length, changed };
    });
  }

  /** Exports the chosen (or all) profiles as JSON; profiles hold no secrets by design. */
  async exportJson(ids?: string[]): Promise<ProfileExport> {
    const all = await this.store.read();
    const chosen = ids?.length ? all.filter((p) => ids.includes(p.id)) : all;
    const json = JSON.stringify({ format: PROFILE_EXPORT_FORMAT, exportedAt: new Date(this.deps.clock.now()).toISOString(), profiles: chosen }, null, 2);
    return { fileName: `fhir-auth-explorer-profiles-${new Date(this.deps.clock.now()).toISOString().slice(0, 10)}.json`, json, count: chosen.length };
  }

  /** Imports profiles from JSON text; valid entries get fresh ids, invalid ones are reported. */
  async importJson(json: string): Promise<ImportReport> {
    const parsed = parseProfileImport(json);
    return this.mutate((list) => {
      const imported = parsed.valid.map((input) => this.build({ ...input, id: undefined }));
      return { next: imported.length ? [...list, ...imported] : list, result: { imported, rejected: parsed.rejected }, changed: imported.map((p) => p.id) };
    });
  }

  private find(list: ProfileList, id: string): Profile {
    const found = list.find((p) => p.id === id);
    if (!found) throw new AppFailure('NOT_FOUND', `No profile with id ${id}; it may have been deleted.`);
    return found;
  }

  private build(input: z.input<typeof ProfileInput>, existing?: Profile): Profile {
    const now = new Date(this.deps.clock.now()).toISOString();
    const fields = ProfileInput.parse(input);
    return { ...fields, id: existing?.id ?? randomUUID(), createdAt: existing?.createdAt ?? now, updatedAt: now };
  }

  /** One serialised change of the list; `changed` ids are announced once it is saved. */
  private async mutate<R>(change: (list: ProfileList) => { next: ProfileList; result: R; changed: string[] }): Promise<R> {
    const { result, changed } = await this.store.update((list) => {
      const out = change(list);
      return { next: out.next, result: { result: out.result, changed: out.next === list ? [] : out.changed } };
    });
    if (changed.length) this.deps.events.emit('profiles:changed', { ids: changed });
    return result;
  }
}

/** A "(copy)" name not yet taken, within the 120-character name limit. */
function copyName(list: ProfileList, name: string): string {
  const names = new Set(list.map((p) => p.name));
  for (let n = 1; ; n++) {
    const suffix = ` (copy${n > 1 ? ` ${n}` : ''})`;
    const candidate = name.slice(0, 120 - suffix.length) + suffix;
    if (!names.has(candidate)) return candidate;
  }
}
