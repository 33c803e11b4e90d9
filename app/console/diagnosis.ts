import type { Finding } from '../conformance/index.ts';

/**
 * Which finding of a console diagnosis leads: the engine's explanation of the error.
 *
 * Why shared: the Console's "Diagnosis" heading names this rule, and main's tests assert the
 * same choice. A warning-level ERR-* (status mismatch, non-standard code) says more about a
 * broken answer than the standard code it was mapped to, so it is preferred over info ones,
 * as in the Tokens area. Undefined when no ERR-* finding carries an explanation (a 404 or 500
 * with no OAuth error in it).
 */
export function mainFinding(findings: readonly Finding[]): Finding | undefined {
  const errs = findings.filter((f) => f.rule.startsWith('ERR-') && f.explanation);
  return errs.find((f) => f.severity !== 'info') ?? errs[0];
}
