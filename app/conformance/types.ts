/**
 * Shared types of the conformance engine, exactly as conformance-api.md defines them.
 *
 * Framework-free: used by main (live flows), the renderer (inspectors) and plain Node tests.
 */

/** How bad a finding is; see "Severity" in the rule registry. */
export type Severity = 'error' | 'warning' | 'info';

/** One result of a check: which rule, how bad, what was wrong, and why it matters. */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  explanation?: string;
}

/** Evaluation options: pinned clock (epoch seconds) and the tolerated clock skew. */
export interface CheckOptions {
  now?: number;
  clockSkewSeconds?: number;
}

/** HTTP headers; names are matched case-insensitively by every check. */
export type Headers = Record<string, string>;

/** A JSON Web Key Set as received (members unchecked). */
export type Jwks = { keys: Record<string, unknown>[] };

/** Requested vs granted scope comparison (Appendix A of the registry). */
export interface ScopeComparison {
  findings: Finding[];
  missing: string[];
  partial: string[];
  narrowed: string[];
  extra: string[];
  equivalent: { requested: string; granted: string[] }[];
}
