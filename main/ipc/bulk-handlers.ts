import type { Handlers } from '../../app/contract/index.ts';
import type { BulkExportRunner } from '../services/bulk/index.ts';

type BulkHandlers = Pick<Handlers, 'bulk:start' | 'bulk:list' | 'bulk:cancel' | 'bulk:download' | 'bulk:cancel-download' | 'bulk:preview' | 'bulk:forget'>;

/** Bulk export channels: each handler only calls the runner. */
export function bulkHandlers(runner: BulkExportRunner): BulkHandlers {
  return {
    'bulk:start': (input) => runner.start(input),
    'bulk:list': async () => runner.list(),
    'bulk:cancel': ({ jobId }) => runner.cancel(jobId),
    'bulk:download': ({ jobId, urls }) => runner.download(jobId, urls),
    'bulk:cancel-download': ({ jobId }) => runner.cancelDownload(jobId),
    'bulk:preview': ({ jobId, url, lines }) => runner.preview(jobId, url, lines),
    'bulk:forget': ({ jobId }) => runner.forget(jobId),
  };
}
