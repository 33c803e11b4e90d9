import type { Handlers } from '../../app/contract/index.ts';
import type { RunHistory } from '../services/runs/index.ts';
import type { SettingsService } from '../services/settings/index.ts';

type SettingsHandlers = Pick<Handlers, 'settings:get' | 'settings:update' | 'runs:list' | 'runs:get'>;

/** The settings and the run history they bound. */
export function settingsHandlers(settings: SettingsService, runs: RunHistory): SettingsHandlers {
  return {
    'settings:get': () => settings.get(),
    'settings:update': (patch) => settings.update(patch),
    'runs:list': (filter) => runs.list(filter),
    'runs:get': ({ id }) => runs.get(id),
  };
}
