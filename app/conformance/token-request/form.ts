import { finding } from '../finding.ts';
import type { Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * Reading a token request body exactly as sent (application/x-www-form-urlencoded), and the rules
 * that only the raw bytes can reveal: TOKREQ-SCOPE-ENCODING and TOKREQ-PARAM-REPEATED.
 * @see https://www.rfc-editor.org/rfc/rfc6749#appendix-B
 */

/** One `name=value` pair of a form body, decoded and raw. */
export interface FormParam {
  name: string;
  value: string;
  rawName: string;
  rawValue: string;
  /** False for a segment without `=` (the whole segment is then the name). */
  hasEquals: boolean;
}

/** Parameter names a token request (or a neighbouring OAuth extension) legitimately carries. */
export const TOKEN_REQUEST_PARAMS = new Set([
  'grant_type', 'scope', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type', 'code',
  'redirect_uri', 'code_verifier', 'refresh_token', 'audience', 'resource', 'aud', 'launch', 'state', 'nonce',
  'assertion', 'username', 'password', 'subject_token', 'subject_token_type', 'actor_token', 'actor_token_type',
  'requested_token_type',
]);

function percentDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    // Like the WHATWG form parser: leave invalid %-sequences as they are, decode the valid ones.
    return s.replace(/(%[0-9A-Fa-f]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run;
      }
    });
  }
}

/** Decodes one form component: `+` is a space, then %-decoding (never throws). */
export function formDecode(s: string): string {
  return percentDecode(s.replace(/\+/g, ' '));
}

/** Form-encodes a value the way a browser/WHATWG serializer does (space → `+`). */
export function formEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%20/g, '+');
}

/** True when form-encoding changes the string (`:`, `+`, `%`, `&`, `=`, space, non-ASCII ...). */
export function changedByFormEncoding(s: string): boolean {
  return /[^A-Za-z0-9*\-._~]/.test(s);
}

/** Splits a raw form body into its pairs, in order, keeping empty values; never throws. */
export function parseForm(raw: string): FormParam[] {
  const out: FormParam[] = [];
  for (const seg of raw.split('&')) {
    if (seg === '') continue;
    const eq = seg.indexOf('=');
    const rawName = eq < 0 ? seg : seg.slice(0, eq);
    const rawValue = eq < 0 ? '' : seg.slice(eq + 1);
    out.push({ name: formDecode(rawName), value: formDecode(rawValue), rawName, rawValue, hasEquals: eq >= 0 });
  }
  return out;
}

/** TOKREQ-PARAM-REPEATED: one finding per parameter name sent more than once. */
export function checkRepeatedParams(params: FormParam[]): Finding[] {
  const counts = new Map<string, number>();
  for (const p of params) counts.set(p.name, (counts.get(p.name) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([name, n]) => finding('TOKREQ-PARAM-REPEATED', `parameter ${show(name)} appears ${n} times in the body`));
}

/** TOKREQ-SCOPE-ENCODING: a `scope` value written into the body without form-encoding. */
export function checkScopeEncoding(params: FormParam[]): Finding[] {
  const out: Finding[] = [];
  params.forEach((p, i) => {
    if (p.name !== 'scope') return;
    const problems: string[] = [];
    if (p.rawValue.includes(' ')) problems.push('a literal space (encode it as "+" or "%20")');
    if (p.rawValue.includes('#')) problems.push('an unescaped "#" (encode it as "%23")');
    if (p.rawValue.includes('=')) problems.push('an unescaped "=" from a query suffix (encode it as "%3D")');
    const bogus: string[] = [];
    for (let j = i + 1; j < params.length; j++) {
      const next = params[j] as FormParam;
      // A segment without "=" cannot be a parameter; an unknown name after a v2 query suffix is its tail.
      const tail = !next.hasEquals || (!TOKEN_REQUEST_PARAMS.has(next.name) && p.value.includes('?'));
      if (!tail) break;
      bogus.push(next.hasEquals ? `${next.rawName}=${next.rawValue}` : next.rawName);
    }
    if (bogus.length > 0) {
      problems.push(`an unescaped "&" that cut the scope short: ${bogus.map((b) => show(b, 40)).join(', ')} became separate parameter(s)`);
    }
    if (problems.length > 0) out.push(finding('TOKREQ-SCOPE-ENCODING', `the scope value ${show(p.rawValue, 60)} contains ${problems.join('; ')}`));
  });
  return out;
}
