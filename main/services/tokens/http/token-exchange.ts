import type { ExchangePurpose } from '../../../../app/activity/index.ts';
import type { TokenStep } from '../../../../app/contract/index.ts';
import { AppFailure } from '../../../../app/result/index.ts';
import type { HttpClient, HttpRequest, HttpResponse } from '../../../http/index.ts';
import { looksLikeHtml, requestView, responseView, snippet } from './http-views.ts';

/**
 * One POST to a token (or revocation) endpoint and an honest reading of what came back.
 *
 * Servers answer token requests with JSON, OAuth errors, HTML error pages, empty bodies or
 * nothing at all; each becomes a distinct message here so the UI never shows a raw parse error.
 */

/** Token requests give up after this long. */
export const TOKEN_TIMEOUT_MS = 30_000;

/** A successful token response, read. */
export interface TokenResponseFields {
  accessToken: string;
  tokenType: string;
  expiresIn?: number;
  scope?: string;
  refreshToken?: string;
  idToken?: string;
  body: Record<string, unknown>;
}

/** What came of the POST: the raw request (for curl and the engine), the response, and the reading. */
export interface Exchange {
  request: HttpRequest;
  response?: HttpResponse;
  /** Milliseconds since epoch when the response arrived (for the Date header skew). */
  receivedAt?: number;
  fields?: TokenResponseFields;
  /** Why there is no token (transport failure, HTML page, OAuth error…). */
  failure?: AppFailure;
  step: TokenStep;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Reads a token endpoint response into fields, or an AppFailure that says what went wrong. */
export function readTokenResponse(res: HttpResponse, endpoint: string): TokenResponseFields | AppFailure {
  const type = res.header('content-type');
  const where = `The token endpoint ${endpoint}`;
  if (looksLikeHtml(type, res.bodyText)) {
    const hint = res.status === 404 || res.status === 405
      ? 'The token endpoint URL is probably wrong: run discovery, or check the profile\'s token endpoint.'
      : 'This is usually a login page, a gateway or proxy error page, or a web server in front of the real endpoint.';
    return new AppFailure('HTTP_ERROR', `${where} answered with an HTML page (HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}), not JSON: "${snippet(res.bodyText, 100)}". ${hint}`);
  }
  if (!/\S/.test(res.bodyText)) {
    return new AppFailure('HTTP_ERROR', `${where} answered HTTP ${res.status} with an empty body; a token response is a JSON object.`);
  }
  let body: unknown;
  try {
    body = JSON.parse(res.bodyText);
  } catch (e) {
    if (res.status < 200 || res.status >= 300) {
      return new AppFailure('HTTP_ERROR', `${where} answered HTTP ${res.status} ${res.statusText} without an OAuth error code: "${snippet(res.bodyText, 100)}".`);
    }
    return new AppFailure('HTTP_ERROR', `${where} answered HTTP ${res.status} with a body that is not valid JSON (${e instanceof Error ? e.message : String(e)}): "${snippet(res.bodyText, 100)}".`);
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return new AppFailure('HTTP_ERROR', `${where} answered HTTP ${res.status} with JSON that is not an object: "${snippet(res.bodyText, 100)}".`);
  }
  const obj = body as Record<string, unknown>;
  const error = str(obj['error']);
  if (error) {
    const description = str(obj['error_description']);
    return new AppFailure('OAUTH_ERROR', `The server refused the request: ${error}${description ? ` (${description})` : ''}, HTTP ${res.status}.`);
  }
  if (res.status < 200 || res.status >= 300) {
    return new AppFailure('HTTP_ERROR', `${where} answered HTTP ${res.status} ${res.statusText} without an OAuth error code: "${snippet(res.bodyText, 100)}".`);
  }
  const accessToken = str(obj['access_token']);
  if (!accessToken) return new AppFailure('OAUTH_ERROR', `${where} answered HTTP ${res.status} without an access_token.`);
  const rawExpires = obj['expires_in'];
  const expiresIn = typeof rawExpires === 'number' ? rawExpires : typeof rawExpires === 'string' && /^\d+$/.test(rawExpires) ? Number(rawExpires) : undefined;
  const fields: TokenResponseFields = { accessToken, tokenType: str(obj['token_type']) ?? 'Bearer', body: obj };
  if (expiresIn !== undefined && Number.isFinite(expiresIn)) fields.expiresIn = expiresIn;
  const scope = typeof obj['scope'] === 'string' ? obj['scope'] : undefined;
  if (scope !== undefined) fields.scope = scope;
  const refresh = str(obj['refresh_token']);
  if (refresh) fields.refreshToken = refresh;
  const id = str(obj['id_token']);
  if (id) fields.idToken = id;
  return fields;
}

/** POSTs a form to a token or revocation endpoint through the HttpClient and reads the answer. */
export async function postForm(http: HttpClient, input: {
  url: string;
  form: URLSearchParams;
  headers: Record<string, string>;
  profileId: string;
  purpose: Extract<ExchangePurpose, 'token' | 'revoke'>;
  sensitive: string[];
  title: string;
  now: () => number;
  timeoutMs?: number;
  /** Aborts the POST (the user cancelled the run); the exchange then fails with CANCELLED. */
  signal?: AbortSignal;
  /** Revocation answers 200 with an empty body; only token requests are read as token responses. */
  read?: boolean;
}): Promise<Exchange> {
  const request: HttpRequest = {
    method: 'POST', url: input.url, body: input.form.toString(), purpose: input.purpose, profileId: input.profileId,
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', ...input.headers },
    timeoutMs: input.timeoutMs ?? TOKEN_TIMEOUT_MS, sensitiveValues: input.sensitive, ...(input.signal ? { signal: input.signal } : {}),
  };
  const sentAt = input.now();
  // The redacted view and the step are for display: built afterwards, never before the request
  // leaves (undici sends only once the caller's synchronous code has run).
  const view = () => requestView(request, input.sensitive);
  const at = () => new Date(sentAt).toISOString();
  const kind = input.purpose === 'revoke' ? 'revoke' : 'token';
  let response: HttpResponse;
  try {
    response = await http.send(request);
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    return { request, failure: e, step: { kind, title: input.title, status: e.code === 'CANCELLED' ? 'cancelled' : 'failed', detail: e.message, at: at(), request: view() } };
  }
  const receivedAt = input.now();
  const outcome = readOutcome(response, input.url, input.read !== false);
  // The response view (redacted) is for display: built when the step is first shown.
  let step: TokenStep | undefined;
  const showStep = (): TokenStep => (step ??= {
    kind, title: input.title, status: outcome.failure ? 'failed' : 'ok', at: at(), request: view(), response: responseView(response, input.sensitive),
    durationMs: Math.round(response.timings.totalMs), activityId: response.activityId, ...(outcome.detail ? { detail: outcome.detail } : {}),
  });
  return { request, response, receivedAt, ...(outcome.fields ? { fields: outcome.fields } : {}), ...(outcome.failure ? { failure: outcome.failure } : {}), get step() { return showStep(); } };
}

/** What a token (or revocation) response means: the token fields, or why there are none, and the step's detail line. */
function readOutcome(response: HttpResponse, url: string, readToken: boolean): { fields?: TokenResponseFields; failure?: AppFailure; detail?: string } {
  if (!readToken) {
    if (response.status >= 200 && response.status < 300) return {};
    return { failure: new AppFailure('HTTP_ERROR', `The endpoint answered HTTP ${response.status}: "${snippet(response.bodyText, 100)}"`), detail: `HTTP ${response.status} ${response.statusText}`.trim() };
  }
  const read = readTokenResponse(response, url);
  if (read instanceof AppFailure) return { failure: read, detail: read.message };
  return { fields: read, detail: `HTTP ${response.status}: ${read.tokenType} token${read.expiresIn !== undefined ? `, expires in ${read.expiresIn} s` : ''}${read.scope !== undefined ? `, scope "${read.scope}"` : ''}` };
}
