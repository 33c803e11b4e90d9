/**
 * TODO face of app/activity
 */
export { type ActivityEntry, type ActivitySummary, type ExchangePurpose, type HeaderList, type RawExchange } from './types.ts';
export { toHar } from './har.ts';
export { REDACTED, redactBody, redactHeaders, redactUrl, redactValues } from './redact.ts';
