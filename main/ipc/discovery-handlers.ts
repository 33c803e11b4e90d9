import type { Handlers } from '../../app/contract/index.ts';
import type { DiscoveryService } from '../services/discovery/index.ts';

type DiscoveryHandlers = Pick<Handlers, 'discovery:run' | 'discovery:apply' | 'discovery:cancel'>;

/** Discovery channels: run (fetch + inspect), apply (store the endpoints in the profile), cancel (a stalled run). */
export function discoveryHandlers(discovery: DiscoveryService): DiscoveryHandlers {
  return {
    'discovery:run': ({ profileId, url }) => discovery.run(profileId, url || undefined),
    'discovery:apply': ({ profileId, url }) => discovery.apply(profileId, url || undefined),
    'discovery:cancel': async ({ profileId }) => discovery.cancel(profileId),
  };
}
