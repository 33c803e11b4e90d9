/**
 * Words for token lifetimes: "expires in 4 min 12 s", "expired 30 s ago", the shapes the
 * countdown and the step timings use.
 */

/** "1 h 2 min", "4 min 12 s", "42 s" for a duration in milliseconds (rounded down to seconds). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return `${h} h ${m} min`;
  if (m) return `${m} min ${s} s`;
  return `${s} s`;
}

/** The countdown text for a token: "expires in …", "expired … ago", or "no expiry given". */
export function expiryText(expiresAt: number | undefined, now: number): { text: string; tone: 'ok' | 'warning' | 'error' | 'info' } {
  if (expiresAt === undefined) return { text: 'The server gave no expires_in', tone: 'info' };
  const left = expiresAt - now;
  if (left <= 0) return { text: `Expired ${formatDuration(-left)} ago`, tone: 'error' };
  return { text: `Expires in ${formatDuration(left)}`, tone: left < 60_000 ? 'warning' : 'ok' };
}

/** Milliseconds as "123 ms" or "1.2 s". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
