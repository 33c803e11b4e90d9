/**
 * A tolerant parser for `WWW-Authenticate` (RFC 7235 §4.1), as resource servers use it to carry
 * Bearer errors (RFC 6750 §3).
 *
 * Resource-server errors live in this header, not in the body, so the explanation of a 401/403
 * starts here. Several challenges, quoted strings with escapes and token68 values are handled;
 * garbage yields fewer challenges, never an exception.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 */

/** One challenge: its scheme, lower-cased parameter names, and a token68 value if any. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
  token68?: string;
}

const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
const PARAM_START = new RegExp(`^(${TOKEN})\\s*=\\s*`);
const SCHEME_START = new RegExp(`^(${TOKEN})(?:\\s+([\\s\\S]*))?$`);
const TOKEN68 = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Splits on commas that are not inside a quoted string. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (quoted && c === '\\') {
      current += c + (s[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') quoted = !quoted;
    if (c === ',' && !quoted) {
      parts.push(current);
      current = '';
      continue;
    }
    current += c;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/\\([\s\S])/g, '$1');
  if (t.startsWith('"')) return t.slice(1).replace(/\\([\s\S])/g, '$1');
  return t;
}

function addParam(ch: Challenge, text: string): boolean {
  const m = PARAM_START.exec(text);
  if (!m) return false;
  ch.params[(m[1] as string).toLowerCase()] = unquote(text.slice(m[0].length));
  return true;
}

/** Parses every challenge of a `WWW-Authenticate` value; never throws. */
export function parseWwwAuthenticate(value: unknown): Challenge[] {
  if (typeof value !== 'string') return [];
  const challenges: Challenge[] = [];
  let current: Challenge | undefined;
  for (const item of splitTopLevel(value)) {
    if (current && PARAM_START.test(item)) {
      addParam(current, item);
      continue;
    }
    const m = SCHEME_START.exec(item);
    if (!m) continue;
    current = { scheme: m[1] as string, params: {} };
    challenges.push(current);
    const rest = m[2]?.trim();
    if (!rest) continue;
    if (TOKEN68.test(rest)) current.token68 = rest;
    else addParam(current, rest);
  }
  return challenges;
}

/** The first Bearer challenge (scheme compared case-insensitively), if any. */
export function bearerChallenge(value: unknown): Challenge | undefined {
  return parseWwwAuthenticate(value).find((c) => c.scheme.toLowerCase() === 'bearer');
}
