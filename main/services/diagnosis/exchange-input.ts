import type { HeaderList } from '../../../app/activity/index.ts';
import type { ExchangeInput } from '../../../app/diagnosis/index.ts';

/**
 * Turns an exchange main made into the diagnosis's input: the request as sent (with the client
 * secret, codes, refresh tokens and the password of a Basic header masked, since the diagnosis
 * never needs them), the response as received, or the network error code when none arrived.
 *
 * Why in one place: every service that makes requests (token runs, the console, the bulk
 * runner, introspection, revocation, the activity log) hands the same shape to diagnose(), so
 * a failure reads the same in every area.
 */

/**
 * Form fields whose values are secrets the diagnosis never needs. The client assertion stays (its
 * claims are evidence), and so does the code_verifier: once sent it is spent, and it is the only
 * way to tell a PKCE mismatch.
 */
const MASKED_FIELDS = ['client_secret', 'password', 'refresh_token', 'code', 'subject_token', 'token', 'device_code'];

/** Shown instead of a masked value. */
export const MASK = '***';

type Headers = HeaderList | Record<string, string> | undefined;

function record(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = Array.isArray(h) ? h.map((x) => [x.name, x.value] as const) : Object.entries(h ?? {});
  for (const [name, value] of entries) {
    const k = name.toLowerCase();
    out[k] = out[k] === undefined ? value : `${out[k]}, ${value}`;
  }
  return out;
}

/** `Basic base64(id:secret)` becomes `Basic base64(id:***)`: the client id stays readable. */
function maskBasic(value: string): string {
  const m = /^(\s*basic\s+)(\S+)\s*$/i.exec(value);
  if (!m) return value;
  try {
    const decoded = Buffer.from(m[2] as string, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return `${m[1]}${MASK}`;
    return `${m[1]}${Buffer.from(`${decoded.slice(0, colon)}:${MASK}`, 'utf8').toString('base64')}`;
  } catch {
    return `${m[1]}${MASK}`;
  }
}

function maskBody(body: string | undefined, contentType: string | undefined): string | undefined {
  if (body === undefined || !/application\/x-www-form-urlencoded/i.test(contentType ?? '')) return body;
  const form = new URLSearchParams(body);
  let changed = false;
  for (const k of MASKED_FIELDS) {
    if (form.has(k)) {
      form.set(k, MASK);
      changed = true;
    }
  }
  return changed ? form.toString().replaceAll(encodeURIComponent(MASK), MASK) : body;
}

/** What main knows about one exchange. */
export interface ExchangeFacts extends Omit<ExchangeInput, 'request' | 'response' | 'networkError'> {
  request: { method: string; url: string; headers?: Headers; body?: string };
  response?: { status: number; headers: Headers; bodyText?: string };
  /** The failure when no response arrived (AppFailure from the HttpClient). */
  failure?: { networkError?: { code: string; message: string }; code?: string; message?: string };
}

/** The diagnosis input for an exchange, secrets masked. */
export function exchangeInput(f: ExchangeFacts): ExchangeInput {
  const headers = record(f.request.headers);
  if (headers['authorization']) headers['authorization'] = maskBasic(headers['authorization']);
  const { request, response, failure, ...rest } = f;
  const input: ExchangeInput = {
    ...rest,
    request: { method: request.method, url: request.url, headers, ...(request.body !== undefined ? { body: maskBody(request.body, headers['content-type']) } : {}) },
  };
  if (response) input.response = { status: response.status, headers: record(response.headers), body: response.bodyText ?? '' };
  else if (failure) input.networkError = failure.networkError ?? { code: failure.code === 'TIMEOUT' ? 'ETIMEDOUT' : failure.code ?? 'UNKNOWN', message: failure.message ?? '' };
  return input;
}
