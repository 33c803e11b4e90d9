import type { Handlers } from '../../app/contract/index.ts';
import { VENDOR_PRESETS } from '../../app/profiles/index.ts';
import type { ProfileService } from '../services/profiles/index.ts';

type ProfileHandlers = Pick<Handlers, 'profiles:list' | 'profiles:get' | 'profiles:save' | 'profiles:duplicate' | 'profiles:delete' | 'profiles:export' | 'profiles:import' | 'profiles:list-presets'>;

/** Profile channels: parse is done by the dispatcher, so each handler only calls the service. */
export function profileHandlers(profiles: ProfileService): ProfileHandlers {
  return {
    'profiles:list': ({ query }) => profiles.list(query),
    'profiles:get': ({ id }) => profiles.get(id),
    'profiles:save': (input) => profiles.save(input),
    'profiles:duplicate': ({ id }) => profiles.duplicate(id),
    'profiles:delete': ({ id }) => profiles.remove(id),
    'profiles:export': ({ ids }) => profiles.exportJson(ids),
    'profiles:import': ({ json }) => profiles.importJson(json),
    'profiles:list-presets': async () => VENDOR_PRESETS,
  };
}
