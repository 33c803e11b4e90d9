import type { ExchangePurpose, HeaderList, RawExchange } from '../../app/activity/index.ts';

/** One request main makes on the user's behalf. */
export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  purpose: ExchangePurpose;
  profileId?: string;
  /** Abort after this long (default 30 s). */
  timeoutMs?: number;
  /** Lets the user cancel (e.g. a stalled request in the console). */
  signal?: AbortSignal;
  /** Read at most this many bytes of the body (default 20 MB); the rest is dropped and flagged. */
  maxBodyBytes?: number;
  /** Follow redirects (GET only; default false, so token POSTs never silently move). */
  followRedirects?: boolean;
  /** Extra values to redact in the activity log (client secret, tokens being sent). */
  sensitiveValues?: string[];
}

/** What came back. */
export interface HttpResponse {
  status: number;
  statusText: string;
  headers: HeaderList;
  /** Convenience lookup, lowercase names, duplicates joined with ", ". */
  header(name: string): string | undefined;
  bodyText: string;
  bodyTruncated: boolean;
  bodySize: number;
  url: string;
  timings: { totalMs: number; waitMs: number };
  /** Activity log entry id of this exchange. */
  activityId: string;
}

/**
 * The port every service uses to reach the network: main performs every request, records it
 * in the activity log (redacted), and turns transport failures into clear AppFailures
 * (NETWORK, TIMEOUT, CANCELLED) instead of raw fetch errors.
 */
export interface HttpClient {
  send(request: HttpRequest): Promise<HttpResponse>;
}

/**
 * Where the HTTP layer records every exchange: the activity log, declared here as a port so the
 * network code does not depend on the service that stores it.
 */
export interface ExchangeRecorder {
  /** Records an exchange; `sensitive` lists extra values to hide (the client secret, tokens sent). */
  record(raw: RawExchange, sensitive?: readonly string[]): Promise<string>;
  /** `record` for the request path: the entry's id at once, redaction and storage queued. */
  recordNow(raw: RawExchange, sensitive?: readonly string[]): string;
}
