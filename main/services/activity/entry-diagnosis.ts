import type { ActivityEntry } from '../../../app/activity/index.ts';
import type { Diagnosis, Endpoint } from '../../../app/diagnosis/index.ts';
import { diagnoseExchange } from '../diagnosis/index.ts';

/**
 * The diagnosis of an activity log entry, for exchanges no service diagnosed when it made them
 * (a JWKS fetch, a capability statement, a file download): diagnose() of the entry as logged.
 *
 * The entry is redacted (credentials, token values, the assertion's signature), and the
 * diagnosis reads masked values as "sent, not checkable", so it never needs the originals.
 */

/** Which endpoint an entry's exchange went to, from why main made it and its URL. */
export function endpointOf(e: Pick<ActivityEntry, 'purpose' | 'url' | 'method' | 'responseHeaders'>): Endpoint {
  switch (e.purpose) {
    case 'discovery': return 'discovery';
    case 'jwks': return 'jwks';
    case 'token': return 'token';
    case 'revoke': return 'revocation';
    case 'introspect': return 'introspection';
    case 'bulk': {
      if (/\$export(\?|$)/.test(e.url.split('#')[0] ?? '')) return 'bulk-kickoff';
      const type = e.responseHeaders.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
      return /ndjson/i.test(type) ? 'bulk-file' : 'bulk-status';
    }
    case 'fhir': return 'fhir';
    default: return /\/(register|reg|registration)\/?(\?|$)/.test(e.url) && e.method.toUpperCase() === 'POST' ? 'registration' : 'fhir';
  }
}

/** diagnose() of a logged exchange, evaluated at the time it was made. */
export function diagnoseEntry(e: ActivityEntry): Promise<Diagnosis> {
  const nowMs = Date.parse(e.at);
  return diagnoseExchange({
    endpoint: endpointOf(e),
    request: { method: e.method, url: e.url, headers: e.requestHeaders, ...(e.requestBody !== undefined ? { body: e.requestBody } : {}) },
    ...(e.status !== undefined ? { response: { status: e.status, headers: e.responseHeaders, bodyText: e.responseBody ?? '' } } : e.error ? { failure: { code: e.error.code, message: e.error.message, ...(e.error.networkCode ? { networkError: { code: e.error.networkCode, message: e.error.message } } : {}) } } : {}),
  }, { nowMs: Number.isFinite(nowMs) ? nowMs : Date.now() });
}
