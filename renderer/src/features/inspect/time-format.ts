/**
 * Human-readable JWT times: "expires in 4 min 12 s", "issued 3 h 5 min ago".
 *
 * Expiry problems are the most common reason a token or assertion is rejected, and epoch
 * seconds mean nothing to a person reading them; a live countdown makes them obvious.
 */

/** How a time claim reads for the user right now. */
export interface TimeReading {
  /** "expires in 4 min 12 s", "expired 2 min ago". */
  text: string;
  /** ok: fine; warn: soon or slightly off; error: past expiry / not yet valid. */
  tone: 'ok' | 'warn' | 'error';
}

/** Clock skew servers usually tolerate (the conformance registry's default). */
export const SKEW_SECONDS = 60;

/**
 * A duration as the two largest units: "4 min 12 s", "2 h 5 min", "3 d 4 h", "12 s".
 *
 * Two units are precise enough to act on and short enough to read while they tick.
 */
export function formatDuration(totalSeconds: number): string {
  const s = Math.floor(Math.abs(totalSeconds));
  const units: [string, number][] = [['d', 86_400], ['h', 3_600], ['min', 60], ['s', 1]];
  const parts: string[] = [];
  let rest = s;
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 || (parts.length > 0 && parts.length < 2)) parts.push(`${n} ${name}`);
    if (parts.length === 2) break;
  }
  if (parts.length === 0) return '0 s';
  // "2 h 0 min" reads oddly: drop a trailing zero unit.
  return parts.length === 2 && parts[1]!.startsWith('0 ') ? parts[0]! : parts.join(' ');
}

/** The time claims this module knows how to read. */
export const TIME_CLAIMS = ['exp', 'iat', 'nbf', 'auth_time', 'updated_at'] as const;

/** True for claims whose value is a NumericDate. */
export const isTimeClaim = (name: string): boolean => (TIME_CLAIMS as readonly string[]).includes(name);

/** Reads one time claim relative to `nowMs`. */
export function readTimeClaim(claim: string, epochSeconds: number, nowMs: number): TimeReading {
  const delta = epochSeconds - nowMs / 1000; // > 0: in the future
  const d = formatDuration(delta);
  switch (claim) {
    case 'exp':
      if (delta <= 0) return { text: `expired ${d} ago`, tone: 'error' };
      return { text: `expires in ${d}`, tone: delta <= SKEW_SECONDS ? 'warn' : 'ok' };
    case 'nbf':
      if (delta > SKEW_SECONDS) return { text: `not valid for another ${d}`, tone: 'error' };
      if (delta > 0) return { text: `valid in ${d} (within clock skew)`, tone: 'warn' };
      return { text: `valid since ${d} ago`, tone: 'ok' };
    case 'iat':
      if (delta > SKEW_SECONDS) return { text: `issued ${d} in the future: a clock is wrong`, tone: 'warn' };
      if (delta > 0) return { text: `issued ${d} from now (within clock skew)`, tone: 'ok' };
      return { text: `issued ${d} ago`, tone: 'ok' };
    case 'auth_time':
      return delta > 0 ? { text: `signed in ${d} in the future: a clock is wrong`, tone: 'warn' } : { text: `signed in ${d} ago`, tone: 'ok' };
    default:
      return delta > 0 ? { text: `in ${d}`, tone: 'ok' } : { text: `${d} ago`, tone: 'ok' };
  }
}

/** The lifetime between two times, e.g. iat→exp: "lifetime 5 min". */
export function lifetime(iat: number, exp: number): string {
  return exp >= iat ? `lifetime ${formatDuration(exp - iat)}` : 'exp is before iat';
}

/** An epoch-seconds value as UTC ISO time, or undefined when it is not a plausible date. */
export function isoOf(epochSeconds: number): string | undefined {
  if (!Number.isFinite(epochSeconds) || Math.abs(epochSeconds) > 8.64e12) return undefined;
  return new Date(epochSeconds * 1000).toISOString().replace('.000Z', 'Z');
}
