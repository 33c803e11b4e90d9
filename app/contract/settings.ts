import { z } from 'zod';
import { RUN_KINDS, type HistoryListing, type HistoryRecord } from '../runs/index.ts';
import { SettingsPatch, type Settings } from '../settings/index.ts';
import { event, method } from './define.ts';

/**
 * The app's settings and the run history they bound.
 *
 * `settings:update` takes a patch (only the fields that change) and answers the whole document;
 * `settings:changed` tells every window. `runs:list` and `runs:get` read the run history main
 * keeps in the data folder (token runs today; other kinds as they are added).
 */
export const settingsMethods = {
  'settings:get': method(z.object({}).default({})).returns<Settings>(),
  'settings:update': method(SettingsPatch).returns<Settings>(),
  'runs:list': method(z.object({
    kind: z.enum(RUN_KINDS).optional(),
    profileId: z.string().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(1000).default(100),
  }).default({ limit: 100 })).returns<HistoryListing>(),
  'runs:get': method(z.object({ id: z.string().min(1).max(200) })).returns<HistoryRecord>(),
};

/** Pushed when the settings change. */
export const settingsEvents = {
  'settings:changed': event<Settings>(),
};
