import type { ParsedScope, Permission } from './parse.ts';

/**
 * Coverage relations between parsed scopes (Appendix A step 3 of conformance.md).
 *
 * Kept apart from the outcome classification so both directions (requested covered by granted,
 * granted covered by requested) use the very same definition.
 */

/** A parsed resource scope. */
export type ResourceScope = Extract<ParsedScope, { kind: 'resource' }>;

/** The query of a scope as a set of `param=value` keys (values compared literally). */
export function querySet(s: ResourceScope): Set<string> {
  return new Set(s.query.map(([k, v]) => `${k}=${v}`));
}

/** a ⊆ b for query sets. */
export function querySubset(a: ResourceScope, b: ResourceScope): boolean {
  const bs = querySet(b);
  return [...querySet(a)].every((q) => bs.has(q));
}

/** Same query set on both sides. */
export function sameQuery(a: ResourceScope, b: ResourceScope): boolean {
  return querySubset(a, b) && querySubset(b, a);
}

/** True when grant g can answer permission p of scope r (same context, type equal or `*`, fewer restrictions). */
export function grants(g: ResourceScope, r: ResourceScope, p: Permission): boolean {
  return g.context === r.context && (g.type === r.type || g.type === '*') && g.permissions.has(p) && querySubset(g, r);
}

/** Rule 3: every permission of r is granted by some member of set. */
export function coveredBy(r: ResourceScope, set: ResourceScope[]): boolean {
  return [...r.permissions].every((p) => set.some((g) => grants(g, r, p)));
}

/** Only the resource scopes of a parsed list. */
export function resourceScopes(list: ParsedScope[]): ResourceScope[] {
  return list.filter((s): s is ResourceScope => s.kind === 'resource');
}

/** a ⊆ b for permission sets. */
export function permSubset(a: Set<Permission>, b: Set<Permission>): boolean {
  return [...a].every((p) => b.has(p));
}
