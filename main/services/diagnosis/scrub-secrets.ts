import { REDACTED, redactValues } from '../../../app/activity/index.ts';

/**
 * Removes credential values from text main sends to the renderer (finding messages and
 * explanations about the request that carried them).
 *
 * Why more than a plain replace: a check may quote a shortened token (`eyJhbGciOiJS…`) or one
 * JWT segment; any run of eight or more token characters that occurs inside a secret is treated
 * as part of it.
 */

const MIN = 8;
const RUN = /[A-Za-z0-9\-._~+/=]{8,}/g;

/** The text with every secret, JWT segment of a secret, and fragment of one replaced by ‹redacted›. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  const usable = secrets.filter((s) => s.length >= MIN);
  const whole = [...secrets, ...usable.flatMap((s) => s.split('.').filter((part) => part.length >= MIN))];
  return redactValues(text, whole).replace(RUN, (run) => (usable.some((s) => s.includes(run)) ? REDACTED : run));
}
