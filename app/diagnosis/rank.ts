import { finding, uniqueFindings, type Finding } from '../conformance/index.ts';
import type { Diagnosis } from './types.ts';

/**
 * The ranking of diagnosis-api.md, in one place: every finding of an exchange becomes a
 * candidate in a tier, and the tiers are the ranking principles in order.
 *
 * 1. `transport`: no response (NET-*).
 * 2. `wrong-url`: a 404/405, an HTML page or a FHIR OperationOutcome where an OAuth or FHIR
 *    answer was expected, without an error code.
 * 3. `specific`: a check of what was sent that explains the server's code (an expired assertion
 *    behind invalid_client); the server's own words order them.
 * 4. `code`: the explanation of the code the server named (ERR-*), or of the status it answered.
 * 5. `sent`: other problems with what was sent (warnings and errors).
 * 6. `response`: problems with a successful response (token response fields, granted scope).
 * 7. `remark`: remarks on the server's form (status mismatch, no description, non-standard code)
 *    and notes; never a headline while a code is present, never a cause.
 *
 * The headline is the first cause; causes are the candidates of tiers 1-6 that are worth saying
 * (errors and warnings, and every finding of tiers 1-4).
 */

/** Where a finding stands in the ranking. */
export type Tier = 'transport' | 'wrong-url' | 'specific' | 'code' | 'sent' | 'response' | 'remark';

const TIER_ORDER: Record<Tier, number> = { transport: 0, 'wrong-url': 1, specific: 2, code: 3, sent: 4, response: 5, remark: 6 };
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** One finding with its place in the ranking. */
export interface Candidate {
  finding: Finding;
  tier: Tier;
  /** Higher ranks first within a tier (evidence from the server's words, rule priority). */
  score?: number;
}

/** What an endpoint analysis hands to the ranking. */
export interface Analysis {
  outcome: Diagnosis['outcome'];
  candidates: Candidate[];
}

const isCause = (c: Candidate): boolean => {
  if (c.tier === 'remark') return false;
  if (c.tier === 'transport' || c.tier === 'wrong-url' || c.tier === 'specific' || c.tier === 'code') return true;
  return c.finding.severity !== 'info';
};

/** Orders candidates: tier, then score, then severity, then the order the checks produced them. */
function ordered(candidates: Candidate[]): Candidate[] {
  return candidates
    .map((c, i) => ({ c, i }))
    .sort((a, b) => TIER_ORDER[a.c.tier] - TIER_ORDER[b.c.tier]
      || (b.c.score ?? 0) - (a.c.score ?? 0)
      || SEVERITY_ORDER[a.c.finding.severity] - SEVERITY_ORDER[b.c.finding.severity]
      || a.i - b.i)
    .map(({ c }) => c);
}

/**
 * Ranks an analysis into a Diagnosis. A failed exchange always gets a headline: when no check
 * produced a cause, DIAG-INCOMPLETE-EXCHANGE says what was missing.
 */
export function rankAnalysis(analysis: Analysis): Diagnosis {
  // The same rule and message reported by two checks counts once, at its best place.
  const seen = new Set<string>();
  const unique = ordered(analysis.candidates).filter((c) => {
    const key = `${c.finding.rule}\u0000${c.finding.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  let causes = unique.filter(isCause).map((c) => c.finding);
  if (analysis.outcome === 'failed' && causes.length === 0) {
    const fallback = finding('DIAG-INCOMPLETE-EXCHANGE', 'the exchange failed, but nothing in it points to a cause the checks know');
    causes = [fallback];
    unique.unshift({ finding: fallback, tier: 'code' });
  }
  const rest = unique.map((c) => c.finding).filter((f) => !causes.includes(f));
  const bySeverity = rest.map((f, i) => ({ f, i })).sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i).map(({ f }) => f);
  return {
    outcome: analysis.outcome,
    headline: causes[0] ?? null,
    causes,
    findings: uniqueFindings([...causes, ...bySeverity]),
  };
}

/** Candidates of one tier. */
export const inTier = (tier: Tier, findings: Finding[], score = 0): Candidate[] => findings.map((f) => ({ finding: f, tier, score }));
