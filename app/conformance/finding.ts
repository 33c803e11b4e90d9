import { RULES, type RuleId } from './rules.generated.ts';
import type { CheckOptions, Finding, Severity } from './types.ts';

/**
 * Builds a finding for a registry rule, with the registry's severity and explanation.
 *
 * Every check goes through here so ids, severities and wording never drift from conformance.md.
 * `severity` overrides the default only where the rule itself says it depends on context.
 */
export function finding(rule: RuleId, message: string, severity?: Severity): Finding {
  const entry = RULES[rule];
  return { rule, severity: severity ?? entry.severity, message, explanation: entry.explanation };
}

/** Evaluation time in epoch seconds: `opts.now` when pinned, else the real clock. */
export function nowSeconds(opts?: CheckOptions): number {
  return typeof opts?.now === 'number' && Number.isFinite(opts.now) ? opts.now : Math.floor(Date.now() / 1000);
}

/** Tolerated clock skew in seconds (default 60, per the registry's "Time" section). */
export function skewSeconds(opts?: CheckOptions): number {
  const s = opts?.clockSkewSeconds;
  return typeof s === 'number' && Number.isFinite(s) && s >= 0 ? s : 60;
}

/** Orders findings errors first, then warnings, then info, keeping rule order within a severity. */
export function bySeverity(findings: Finding[]): Finding[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank[a.f.severity] - rank[b.f.severity] || a.i - b.i)
    .map(({ f }) => f);
}

/** Drops repeats of the same rule and message (inspectors that call each other report some twice). */
export function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
