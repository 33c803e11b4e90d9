import { parseCallbackQuery } from '../authorize-request/index.ts';
import type { ErrorEndpoint } from './codes.ts';
import { bearerChallenge, type Challenge } from './www-authenticate.ts';
import { header, isObject } from '../values.ts';

/**
 * Pulls the error out of whatever the server answered: a JSON body, a form-encoded or HTML body,
 * the redirect query, a `WWW-Authenticate` challenge, or a FHIR OperationOutcome.
 *
 * Every later step (rule choice, status check, ranking of causes) works on this one shape, so the
 * three endpoints are explained the same way.
 */

/** What the body looked like. */
export type BodyShape = 'json-object' | 'json-other' | 'html' | 'text' | 'empty';

/** Input of explainOAuthError (conformance-api.md). */
export interface OAuthErrorInput {
  endpoint?: ErrorEndpoint | string;
  requestSummary?: unknown;
  status?: unknown;
  headers?: unknown;
  body?: unknown;
  rawBody?: unknown;
  redirectQuery?: unknown;
}

/** The error as extracted from the response. */
export interface ErrorReport {
  endpoint: ErrorEndpoint;
  status?: number;
  /** The `error` value exactly as received (usually a string); undefined when absent. */
  code?: unknown;
  description?: string;
  uri?: string;
  bodyShape: BodyShape;
  /** The raw text of a non-JSON body, for the message. */
  bodyText?: string;
  json?: Record<string, unknown>;
  /** issue[].diagnostics / details.text of an OperationOutcome body. */
  operationOutcome?: string[];
  challenge?: Challenge;
  hasChallengeHeader: boolean;
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? oneLine(v) : undefined);

function statusOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*\d{3}\s*$/.test(v)) return Number(v.trim());
  return undefined;
}

function shapeOf(input: OAuthErrorInput): { shape: BodyShape; json?: unknown; text?: string } {
  const raw = input.body !== undefined ? input.body : input.rawBody;
  if (raw === undefined || raw === null) return input.body === null ? { shape: 'json-other', json: null } : { shape: 'empty' };
  if (typeof raw !== 'string') {
    if (input.body === undefined) return { shape: 'text', text: String(raw) };
    return isObject(raw) ? { shape: 'json-object', json: raw } : { shape: 'json-other', json: raw };
  }
  if (raw.trim() === '') return { shape: 'empty', text: raw };
  try {
    const v: unknown = JSON.parse(raw);
    return isObject(v) ? { shape: 'json-object', json: v } : { shape: 'json-other', json: v };
  } catch {
    return { shape: /^\s*</.test(raw) ? 'html' : 'text', text: raw };
  }
}

function operationOutcomeTexts(json: Record<string, unknown>): string[] | undefined {
  if (json['resourceType'] !== 'OperationOutcome') return undefined;
  const issues = Array.isArray(json['issue']) ? json['issue'].filter(isObject) : [];
  const out: string[] = [];
  for (const issue of issues) {
    const details = isObject(issue['details']) ? issue['details'] : undefined;
    for (const t of [issue['diagnostics'], details?.['text']]) {
      const s = text(t);
      if (s && !out.includes(s)) out.push(s);
    }
    if (out.length === 0) {
      const code = text(issue['code']);
      if (code) out.push(code);
    }
  }
  return out;
}

function fromRedirect(raw: string): URLSearchParams {
  const query = parseCallbackQuery(raw);
  if (query.has('error')) return query;
  const hash = raw.indexOf('#');
  return hash >= 0 ? new URLSearchParams(raw.slice(hash + 1)) : query;
}

/** Extracts the error from an explainOAuthError input; never throws. */
export function extractError(input: OAuthErrorInput): ErrorReport {
  const endpoint: ErrorEndpoint = input.endpoint === 'authorize-redirect' || input.endpoint === 'resource' ? input.endpoint : 'token';
  const wwwAuthenticate = header(input.headers, 'www-authenticate');
  const report: ErrorReport = { endpoint, status: statusOf(input.status), bodyShape: 'empty', hasChallengeHeader: wwwAuthenticate !== undefined };
  const body = shapeOf(input);
  report.bodyShape = body.shape;
  report.bodyText = body.text;

  if (endpoint === 'authorize-redirect' && typeof input.redirectQuery === 'string') {
    const q = fromRedirect(input.redirectQuery);
    if (q.has('error')) {
      report.code = q.get('error') ?? undefined;
      report.description = text(q.get('error_description'));
      report.uri = text(q.get('error_uri'));
    }
  }
  if (endpoint === 'resource') {
    report.challenge = bearerChallenge(wwwAuthenticate);
    const p = report.challenge?.params ?? {};
    if (p['error'] !== undefined) {
      report.code = p['error'];
      report.description = text(p['error_description']);
      report.uri = text(p['error_uri']);
    }
  }
  if (body.shape === 'json-object' && isObject(body.json)) {
    report.json = body.json;
    report.operationOutcome = operationOutcomeTexts(body.json);
    if (report.code === undefined && body.json['error'] !== undefined && body.json['error'] !== null) {
      report.code = body.json['error'];
      report.description = text(body.json['error_description']);
      report.uri = text(body.json['error_uri']);
    }
  } else if (report.code === undefined && body.text !== undefined && /(^|&)\s*error=/.test(body.text.trim())) {
    const form = new URLSearchParams(body.text.trim());
    report.code = form.get('error') ?? undefined;
    report.description = text(form.get('error_description'));
    report.uri = text(form.get('error_uri'));
  }
  return report;
}

/**
 * The cause an `error_uri` names in its path, as words: Oracle Health's token errors say only
 * `.../urn:cerner:error:authorization-server:oauth2:token:invalid-client-credentials/...`.
 */
export function uriWords(uri: string | undefined): string {
  if (!uri) return '';
  let path = uri;
  try { path = decodeURIComponent(new URL(uri).pathname); } catch { /* not a URL: read it as is */ }
  const urn = /urn:[^/]*:([a-z0-9-]+)(?:\/|$)/i.exec(path);
  return urn ? (urn[1] as string).replace(/-/g, ' ') : '';
}

/** What the server said in words: `error_description`, else the OperationOutcome diagnostics. */
export function serverText(report: ErrorReport): string | undefined {
  if (report.description !== undefined) return report.description;
  return report.operationOutcome && report.operationOutcome.length > 0 ? report.operationOutcome.join('; ') : undefined;
}
