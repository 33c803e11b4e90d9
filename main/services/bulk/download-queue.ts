import type { BulkDownload, BulkFileDownload } from '../../../app/contract/index.ts';
import { outcomeFromText, outcomeSentence } from '../../../app/console/index.ts';
import type { Fetched } from './bulk-downloader.ts';

/** Output files downloaded at the same time (the Bulk Data spec allows parallel requests). */
export const PARALLEL_DOWNLOADS = 2;

/**
 * Works through an export's files a few at a time, keeping each file's state and the totals
 * (bytes, average speed) current in `dl`, which the runner pushes to the renderer.
 *
 * Why separate: the runner decides what happens to a job; this only schedules transfers and
 * keeps score, so both stay small.
 */
export async function downloadQueue(opts: {
  dl: BulkDownload;
  signal: AbortSignal;
  fetchFile: (file: BulkFileDownload, onBytes: (bytes: number) => void) => Promise<Fetched<number>>;
  /** Called on every change; `force` for state changes, otherwise throttled by the caller. */
  changed: (force: boolean) => void;
}): Promise<void> {
  const { dl, signal } = opts;
  const t0 = performance.now();
  const speed = (bytes: number) => Math.round(bytes / Math.max(0.001, (performance.now() - t0) / 1000));
  let done = 0;
  const running = new Map<BulkFileDownload, number>();
  const one = async (file: BulkFileDownload) => {
    if (signal.aborted) { file.state = 'cancelled'; return; }
    file.state = 'running';
    running.set(file, 0);
    opts.changed(true);
    try {
      const got = await opts.fetchFile(file, (bytes) => {
        file.bytes = bytes;
        running.set(file, bytes);
        dl.bytes = done + [...running.values()].reduce((a, b) => a + b, 0);
        dl.bytesPerSecond = speed(dl.bytes);
        opts.changed(false);
      });
      if (got.ok) {
        file.state = 'done';
        done += got.value;
      } else {
        file.state = 'failed';
        file.error = `${got.status} ${got.statusText}${got.text ? `: ${outcomeSentence(outcomeFromText(got.text) ?? []) ?? got.text.slice(0, 200)}` : ''}`;
      }
    } catch (e) {
      file.state = signal.aborted ? 'cancelled' : 'failed';
      if (!signal.aborted) file.error = (e as Error).message;
    } finally {
      running.delete(file);
    }
  };
  let next = 0;
  const lane = async () => { while (next < dl.files.length) await one(dl.files[next++] as BulkFileDownload); };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, dl.files.length) }, lane));
  dl.bytes = done;
  dl.bytesPerSecond = speed(done);
  dl.state = signal.aborted ? 'cancelled' : dl.files.some((f) => f.state === 'failed') ? 'failed' : 'done';
}
