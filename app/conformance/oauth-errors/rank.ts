import type { RequestContext } from './context.ts';
import type { ErrorReport } from './extract.ts';

/**
 * Ranking of likely causes: each cause has a prior (how often it is the culprit in practice, in
 * the order conformance.md lists them) plus evidence from the request that was sent, the server's
 * own words and the tool's pre-flight findings. The explanation lists them most likely first.
 */

/** What the cause builders can look at. */
export interface RankContext {
  req: RequestContext;
  report: ErrorReport;
  /** Lower-cased server text: non-standard code, error_description, OperationOutcome diagnostics. */
  said: string;
  now: number;
  skew: number;
}

/** One candidate cause with its score. */
export interface Cause {
  text: string;
  score: number;
  /** Rules whose pre-flight finding makes this cause near-certain. */
  rules: string[];
}

/** Prior of a cause that does not apply to the request as sent (dropped from the explanation). */
export const OFF = -1000;

/** Evidence term: a weight when the condition holds, nothing otherwise. */
export function when(condition: unknown, weight: number): number {
  return condition ? weight : 0;
}

/** Builds a cause: `text`, a prior, the pre-flight rules that confirm it, and evidence weights. */
export function cause(text: string, prior: number, rules: string[], ...evidence: number[]): Cause {
  return { text, score: prior + evidence.reduce((a, b) => a + b, 0), rules };
}

/** Sorts causes most likely first, dropping the ones that do not apply; pre-flight findings outrank other evidence. */
export function rankCauses(causes: Cause[], ctx: RankContext): Cause[] {
  const boosted = causes.map((c, i) => ({
    c,
    i,
    score: c.score + when(c.rules.some((r) => ctx.req.preflightRules.has(r)), 300),
  }));
  return boosted.filter((x) => x.score > 0).sort((a, b) => b.score - a.score || a.i - b.i).map((x) => x.c);
}

/** The explanation text: headline, numbered causes (most likely first), meaning, server words. */
export function formatExplanation(headline: string, ranked: Cause[], tail: string[]): string {
  const lines = [headline, 'Likely causes, most likely first:'];
  ranked.forEach((c, i) => lines.push(`${i + 1}. ${c.text}`));
  for (const t of tail) if (t) lines.push(t);
  return lines.join('\n');
}
