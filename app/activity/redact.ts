import type { HeaderList } from './types.ts';

/** Shown in place of a secret. */
export const REDACTED = '‹redacted›';

/** Form and JSON fields whose values are secrets or bearer credentials. */
export const SENSITIVE_FIELDS = ['client_secret', 'code', 'code_verifier', 'refresh_token', 'access_token', 'id_token', 'token', 'password', 'assertion', 'subject_token', 'device_code'] as const;

/**
 * `code` is an authorization code only in a token request (a form with `grant_type`); in FHIR
 * JSON and search URLs it is terminology (`Observation?code=8867-4`) and must stay readable.
 */
const TERMINOLOGY_SAFE_FIELDS: ReadonlySet<string> = new Set(SENSITIVE_FIELDS.filter((f) => f !== 'code'));
const ALL_SENSITIVE_FIELDS: ReadonlySet<string> = new Set(SENSITIVE_FIELDS);

const SENSITIVE_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-bridge-secret']);

/**
 * Names that say a value is a secret, wherever they appear: a claim a peer embedded in a token
 * (`client_secret`, `password`), a member of a JSON answer (`private_key`, `refresh_token`), a
 * field of a decoded view. Redaction by position (the form fields above, the Authorization
 * header) knows where protocols put secrets; this catches the ones nobody expected.
 */
const SECRET_NAME = /(?:^|[_\-.])(?:secret|secrets|password|passwd|pwd|passphrase|pin)(?:$|[_\-.])|secret$|password$|private[_\-]?key|privatekey|^(?:refresh|access|id|subject|actor|device|session|bearer|api)[_\-]?token$|^token$|api[_\-]?key$|^client[_\-]?assertion$|^assertion$|^code[_\-]verifier$|^credentials?$/i;
/** JWK private members (RFC 7518 §6.2.2, §6.3.2, §6.4.1), secret inside any object that has `kty`. */
const JWK_PRIVATE_MEMBERS: ReadonlySet<string> = new Set(['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k']);

/** Whether a field or claim name says its value is a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/**
 * A copy of `value` with every member named like a secret (and a JWK's private members) replaced
 * by REDACTED, and the paths it hid (`client_secret`, `cnf.jwk.d`). Empty values stay as they
 * are: an empty `client_secret` hides nothing and says something.
 */
export function redactByName<T>(value: T): { value: T; hidden: string[] } {
  const hidden: string[] = [];
  const walk = (v: unknown, path: string): unknown => {
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`));
    if (!v || typeof v !== 'object') return v;
    const isJwk = typeof (v as Record<string, unknown>)['kty'] === 'string';
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => {
      const at = path ? `${path}.${k}` : k;
      const secret = isSecretName(k) || (isJwk && JWK_PRIVATE_MEMBERS.has(k));
      if (secret && x !== null && x !== undefined && x !== '' && x !== REDACTED) {
        hidden.push(at);
        return [k, REDACTED];
      }
      return [k, walk(x, at)];
    }));
  };
  return { value: walk(value, '') as T, hidden };
}

/** A client assertion keeps header and payload (worth inspecting) but loses its signature. */
export function redactJwtSignature(jwt: string): string {
  const parts = jwt.split('.');
  return parts.length === 3 ? `${parts[0]}.${parts[1]}.${REDACTED}` : REDACTED;
}

/** Replaces every occurrence of known secret values (longer than 3 characters) in a text. */
export function redactValues(text: string, values: readonly string[]): string {
  if (values.length === 0) return text; // the common case: nothing known to hide beyond the fields
  let out = text;
  for (const v of [...values].filter((x) => x && x.length > 3).sort((a, b) => b.length - a.length)) {
    // The value as written, URL-encoded, form-encoded (space as +) and inside a JSON string.
    const forms = new Set([v, encodeURIComponent(v), new URLSearchParams({ v }).toString().slice(2), JSON.stringify(v).slice(1, -1)]);
    for (const form of forms) out = out.split(form).join(REDACTED);
  }
  return out;
}

/** Redacts credential headers: keeps the scheme (`Bearer`, `Basic`) so the log still explains what was sent. */
export function redactHeaders(headers: HeaderList, values: readonly string[] = []): HeaderList {
  return headers.map(({ name, value }) => {
    if (!SENSITIVE_HEADERS.has(name.toLowerCase())) return { name, value: redactValues(value, values) };
    const scheme = /^(\w+)\s/.exec(value)?.[1];
    return { name, value: scheme ? `${scheme} ${REDACTED}` : REDACTED };
  });
}

function redactForm(body: string): string {
  const params = new URLSearchParams(body);
  const fields = params.has('grant_type') ? ALL_SENSITIVE_FIELDS : TERMINOLOGY_SAFE_FIELDS;
  let changed = false;
  for (const [k, v] of [...params]) {
    if (k === 'client_assertion') { params.set(k, redactJwtSignature(v)); changed = true; }
    else if (fields.has(k)) { params.set(k, REDACTED); changed = true; }
  }
  return changed ? params.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED) : body;
}

function redactJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactJson);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' && (TERMINOLOGY_SAFE_FIELDS.has(k) || (isSecretName(k) && v !== '')) ? REDACTED : redactJson(v)]));
  }
  return value;
}

/** JSON cut short (a size cap) no longer parses: hide `"access_token": "…` members textually, up to the text's end if unclosed. */
function redactJsonText(text: string): string {
  const names = [...TERMINOLOGY_SAFE_FIELDS].join('|');
  return text.replace(new RegExp(`("(?:${names})"\\s*:\\s*")(?:[^"\\\\]|\\\\.)*("|$)`, 'g'), `$1${REDACTED}$2`);
}

/**
 * Redacts a request or response body: form fields and JSON members that carry secrets or
 * tokens, and any known secret value wherever else it appears.
 */
export function redactBody(body: string | undefined, contentType: string | undefined, values: readonly string[] = []): string | undefined {
  if (body === undefined || body === '') return body;
  let out = body;
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) out = redactForm(body);
  else if (type.includes('json')) {
    try { out = JSON.stringify(redactJson(JSON.parse(body)), null, 2); } catch { out = redactJsonText(body); }
  }
  return redactValues(out, values);
}

/** Redacts secret-bearing query parameters in a URL (tokens in query strings do happen). */
export function redactUrl(url: string, values: readonly string[] = []): string {
  try {
    const u = new URL(url);
    for (const k of [...u.searchParams.keys()]) if (TERMINOLOGY_SAFE_FIELDS.has(k)) u.searchParams.set(k, REDACTED);
    return redactValues(u.toString(), values);
  } catch {
    return redactValues(url, values);
  }
}
