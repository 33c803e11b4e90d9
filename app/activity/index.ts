/**
 * The activity log's shared model: entries, redaction and HAR export.
 *
 * Main redacts with these before anything is stored or shown; the renderer formats the same types.
 */
export { type ActivityEntry, type ActivitySummary, type ExchangePurpose, type HeaderList, type RawExchange } from './types.ts';
export { toHar } from './har.ts';
export { REDACTED, isSecretName, redactBody, redactByName, redactHeaders, redactUrl, redactValues } from './redact.ts';
