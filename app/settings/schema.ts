import { z } from 'zod';

/**
 * The app's settings: one document, one section per concern, each with its defaults, so a
 * fresh install (or a file written by an older version) reads as the defaults.
 *
 * To add a section (network: proxy, CA, client certificate), add it to SETTINGS_SECTIONS with
 * `.prefault({})` and its fields with defaults; SettingsPatch, the service and the contract follow.
 */

/** How many runs the run history keeps: the oldest go first once either limit is passed. */
export const RunHistorySettings = z.object({
  /** At most this many runs. */
  maxRuns: z.number().int().min(10).max(100_000).default(1000),
  /** At most this many megabytes of runs on disk. */
  maxMegabytes: z.number().min(1).max(10_000).default(50),
}).strict();
export type RunHistorySettings = z.infer<typeof RunHistorySettings>;

/** Every section of the settings. */
export const SETTINGS_SECTIONS = {
  runHistory: RunHistorySettings.prefault({}),
} as const;

/** The settings document (unknown sections from a newer version are dropped, not an error). */
export const Settings = z.object(SETTINGS_SECTIONS);
export type Settings = z.infer<typeof Settings>;

/** The defaults, what a fresh install has. */
export const defaultSettings = (): Settings => Settings.parse({});

/** A change to some fields of some sections; what is left out keeps its value. */
export const SettingsPatch = z.object({
  runHistory: RunHistorySettings.partial().optional(),
}).strict();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Applies a patch: each section merged field by field, then validated as a whole. */
export function applySettingsPatch(current: Settings, patch: SettingsPatch): Settings {
  const next: Record<string, unknown> = { ...current };
  for (const [section, fields] of Object.entries(patch)) {
    if (fields) next[section] = { ...(current as Record<string, object>)[section], ...fields };
  }
  return Settings.parse(next);
}
