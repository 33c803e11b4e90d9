import type { TreeRequest, TreeViewRequest } from '../../../../../app/console/tree/index.ts';
import { call } from '../../../lib/api.ts';
import type { TreeClient } from './tree-client.ts';

/**
 * A TreeClient for a large JSON body whose tree main builds in its tree thread: nothing large
 * crosses to the page, only the rows on screen.
 */
export function createMainTreeClient(responseId: string): TreeClient {
  return {
    offThread: true,
    send: (async (req: TreeRequest) => {
      if (req.op === 'append' || req.op === 'load') throw new Error('Main loads this tree itself.');
      return call('console:tree', { responseId, call: req as TreeViewRequest });
    }) as TreeClient['send'],
    dispose: () => undefined,
  };
}
