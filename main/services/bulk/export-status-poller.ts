import { DEFAULT_POLL_MS, parseManifest, readProgress, retryAfterMs } from '../../../app/bulk/index.ts';
import type { BulkJob } from '../../../app/contract/index.ts';
import { outcomeFromText, outcomeSentence } from '../../../app/console/index.ts';
import type { HttpResponse } from '../../http/index.ts';

/**
 * The status half of the Bulk Data async pattern: polling the status URL until the manifest
 * arrives, honouring Retry-After, reporting X-Progress, and backing off when the server is
 * busy or unreachable.
 *
 * Why separate: the runner owns the jobs and their lifecycle (kick-off, cancel, forget); how
 * one job waits for the server is a loop with its own rules, read and changed on its own.
 * @see https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-status-request
 */

/** A failed job's error: what the renderer shows and the status that caused it. */
export type JobError = NonNullable<BulkJob['error']>;

/** What the poll loop asks of the runner for one job; the runner keeps the job's events and token handling. */
export interface StatusPollHooks {
  /** GETs the job's status URL with the profile's token. */
  send(signal: AbortSignal): Promise<HttpResponse>;
  /** Current time in ms (the runner's clock), for Retry-After dates and `nextPollAt`. */
  now(): number;
  /** Current time as an ISO string, for `completedAt`. */
  iso(): string;
  /** Pushes the job as it is now. */
  changed(): void;
  /** Marks the job failed; `emit` pushes it at once. */
  fail(error: JobError, emit?: boolean): void;
  /** Waits between polls; defaults to a timer that `signal` cancels. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Whether the polls carry an access token (the profile's auth method is not "none"). */
  tokenSent?: boolean;
}

/** The default wait: ends the moment the user cancels, not when the timer fires. */
const abortableSleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve, reject) => {
  if (signal.aborted) return reject(new Error('aborted'));
  const t = setTimeout(() => { signal.removeEventListener('abort', stop); resolve(); }, ms);
  const stop = () => { clearTimeout(t); reject(new Error('aborted')); };
  signal.addEventListener('abort', stop, { once: true });
});

/**
 * Words for an HTTP refusal (kick-off, status, cancel), with the server's OperationOutcome.
 * Why: a bare status code does not tell the user what to fix; the outcome and a hint for
 * 401/403 usually do.
 */
export function describeRefusal(what: string, res: HttpResponse, tokenSent = true): JobError {
  const issues = outcomeFromText(res.bodyText);
  const sentence = issues ? outcomeSentence(issues) : res.bodyText.trim().slice(0, 300) || undefined;
  // Only a token that was sent can have been rejected.
  const hint = res.status === 401 ? (tokenSent ? ' The token was rejected even after getting a new one.' : ' No access token was sent (the profile authenticates with "none"), and the server wants one.')
    : res.status === 403 ? (tokenSent ? ' The token\'s scopes may not allow this export (system/*.read or patient/*.read and the types asked for).' : ' No access token was sent, and the server refuses anonymous exports.') : '';
  const error: JobError = { message: `${what} failed: ${res.status} ${res.statusText}${sentence ? ` (${sentence})` : ''}.${hint}`, status: res.status };
  if (issues?.length) error.issues = issues;
  return error;
}

/**
 * Polls an in-progress job's status URL until it completes (manifest parsed), fails, or
 * `signal` is aborted. Why a loop of its own: 202 answers, transient errors and network
 * trouble each set the next wait differently, and that logic is easiest to check in one place.
 */
export async function pollExportStatus(job: BulkJob, signal: AbortSignal, hooks: StatusPollHooks): Promise<void> {
  const sleep = hooks.sleep ?? abortableSleep;
  let wait = 0;
  let trouble = 0;
  while (job.state === 'in-progress' && !signal.aborted) {
    if (wait > 0) {
      job.nextPollAt = hooks.now() + wait;
      hooks.changed();
      try { await sleep(wait, signal); } catch { return; }
      if (signal.aborted) return;
    }
    let res: HttpResponse;
    try {
      res = await hooks.send(signal);
    } catch (e) {
      if (signal.aborted) return;
      if (++trouble > 3) return hooks.fail({ message: `Polling the export's status failed ${trouble} times in a row: ${(e as Error).message}` }, true);
      wait = DEFAULT_POLL_MS * 2 ** trouble;
      continue;
    }
    if (signal.aborted) return;
    job.polls++;
    if (res.status === 202) {
      trouble = 0;
      const progress = readProgress(res.header('x-progress'));
      if (progress) job.progress = progress;
      wait = retryAfterMs(res.header('retry-after'), hooks.now());
      continue;
    }
    delete job.nextPollAt;
    if (res.status === 200) {
      try {
        job.manifest = parseManifest(res.bodyText);
        job.state = 'complete';
        job.completedAt = hooks.iso();
        job.progress = { text: 'Complete', percent: 100 };
      } catch (e) {
        hooks.fail({ message: (e as Error).message, status: 200 });
      }
      return hooks.changed();
    }
    const issues = outcomeFromText(res.bodyText);
    const transient = res.status === 429 || res.status === 503 || (res.status >= 500 && !!issues?.some((i) => i.code === 'transient'));
    if (transient && ++trouble <= 5) {
      job.progress = { text: `The server is busy (${res.status}); asking again later`, percent: job.progress?.percent };
      wait = retryAfterMs(res.header('retry-after'), hooks.now(), DEFAULT_POLL_MS * 2 ** trouble);
      continue;
    }
    return hooks.fail(describeRefusal('The export', res, hooks.tokenSent ?? true), true);
  }
}
