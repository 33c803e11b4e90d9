import { parseScope, tokenizeScopes, type ParsedScope } from '../../../../app/conformance/scopes/index.ts';

/**
 * Which requested scopes the server's `scopes_supported` does not list.
 *
 * SMART says scopes_supported need not be exhaustive, so this is a hint, not an error; but a
 * requested scope the server does not list is the first suspect when a grant comes back smaller.
 * A resource scope counts as listed when a listed scope of the same context covers its resource
 * (or `*`) and all its permissions, so `patient/Observation.rs` is covered by `patient/*.rs` or
 * by `patient/*.read` (v1).
 */

type Resource = Extract<ParsedScope, { kind: 'resource' }>;

function covers(listed: Resource, wanted: Resource): boolean {
  if (listed.context !== wanted.context) return false;
  if (listed.type !== '*' && listed.type !== wanted.type) return false;
  if (listed.query.length > 0) return false;
  return [...wanted.permissions].every((p) => listed.permissions.has(p));
}

/** The requested tokens no supported scope lists or covers, in request order. */
export function unlistedScopes(requested: string, supported: string): string[] {
  const listed = tokenizeScopes(supported).tokens;
  const listedSet = new Set(listed);
  const listedResources = listed.map(parseScope).filter((s): s is Resource => s.kind === 'resource');
  return tokenizeScopes(requested).tokens.filter((token) => {
    if (listedSet.has(token)) return false;
    const parsed = parseScope(token);
    return parsed.kind !== 'resource' || !listedResources.some((l) => covers(l, parsed));
  });
}

/** Reads scopes_supported pasted as a JSON array (as discovery shows it) or as a plain list. */
export function normaliseSupported(text: string): string {
  const t = text.trim();
  if (t.startsWith('[')) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string').join(' ');
    } catch {
      // Not JSON after all: read it as a whitespace-separated list below.
    }
  }
  return t.replace(/[",[\]]/g, ' ');
}
