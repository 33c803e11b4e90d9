import type { Handlers } from '../../app/contract/index.ts';
import type { FhirConsoleService } from '../services/console/index.ts';

type ConsoleHandlers = Pick<Handlers, 'console:send' | 'console:cancel' | 'console:read-body' | 'console:tree' | 'console:history' | 'console:clear-history' | 'console:capabilities' | 'console:curl'>;

/** Console channels: the dispatcher validated the input, so each handler only calls the service. */
export function consoleHandlers(console: FhirConsoleService): ConsoleHandlers {
  return {
    'console:send': (input) => console.send(input),
    'console:cancel': ({ requestId }) => console.cancel(requestId),
    'console:read-body': ({ responseId, offset, length }) => console.readBody(responseId, offset, length),
    'console:tree': ({ responseId, call }) => console.tree(responseId, call),
    'console:history': ({ profileId }) => console.listHistory(profileId),
    'console:clear-history': ({ profileId }) => console.clearHistory(profileId),
    'console:capabilities': ({ profileId, refresh }) => console.capabilities(profileId, refresh),
    'console:curl': ({ includeToken, ...request }) => console.curl(request, includeToken),
  };
}
