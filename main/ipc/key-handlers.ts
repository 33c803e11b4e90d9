import type { Handlers } from '../../app/contract/index.ts';
import type { JwksHostService, KeyService } from '../services/keys/index.ts';

type KeyHandlers = Pick<Handlers, 'keys:list' | 'keys:get' | 'keys:generate' | 'keys:preview-import' | 'keys:import' | 'keys:update' | 'keys:delete' | 'keys:host-jwks' | 'keys:stop-jwks-host' | 'keys:jwks-host-status'>;

/** Key channels: the dispatcher validated the input, so each handler only calls a service. */
export function keyHandlers(keys: KeyService, host: JwksHostService): KeyHandlers {
  return {
    'keys:list': () => keys.list(),
    'keys:get': ({ id }) => keys.get(id),
    'keys:generate': (input) => keys.generate(input),
    'keys:preview-import': ({ text }) => keys.previewImport(text),
    'keys:import': (input) => keys.importKey(input),
    'keys:update': (input) => keys.update(input),
    'keys:delete': async ({ id }) => {
      const removed = await keys.remove(id);
      await host.forget(id);
      return removed;
    },
    'keys:host-jwks': async ({ keyIds, port }) => {
      await keys.getPublicJwks(keyIds); // NOT_FOUND for an unknown id before anything is served
      return host.host(keyIds, port);
    },
    'keys:stop-jwks-host': () => host.stop(),
    'keys:jwks-host-status': async () => host.status(),
  };
}
