import type { Finding } from '../conformance/index.ts';
import type { Diagnosis } from '../diagnosis/index.ts';

/**
 * Activity log entries: every HTTP exchange main performs, as the renderer sees them.
 *
 * Entries shown or exported are redacted; the raw values are kept sealed by main and revealed
 * per entry only on an explicit user action.
 */

/** Why main made the request; drives filtering and HAR comments. */
export type ExchangePurpose = 'discovery' | 'jwks' | 'token' | 'revoke' | 'introspect' | 'fhir' | 'bulk' | 'other';

/** A header list that keeps order and duplicates, as HAR does. */
export type HeaderList = { name: string; value: string }[];

/** One HTTP exchange. */
export interface ActivityEntry {
  id: string;
  at: string;
  purpose: ExchangePurpose;
  profileId?: string;
  method: string;
  url: string;
  requestHeaders: HeaderList;
  requestBody?: string;
  status?: number;
  statusText?: string;
  responseHeaders: HeaderList;
  responseBody?: string;
  /** True when the stored response body was cut to the log's size limit. */
  responseTruncated?: boolean;
  responseSize?: number;
  timings: { totalMs: number; waitMs?: number };
  /** Set when no response arrived: network error, timeout, cancellation (networkCode: Node's code, e.g. ECONNREFUSED). */
  error?: { code: string; message: string; networkCode?: string };
  /** The headline of the exchange's diagnosis, once known. */
  headline?: Pick<Finding, 'rule' | 'severity' | 'message'>;
  /** diagnose() of the exchange (returned by `activity:get`; not stored). */
  diagnosis?: Diagnosis;
  /** True when this copy has secrets replaced by placeholders. */
  redacted: boolean;
}

/** The list view's row. */
/** An exchange as it happened, before redaction: what the HTTP layer hands the activity log. */
export type RawExchange = Omit<ActivityEntry, 'id' | 'at' | 'redacted'>;

export type ActivitySummary = Pick<ActivityEntry, 'id' | 'at' | 'purpose' | 'profileId' | 'method' | 'url' | 'status' | 'timings' | 'error' | 'headline'>;
