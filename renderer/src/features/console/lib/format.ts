import type { TokenUse } from '../../../../../app/contract/index.ts';

/**
 * Small formatters for the console's status line and the bulk runner's progress.
 */

/** `1.2 MB`, `512 B`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/** `85 ms`, `1.25 s`. */
export const formatMs = (ms: number): string => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`);

/** Badge tone for an HTTP status. */
export const statusTone = (status: number): string => (status >= 500 ? 'error' : status >= 400 ? 'warning' : status >= 300 ? 'info' : 'ok');

/** What happened with the token, in a sentence. */
export function tokenNote(t: TokenUse): string {
  if (t.kind === 'none') return t.reason || 'No token was sent.';
  const scope = t.scope ? ` Scope: ${t.scope}.` : '';
  const exp = t.expiresAt ? ` Expires ${new Date(t.expiresAt).toLocaleTimeString()}.` : '';
  if (t.source === 'pasted') return `The pasted ${t.tokenType} token was sent (it is never renewed; paste a fresh one if the server refuses it).${scope}${exp}`;
  return `${t.renewedAfter401 ? 'The first token was refused (401); a new one was obtained and the request repeated.' : `A ${t.tokenType} token was sent.`}${scope}${exp}`;
}
