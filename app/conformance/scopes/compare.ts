import { checkScopeString } from './check.ts';
import { tokenizeScopes, parseScope, type ParsedScope, type Permission } from './parse.ts';
import type { CheckOptions, Finding, ScopeComparison } from '../types.ts';
import { finding } from '../finding.ts';
import { show } from '../values.ts';

/**
 * Requested-vs-granted scope comparison (Appendix A of conformance.md), the engine behind every
 * "what did the server actually give me" view and the `scopes-*` acceptance cases.
 */

/** Input of compareScopes: both strings exactly as typed/received, whitespace included. */
export interface CompareScopesInput {
  flow: 'app-launch-standalone' | 'app-launch-ehr' | 'backend';
  requested: string;
  granted: string;
}

/** Grammar rules that describe a scope string itself, whoever wrote it (Appendix A steps 1-2). */
const GRAMMAR_RULES = new Set([
  'SCOPE-SYNTAX', 'SCOPE-V2-ORDER', 'SCOPE-SEPARATOR', 'SCOPE-WHITESPACE', 'SCOPE-CASE', 'SCOPE-UNKNOWN-RESOURCE', 'SCOPE-DUPLICATE',
]);

function grantedGrammar(granted: string, flow: CompareScopesInput['flow']): Finding[] {
  return checkScopeString(granted, { flow })
    .filter((f) => GRAMMAR_RULES.has(f.rule))
    .map((f) => ({ ...f, message: `granted: ${f.message}` }));
}

/**
 * Compares a requested and a granted scope string.
 *
 * Findings: the SCOPE-* rules (102-118) for the requested string, the pure grammar rules
 * (102-108) for the granted string, then the step-6 findings (119-123). Never throws; a
 * non-string side is read as an empty scope.
 */
export function compareScopes(input: CompareScopesInput, _opts?: CheckOptions): ScopeComparison {
  const flow = input?.flow ?? 'app-launch-standalone';
  const requested = typeof input?.requested === 'string' ? input.requested : '';
  const granted = typeof input?.granted === 'string' ? input.granted : '';
  const result = compareScopeTokens(tokenizeScopes(requested).tokens, tokenizeScopes(granted).tokens);
  const grammar = [...checkScopeString(requested, { flow }), ...grantedGrammar(granted, flow)];
  return { ...result, findings: [...grammar, ...result.findings] };
}

/**
 * Requested-vs-granted outcomes for already tokenized, de-duplicated scope lists (Appendix A
 * steps 3-6). The token response check calls this directly so it reports only the
 * SCOPE-GRANTED-* findings, not the request's grammar again.
 */

type Outcome = 'identical' | 'equivalent' | 'broader' | 'narrowed' | 'partial' | 'missing';

function classify(r: ResourceScope, granted: ResourceScope[]): { outcome: Outcome; equivalentTo?: string[] } {
  if (coveredBy(r, granted)) {
    const same = granted.filter(
      (g) => g.context === r.context && g.type === r.type && sameQuery(g, r) && permSubset(g.permissions, r.permissions),
    );
    const union = new Set(same.flatMap((g) => [...g.permissions]));
    if (same.length > 0 && permSubset(r.permissions, union)) {
      return { outcome: 'equivalent', equivalentTo: same.map((g) => g.raw).sort() };
    }
    return { outcome: 'broader' };
  }
  const narrowed =
    r.type === '*' &&
    granted.some(
      (g) => g.context === r.context && g.type !== '*' && permSubset(r.permissions, g.permissions) && querySubset(g, r),
    );
  if (narrowed) return { outcome: 'narrowed' };
  const partial = granted.some(
    (g) =>
      g.context === r.context &&
      (g.type === r.type || g.type === '*' || r.type === '*') &&
      [...r.permissions].some((p) => g.permissions.has(p)),
  );
  return { outcome: partial ? 'partial' : 'missing' };
}

const CONTEXT_PREFIX = /^(patient|user|system)\//;

/**
 * A granted scope that differs from a missing one only in its context prefix: textually, or as
 * the same type, permissions and query in another context (`patient/X.read` ↔ `user/X.rs`).
 */
function contextTwin(missing: string, granted: string[]): string | undefined {
  const m = CONTEXT_PREFIX.exec(missing);
  if (!m) return undefined;
  const rest = missing.slice(m[0].length);
  const r = parseScope(missing);
  return granted.find((g) => {
    const gm = CONTEXT_PREFIX.exec(g);
    if (gm === null || gm[1] === m[1]) return false;
    if (g.slice(gm[0].length) === rest) return true;
    const p = parseScope(g);
    return (
      r.kind === 'resource' && p.kind === 'resource' && p.type === r.type && sameQuery(p, r) &&
      permSubset(p.permissions, r.permissions) && permSubset(r.permissions, p.permissions)
    );
  });
}

const list = (xs: string[]) => xs.map((x) => show(x)).join(', ');

/** Appendix A steps 3-6 for de-duplicated token lists; lists keep the original spelling. */
export function compareScopeTokens(requested: string[], granted: string[]): ScopeComparison {
  const grantedSet = new Set(granted);
  const requestedSet = new Set(requested);
  const grantedResources = resourceScopes(granted.map(parseScope));
  const requestedResources = resourceScopes(requested.map(parseScope));
  const result: ScopeComparison = { findings: [], missing: [], partial: [], narrowed: [], extra: [], equivalent: [] };

  for (const token of requested) {
    if (grantedSet.has(token)) continue;
    const p = parseScope(token);
    if (p.kind !== 'resource') {
      result.missing.push(token);
      continue;
    }
    const { outcome, equivalentTo } = classify(p, grantedResources);
    if (outcome === 'equivalent') result.equivalent.push({ requested: token, granted: equivalentTo ?? [] });
    else if (outcome === 'narrowed') result.narrowed.push(token);
    else if (outcome === 'partial') result.partial.push(token);
    else if (outcome === 'missing') result.missing.push(token);
  }
  for (const token of granted) {
    if (requestedSet.has(token)) continue;
    const p = parseScope(token);
    if (p.kind !== 'resource' || !coveredBy(p, requestedResources)) result.extra.push(token);
  }

  const f = result.findings;
  if (result.missing.length > 0 || result.partial.length > 0) {
    const parts = [
      result.missing.length > 0 ? `not granted: ${list(result.missing)}` : '',
      result.partial.length > 0 ? `only partly granted: ${list(result.partial)}` : '',
    ].filter(Boolean);
    f.push(finding('SCOPE-GRANTED-MISSING', `requested scope ${parts.join('; ')}`));
  }
  if (result.extra.length > 0) f.push(finding('SCOPE-GRANTED-EXTRA', `granted beyond the request: ${list(result.extra)}`));
  if (result.narrowed.length > 0) {
    f.push(finding('SCOPE-GRANTED-EXPANDED', `wildcard scope ${list(result.narrowed)} was answered with explicit resource types`));
  }
  if (result.equivalent.length > 0) {
    const pairs = result.equivalent.map((e) => `${show(e.requested)} ↔ ${list(e.granted)}`).join('; ');
    f.push(finding('SCOPE-GRANTED-EQUIVALENT', `granted with a different spelling: ${pairs}`));
  }
  for (const token of result.missing) {
    const twin = contextTwin(token, granted);
    if (twin !== undefined) {
      f.push(finding('SCOPE-CROSS-CONTEXT', `requested ${show(token)} is missing; ${show(twin)} was granted instead and does not cover it`));
    }
  }
  return result;
}

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
