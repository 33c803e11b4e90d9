import type { ActivitySummary, ExchangePurpose, HeaderList } from '../../../../app/activity/index.ts';

/** Every purpose with the words the filter and badges show. */
export const PURPOSE_LABELS: Record<ExchangePurpose, string> = {
  discovery: 'Discovery', jwks: 'JWKS', token: 'Token', revoke: 'Revocation', introspect: 'Introspection', fhir: 'FHIR', bulk: 'Bulk Data', other: 'Other',
};

/** A badge colour (a class in styles.css) for how an exchange ended. */
export type StatusTone = 'ok' | 'info' | 'warning' | 'error';

/**
 * How an exchange ended, as a badge: the HTTP status, or the transport error code when no
 * response arrived, so a refused connection is never shown as a blank.
 */
export function statusBadge(e: Pick<ActivitySummary, 'status' | 'error'>): { label: string; tone: StatusTone } {
  if (e.status === undefined) return { label: e.error?.code ?? 'NO RESPONSE', tone: 'error' };
  const tone: StatusTone = e.status >= 500 ? 'error' : e.status >= 400 ? 'warning' : e.status >= 300 ? 'info' : 'ok';
  return { label: String(e.status), tone };
}

/** Milliseconds as people read them: `84 ms`, `1.25 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** Bytes as people read them: `512 B`, `1.5 KB`, `20.0 MB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** The URL split for a list row: the path and query stand out, the origin is secondary. */
export function splitUrl(url: string): { origin: string; rest: string } {
  try {
    const u = new URL(url);
    return { origin: u.origin, rest: `${u.pathname}${u.search}` };
  } catch {
    return { origin: '', rest: url };
  }
}

/** A header's value by case-insensitive name. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

/** A body ready to show: JSON pretty-printed, form fields decoded into rows, anything else as text. */
export type BodyView = { kind: 'json' | 'text'; text: string } | { kind: 'form'; fields: { name: string; value: string }[]; text: string };

/**
 * Prepares a body for display: token and FHIR responses are JSON that arrives on one line,
 * and token requests are forms whose fields are unreadable while URL-encoded.
 */
export function viewBody(body: string, contentType: string | undefined): BodyView {
  const type = (contentType ?? '').toLowerCase();
  const trimmed = body.trimStart();
  if (type.includes('json') || trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try { return { kind: 'json', text: JSON.stringify(JSON.parse(body), null, 2) }; } catch { /* shown as text below */ }
  }
  if (type.includes('application/x-www-form-urlencoded')) {
    return { kind: 'form', fields: [...new URLSearchParams(body)].map(([name, value]) => ({ name, value })), text: body };
  }
  return { kind: 'text', text: body };
}
