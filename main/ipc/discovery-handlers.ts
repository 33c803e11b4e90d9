import type { Handlers } from '../../app/contract/index.ts';
import type { DiscoveryService } from '../services/discovery-service.ts';

type DiscoveryHandlers = Pick<Handlers, 'discovery:run' | 'discovery:apply'>;

/** Discovery channels: run (fetch + inspect) and apply (store the endpoints in the profile). */
export function discoveryHandlers(discovery: DiscoveryService): DiscoveryHandlers {
  return {
    'discovery:run': ({ profileId }) => discovery.run(profileId),
    'discovery:apply': ({ profileId }) => discovery.apply(profileId),
  };
}
