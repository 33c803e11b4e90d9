import { bearerChallenge, decodeJws, uriWords } from '../conformance/index.ts';
import type { ClientAuth, ExchangeInput } from './types.ts';

/**
 * One exchange read once: what the request carried (form parameters, client authentication,
 * the bearer token, the client assertion) and what the response said (its shape, the OAuth or
 * Bearer error, an OperationOutcome's words, the server's description).
 *
 * Every analysis reads the same view, so "what was sent" means the same thing at every endpoint
 * and a cause is only ever blamed on something the request actually carried.
 */

/** Values a caller put in place of a secret; they say "something was sent" and nothing more. */
const MASKED = /^(\*{3,}|‹redacted›|\[redacted\]|redacted|<redacted>|\(masked\)|…)$/i;

/** True for a placeholder the caller used instead of the real secret. */
export function isMasked(v: string | undefined): boolean {
  return v !== undefined && (MASKED.test(v.trim()) || /\(masked[,)]/.test(v));
}

/** What the request carried. */
export interface SentRequest {
  method: string;
  url: string;
  /** The URL without query or fragment. */
  path: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  /** Form parameters of the body (first value of each), or of the query for a GET. */
  params: Record<string, string>;
  /** True when the body was form-encoded (so absent parameters were not sent). */
  formBody: boolean;
  authorization?: string;
  /** The Authorization scheme, lower-cased ("basic", "bearer", ...). */
  scheme?: string;
  /** The bearer token presented, when it was sent and not masked. */
  bearer?: string;
  /** True when a bearer token was presented (masked or not). */
  bearerSent: boolean;
  /** The client assertion, when one was sent and not masked. */
  assertion?: string;
  /** How the client authenticated, read from what was sent; undefined when nothing identifies it. */
  auth?: ClientAuth;
  /** client_id as sent: form parameter, Basic user, or the assertion's iss. */
  clientId?: string;
}

/** What the response said. */
export interface ReceivedResponse {
  status: number;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  body: string;
  shape: 'json-object' | 'json-other' | 'html' | 'text' | 'empty';
  json?: Record<string, unknown>;
  /** The OAuth / Bearer error the server named, from the body, a form body or WWW-Authenticate. */
  error?: { code: string; description?: string; uri?: string; from: 'body' | 'challenge' };
  /** The Bearer challenge's parameters, when WWW-Authenticate carried one. */
  challenge?: Record<string, string>;
  /** issue[].diagnostics / details.text of an OperationOutcome body. */
  outcome?: string[];
  /** The server's words, lower-cased: error_description, OperationOutcome texts, a short text body. */
  words: string;
}

/** The exchange as every analysis reads it. */
export interface ReadExchange {
  input: ExchangeInput;
  request: SentRequest;
  response?: ReceivedResponse;
}

const lowerKeys = (h: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!h || typeof h !== 'object') return out;
  for (const [k, v] of Object.entries(h as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    const value = Array.isArray(v) ? v.map(text).join(', ') : text(v);
    out[k.toLowerCase()] = out[k.toLowerCase()] !== undefined ? `${out[k.toLowerCase()]}, ${value}` : value;
  }
  return out;
};

/** Any value as text without throwing (objects whose toString is missing or broken included). */
export function text(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v !== 'object' && typeof v !== 'function') return String(v);
  try { return JSON.stringify(v) ?? ''; } catch { return ''; }
}

const str = text;

function firstValues(search: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of search) if (out[k] === undefined) out[k] = v;
  return out;
}

function queryOf(url: string): URLSearchParams {
  const q = url.indexOf('?');
  if (q < 0) return new URLSearchParams();
  return new URLSearchParams(url.slice(q + 1).split('#')[0] ?? '');
}

function basicUser(authorization: string): string | undefined {
  const m = /^\s*basic\s+(\S+)\s*$/i.exec(authorization);
  if (!m || isMasked(m[1])) return undefined;
  try {
    const text = atob(m[1] as string);
    const user = text.split(':')[0];
    return user ? decodeURIComponent(user.replace(/\+/g, ' ')) : undefined;
  } catch {
    return undefined;
  }
}

function readRequest(input: ExchangeInput): SentRequest {
  const req = input.request && typeof input.request === 'object' ? input.request : ({} as ExchangeInput['request']);
  const method = str(req.method).toUpperCase() || 'GET';
  const url = str(req.url);
  const headers = lowerKeys(req.headers);
  const body = str(req.body);
  const contentType = headers['content-type']?.toLowerCase() ?? '';
  const formBody = contentType.startsWith('application/x-www-form-urlencoded') || (contentType === '' && /^[\w.-]+=/.test(body.trim()) && !body.trim().startsWith('{'));
  const params = formBody ? firstValues(new URLSearchParams(body)) : method === 'GET' ? firstValues(queryOf(url)) : {};
  const authorization = headers['authorization'];
  const scheme = authorization ? /^\s*(\S+)/.exec(authorization)?.[1]?.toLowerCase() : undefined;
  const bearerValue = scheme === 'bearer' ? authorization?.trim().split(/\s+/).slice(1).join(' ') : undefined;
  const bearerSent = !!bearerValue || /[?&]access_token=/.test(url);
  const assertionValue = params['client_assertion'];
  let auth: ClientAuth | undefined;
  if (scheme === 'basic') auth = 'client_secret_basic';
  else if (assertionValue !== undefined) auth = 'private_key_jwt';
  else if (params['client_secret'] !== undefined) auth = 'client_secret_post';
  else if (scheme === 'bearer' && ['introspection', 'revocation', 'registration'].includes(input.endpoint)) auth = 'bearer';
  else if (params['client_id'] !== undefined) auth = 'none';
  const assertion = assertionValue !== undefined && !isMasked(assertionValue) ? assertionValue : undefined;
  const decoded = assertion ? decodeJws(assertion) : undefined;
  const assertionIss = decoded?.ok && typeof decoded.jws.payload['iss'] === 'string' ? decoded.jws.payload['iss'] : undefined;
  const clientId = params['client_id'] ?? (authorization ? basicUser(authorization) : undefined) ?? assertionIss;
  return {
    method, url, path: url.split('#')[0]?.split('?')[0] ?? url, headers, body, params, formBody,
    ...(authorization !== undefined ? { authorization } : {}),
    ...(scheme !== undefined ? { scheme } : {}),
    ...(bearerValue && !isMasked(bearerValue) ? { bearer: bearerValue } : {}),
    bearerSent,
    ...(assertion ? { assertion } : {}),
    ...(auth ? { auth } : {}),
    ...(clientId ? { clientId } : {}),
  };
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

function shapeOf(body: string): { shape: ReceivedResponse['shape']; json?: unknown } {
  if (body.trim() === '') return { shape: 'empty' };
  try {
    const json: unknown = JSON.parse(body);
    return json && typeof json === 'object' && !Array.isArray(json) ? { shape: 'json-object', json } : { shape: 'json-other', json };
  } catch {
    return { shape: /^\s*</.test(body) ? 'html' : 'text' };
  }
}

function outcomeTexts(json: Record<string, unknown>): string[] | undefined {
  if (json['resourceType'] !== 'OperationOutcome') return undefined;
  const out: string[] = [];
  for (const issue of Array.isArray(json['issue']) ? json['issue'] : []) {
    if (!issue || typeof issue !== 'object') continue;
    const i = issue as Record<string, unknown>;
    const details = i['details'] && typeof i['details'] === 'object' ? (i['details'] as Record<string, unknown>) : {};
    for (const t of [i['diagnostics'], details['text']]) if (typeof t === 'string' && t.trim() && !out.includes(oneLine(t))) out.push(oneLine(t));
    if (out.length === 0 && typeof i['code'] === 'string') out.push(i['code']);
  }
  return out;
}

/** The visible text of an HTML page, for the server's words (a title or a short message). */
function htmlText(body: string): string {
  return oneLine(body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ').replace(/&[a-z]+;/gi, ' ')).slice(0, 300);
}

function readResponse(input: ExchangeInput): ReceivedResponse | undefined {
  const res = input.response;
  if (!res || typeof res !== 'object' || typeof res.status !== 'number') return undefined;
  const headers = lowerKeys(res.headers);
  const body = str(res.body);
  const { shape, json } = shapeOf(body);
  const out: ReceivedResponse = { status: res.status, headers, body, shape, words: '' };
  const words: string[] = [];
  const challenge = bearerChallenge(headers['www-authenticate']);
  if (challenge) {
    out.challenge = challenge.params;
    const code = challenge.params['error'];
    if (code) out.error = { code, ...(challenge.params['error_description'] ? { description: challenge.params['error_description'] } : {}), ...(challenge.params['error_uri'] ? { uri: challenge.params['error_uri'] } : {}), from: 'challenge' };
  }
  if (shape === 'json-object') {
    const obj = json as Record<string, unknown>;
    out.json = obj;
    const texts = outcomeTexts(obj);
    if (texts) {
      out.outcome = texts;
      words.push(...texts);
    }
    if (!out.error && typeof obj['error'] === 'string' && obj['error'].trim()) {
      const d = typeof obj['error_description'] === 'string' ? obj['error_description'] : undefined;
      const u = typeof obj['error_uri'] === 'string' ? obj['error_uri'] : undefined;
      out.error = { code: obj['error'].trim(), ...(d ? { description: d } : {}), ...(u ? { uri: u } : {}), from: 'body' };
    }
    for (const k of ['message', 'detail', 'title', 'error_message', 'errorMessage']) if (typeof obj[k] === 'string') words.push(obj[k] as string);
  } else if (shape === 'text') {
    const t = body.trim();
    if (!out.error && /(^|&)\s*error=/.test(t)) {
      const form = new URLSearchParams(t);
      const code = form.get('error');
      if (code) out.error = { code, ...(form.get('error_description') ? { description: form.get('error_description') as string } : {}), from: 'body' };
    } else if (t.length <= 500) words.push(t);
  } else if (shape === 'html') {
    words.push(htmlText(body));
  }
  if (out.error?.description) words.unshift(out.error.description);
  // Some servers name the cause only in error_uri (Oracle Health: .../urn:cerner:error:...:invalid-client-credentials/...).
  const cause = uriWords(out.error?.uri);
  if (cause) words.push(cause);
  out.words = oneLine(words.join(' ')).toLowerCase();
  return out;
}

/** Reads an exchange input of any shape; never throws. */
export function readExchange(input: ExchangeInput): ReadExchange {
  const response = readResponse(input);
  return { input, request: readRequest(input), ...(response ? { response } : {}) };
}

/** True for a 2xx status. */
export const isSuccess = (status: number): boolean => status >= 200 && status < 300;
