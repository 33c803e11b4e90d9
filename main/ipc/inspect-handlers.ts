import type { Handlers } from '../../app/contract/index.ts';
import type { InspectService } from '../services/inspect/index.ts';

type InspectHandlers = Pick<Handlers, 'inspect:assertion' | 'inspect:token' | 'inspect:introspect' | 'inspect:discovery'>;

/** Inspect channels: the dispatcher validated the input, so each handler only calls the service. */
export function inspectHandlers(inspect: InspectService): InspectHandlers {
  return {
    'inspect:assertion': (input) => inspect.assertion(input),
    'inspect:token': (input) => inspect.token(input),
    'inspect:introspect': (input) => inspect.introspect(input),
    'inspect:discovery': ({ profileId }) => inspect.discovery(profileId),
  };
}
