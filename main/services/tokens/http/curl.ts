import type { HttpRequest } from '../../../http/index.ts';
import { requestView } from './http-views.ts';

/**
 * "Copy as curl" for a token request: the exact request, redacted unless the user ticks
 * "include secrets", so it can be pasted into a ticket without leaking the client secret.
 */

/** Quotes a value for a POSIX shell. */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

/** The curl command for a request; `sensitive` values (and credential fields) are redacted unless `includeSecrets`. */
export function toCurl(req: Pick<HttpRequest, 'method' | 'url' | 'headers' | 'body'>, sensitive: readonly string[], includeSecrets: boolean): string {
  const shown = includeSecrets
    ? { method: req.method, url: req.url, headers: Object.entries(req.headers ?? {}).map(([name, value]) => ({ name, value })), body: req.body }
    : requestView(req, sensitive);
  const lines = [`curl -X ${shown.method} ${shellQuote(shown.url)}`];
  for (const h of shown.headers) lines.push(`  -H ${shellQuote(`${h.name}: ${h.value}`)}`);
  if (shown.body !== undefined && shown.body !== '') lines.push(`  --data-raw ${shellQuote(shown.body)}`);
  const notes: string[] = [];
  if (!includeSecrets) notes.push('# Secrets are redacted (‹redacted›); tick "include secrets" to copy them.');
  if (new URLSearchParams(req.body ?? '').has('client_assertion')) {
    notes.push('# The client assertion was single-use: servers reject a replayed jti, and it expires within minutes.');
  }
  if (new URLSearchParams(req.body ?? '').has('code')) notes.push('# Authorization codes are single-use: replaying this request fails with invalid_grant.');
  return [...notes, lines.join(' \\\n')].join('\n');
}
