import type { Handlers } from '../../app/contract/index.ts';
import type { ActivityLog } from '../services/activity/index.ts';

type ActivityHandlers = Pick<Handlers, 'activity:list' | 'activity:get' | 'activity:reveal' | 'activity:clear' | 'activity:export-har'>;

/** Activity log channels. */
export function activityHandlers(log: ActivityLog, version: string): ActivityHandlers {
  return {
    'activity:list': (filter) => log.list(filter),
    'activity:get': ({ id }) => log.get(id),
    'activity:reveal': ({ id }) => log.reveal(id),
    'activity:clear': () => log.clear(),
    'activity:export-har': ({ ids }) => log.exportHar(version, ids),
  };
}
