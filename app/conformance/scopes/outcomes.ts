import { finding } from '../finding.ts';
import { coveredBy, permSubset, querySubset, resourceScopes, sameQuery, type ResourceScope } from './coverage.ts';
import { parseScope } from './parse.ts';
import type { Finding, ScopeComparison } from '../types.ts';
import { show } from '../values.ts';

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
