/**
 * Scope tokenizing and parsing (Appendix A steps 1-2 of conformance.md).
 *
 * Shared by the scope grammar rules, the requested-vs-granted comparison, and the token
 * request/response checks, so every part of the engine reads a scope string the same way.
 */

/** One SMART permission letter (v1 suffixes are mapped onto these). */
export type Permission = 'c' | 'r' | 'u' | 'd' | 's';

/** A scope token after classification: a SMART resource scope, or an opaque string compared exactly. */
export type ParsedScope =
  | {
      kind: 'resource';
      context: 'patient' | 'user' | 'system';
      type: string;
      permissions: Set<Permission>;
      version: 'v1' | 'v2';
      query: [string, string][];
      raw: string;
    }
  | { kind: 'opaque'; raw: string };

/** Result of splitting a scope string into tokens. */
export interface TokenizedScopes {
  /** Distinct tokens in first-seen order, original spelling. */
  tokens: string[];
  /** True when the string is not the tokens joined by single spaces (SCOPE-WHITESPACE). */
  irregularWhitespace: boolean;
  /** Tokens that occurred more than once, each listed once (SCOPE-DUPLICATE). */
  duplicates: string[];
}

const WHITESPACE_RUN = /[ \t\r\n]+/;

/**
 * Appendix A step 1: trim, split on runs of SP/HTAB/CR/LF, remove duplicates.
 *
 * Never throws; a non-string yields no tokens.
 */
export function tokenizeScopes(raw: string): TokenizedScopes {
  if (typeof raw !== 'string') return { tokens: [], irregularWhitespace: false, duplicates: [] };
  const trimmed = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
  const all = trimmed === '' ? [] : trimmed.split(WHITESPACE_RUN);
  const tokens: string[] = [];
  const duplicates: string[] = [];
  const seen = new Set<string>();
  for (const t of all) {
    if (!seen.has(t)) {
      seen.add(t);
      tokens.push(t);
    } else if (!duplicates.includes(t)) {
      duplicates.push(t);
    }
  }
  return { tokens, irregularWhitespace: raw !== all.join(' '), duplicates };
}

const RESOURCE_SCOPE = /^(patient|user|system)\/([A-Z][A-Za-z]*|\*)\.(read|write|\*|c?r?u?d?s?)(\?.+)?$/;

const V1_PERMISSIONS: Record<string, Permission[]> = {
  read: ['r', 's'],
  write: ['c', 'u', 'd'],
  '*': ['c', 'r', 'u', 'd', 's'],
};

/**
 * Splits a scope query (text after `?`) into `param=value` pairs.
 *
 * Returns undefined when malformed: an empty pair, a pair without `=`, an empty name or value.
 */
export function parseScopeQuery(query: string): [string, string][] | undefined {
  if (query === '') return undefined;
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq <= 0 || eq === part.length - 1) return undefined;
    pairs.push([part.slice(0, eq), part.slice(eq + 1)]);
  }
  return pairs;
}

/**
 * Appendix A step 2: classifies one token (case-sensitive regex, non-empty suffix, query only on v2).
 *
 * Anything else, including misspelt resource scopes, is opaque and compared exactly.
 */
export function parseScope(token: string): ParsedScope {
  if (typeof token !== 'string') return { kind: 'opaque', raw: String(token) };
  const m = RESOURCE_SCOPE.exec(token);
  if (!m || m[3] === '' || m[3] === undefined) return { kind: 'opaque', raw: token };
  const suffix = m[3];
  const v1 = V1_PERMISSIONS[suffix];
  const version = v1 ? 'v1' : 'v2';
  let query: [string, string][] = [];
  if (m[4] !== undefined) {
    if (version === 'v1') return { kind: 'opaque', raw: token };
    const pairs = parseScopeQuery(m[4].slice(1));
    if (!pairs) return { kind: 'opaque', raw: token };
    query = pairs;
  }
  const permissions = new Set<Permission>(v1 ?? (suffix.split('') as Permission[]));
  return {
    kind: 'resource',
    context: m[1] as 'patient' | 'user' | 'system',
    type: m[2] as string,
    permissions,
    version,
    query,
    raw: token,
  };
}
