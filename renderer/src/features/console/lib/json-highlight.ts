/**
 * Splits JSON text into tokens for syntax highlighting in the raw view.
 *
 * Why: the raw view shows bodies as received (often one long line), one page at a time; a
 * regular-expression scan is fast enough per page and never fails on text that is not valid
 * JSON (a page can start or end mid-string), which a parser would.
 */

/** A highlighted piece of text. */
export interface Token { kind: 'key' | 'string' | 'number' | 'literal' | 'punct' | 'text'; text: string }

const TOKEN = /("(?:[^"\\\n]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)|\b(true|false|null)\b|([{}[\],:])/g;

/** Tokens covering all of `text`, in order. */
export function highlightJson(text: string): Token[] {
  const out: Token[] = [];
  let last = 0;
  for (const m of text.matchAll(TOKEN)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ kind: 'text', text: text.slice(last, at) });
    if (m[1] !== undefined) {
      out.push({ kind: m[2] ? 'key' : 'string', text: m[1] });
      if (m[2]) out.push({ kind: 'punct', text: m[2] });
    } else if (m[3] !== undefined) out.push({ kind: 'number', text: m[3] });
    else if (m[4] !== undefined) out.push({ kind: 'literal', text: m[4] });
    else out.push({ kind: 'punct', text: m[0] });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}
