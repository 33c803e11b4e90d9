/**
 * Turns what the console editor holds into the HTTP request main sends: the URL resolved
 * against the profile's FHIR base, the query appended, FHIR's default headers, and whether the
 * profile's token may go to that URL.
 *
 * Why: main sends the request and the renderer shows it as curl; both must describe exactly
 * the same request, so both call this one pure function.
 */

/** An editor row; disabled rows are kept in the editor but not sent. */
export interface Pair { name: string; value: string; enabled?: boolean }

/** The editor's request. */
export interface ConsoleDraft {
  method: string;
  path: string;
  query?: Pair[];
  headers?: Pair[];
  body?: string;
}

/** The request as it goes on the wire (without the Authorization header main adds). */
export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** True when the URL is on the FHIR base's origin, the only place the profile's token is sent. */
  tokenAllowed: boolean;
  /** True when the user typed their own Authorization header (main then adds none). */
  userAuthorization: boolean;
}

const FHIR_JSON = 'application/fhir+json';

/** Encodes a query component but keeps the characters FHIR searches are read with (`:`, `,`, `/`, `$`, `@`). */
export function encodeQueryComponent(value: string): string {
  return encodeURIComponent(value).replace(/%(3A|2C|2F|24|40)/gi, (m) => decodeURIComponent(m));
}

/** True for an absolute http(s) URL. */
export const isAbsoluteHttpUrl = (s: string): boolean => /^https?:\/\//i.test(s.trim());

/**
 * Resolves `path` (relative to the FHIR base, or absolute) and appends the enabled query rows.
 * Throws with words for a URL that cannot be parsed or a non-http scheme.
 */
export function resolveConsoleUrl(fhirBaseUrl: string, path: string, query: Pair[] = []): string {
  const trimmed = path.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) && !isAbsoluteHttpUrl(trimmed)) {
    throw new Error(`Only http:// and https:// URLs can be sent, not ${trimmed.split(':')[0]}:`);
  }
  const base = fhirBaseUrl.replace(/\/+$/, '');
  const joined = isAbsoluteHttpUrl(trimmed) ? trimmed : `${base}/${trimmed.replace(/^\/+/, '')}`;
  let url: URL;
  try {
    url = new URL(joined);
  } catch {
    throw new Error(`"${joined.slice(0, 200)}" is not a valid URL.`);
  }
  const extra = query.filter((q) => q.enabled !== false && q.name.trim())
    .map((q) => `${encodeQueryComponent(q.name.trim())}=${encodeQueryComponent(q.value)}`);
  if (!extra.length) return url.href;
  const hash = url.hash;
  url.hash = '';
  const head = url.href;
  const sep = !head.includes('?') ? '?' : /[?&]$/.test(head) ? '' : '&';
  return `${head}${sep}${extra.join('&')}${hash}`;
}

/** True when `url` has the same scheme, host and port as the FHIR base. */
export function sameOrigin(url: string, fhirBaseUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(fhirBaseUrl).origin;
  } catch {
    return false;
  }
}

const hasHeader = (h: Record<string, string>, name: string) => Object.keys(h).some((k) => k.toLowerCase() === name);

/** Builds the wire request; throws with words for an unusable URL. */
export function buildConsoleRequest(fhirBaseUrl: string, draft: ConsoleDraft): BuiltRequest {
  const url = resolveConsoleUrl(fhirBaseUrl, draft.path, draft.query);
  const headers: Record<string, string> = {};
  for (const h of draft.headers ?? []) {
    if (h.enabled === false || !h.name.trim()) continue;
    headers[h.name.trim()] = h.value;
  }
  if (!hasHeader(headers, 'accept')) headers.Accept = FHIR_JSON;
  const sendsBody = draft.body !== undefined && draft.body !== '' && !/^(GET|HEAD)$/i.test(draft.method);
  if (sendsBody && !hasHeader(headers, 'content-type')) headers['Content-Type'] = FHIR_JSON;
  const built: BuiltRequest = {
    method: draft.method.toUpperCase(),
    url,
    headers,
    tokenAllowed: sameOrigin(url, fhirBaseUrl),
    userAuthorization: hasHeader(headers, 'authorization'),
  };
  if (sendsBody) built.body = draft.body;
  return built;
}

/** A JSON syntax problem with its place, for the editor and for main's refusal. */
export interface JsonProblem { message: string; line?: number; column?: number }

/** Checks that `text` is JSON; returns the problem with line and column when it is not. */
export function checkJson(text: string): JsonProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const raw = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(raw);
    const message = raw.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
    if (!pos) return { message: text.trim() ? message : 'The body is empty' };
    const offset = Number(pos[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { message, line, column };
  }
}

/** True when a Content-Type (or, without one, the body's first character) says JSON. */
export function looksLikeJson(contentType: string | undefined, body: string): boolean {
  if (contentType) return /[/+]json\b/i.test(contentType);
  return /^\s*[{[]/.test(body);
}
