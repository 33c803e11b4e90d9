import { join } from 'node:path';
import { applySettingsPatch, defaultSettings, Settings, type SettingsPatch } from '../../../app/settings/index.ts';
import type { EventSink } from '../../ports.ts';
import { JsonStore, type FsPort, type LoadOutcome } from '../../stores/index.ts';

/** Dependencies of the settings service. */
export interface SettingsServiceDeps {
  dataDir: string;
  events: EventSink;
  fs?: FsPort;
}

/** Called with the new settings after each change is saved. */
export type SettingsListener = (settings: Settings) => void;

/**
 * The app's settings in the data folder (settings.json), one document of sections with
 * defaults (app/settings). A change is a patch applied to the latest saved document in
 * JsonStore's queue, saved before it is acknowledged; listeners in main (the run history) and
 * the renderer (`settings:changed`) hear of it after.
 *
 * Another process (the command line) may read the same file; it is replaced atomically, so a
 * reader sees a whole document. A section this version does not know is dropped when it reads.
 */
export class SettingsService {
  private readonly store: JsonStore<Settings>;
  private readonly listeners = new Set<SettingsListener>();

  constructor(private readonly deps: SettingsServiceDeps) {
    this.store = new JsonStore({ path: join(deps.dataDir, 'settings.json'), version: 1, schema: Settings, empty: defaultSettings, fs: deps.fs });
  }

  /** Loads the file once; reports how loading went (the caller turns recovery into a notice). */
  init(): Promise<LoadOutcome> {
    return this.store.load();
  }

  /** The settings now (defaults for anything never set). */
  async get(): Promise<Settings> {
    return structuredClone(await this.store.read());
  }

  /** The settings as last saved, without waiting (after init). */
  get current(): Settings {
    return this.store.state;
  }

  /** Applies a patch; answers the whole document once it is saved. */
  async update(patch: SettingsPatch): Promise<Settings> {
    const next = await this.store.update((current) => {
      const merged = applySettingsPatch(current, patch);
      return { next: JSON.stringify(merged) === JSON.stringify(current) ? current : merged, result: merged };
    });
    for (const l of this.listeners) l(next);
    this.deps.events.emit('settings:changed', structuredClone(next));
    return structuredClone(next);
  }

  /** Hears every saved change; returns an unsubscribe. */
  onChange(listener: SettingsListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
