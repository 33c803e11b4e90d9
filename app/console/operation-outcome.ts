/**
 * Reads a FHIR OperationOutcome into issues a person can read.
 *
 * Why: servers explain failures (a bad search parameter, a refused export) in
 * OperationOutcome; showing the raw JSON hides the one sentence that matters. Main words its
 * errors from it and the console lists the issues.
 * @see https://hl7.org/fhir/R4/operationoutcome.html
 */

/** One issue, flattened. */
export interface OutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information' | string;
  code: string;
  /** The best human text: details.text, else diagnostics, else a coding's display. */
  text: string;
  diagnostics?: string;
  expression?: string[];
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** The issues of an OperationOutcome, or undefined when `value` is not one. */
export function readOperationOutcome(value: unknown): OutcomeIssue[] | undefined {
  const oo = obj(value);
  if (!oo || oo.resourceType !== 'OperationOutcome') return undefined;
  const issues = Array.isArray(oo.issue) ? oo.issue : [];
  return issues.map((raw): OutcomeIssue => {
    const i = obj(raw) ?? {};
    const details = obj(i.details);
    const coding = Array.isArray(details?.coding) ? details.coding.map(obj) : [];
    const diagnostics = str(i.diagnostics);
    const text = str(details?.text) ?? diagnostics ?? coding.map((c) => str(c?.display) ?? str(c?.code)).find(Boolean) ?? '(no description)';
    const expression = [...(Array.isArray(i.expression) ? i.expression : []), ...(Array.isArray(i.location) ? i.location : [])].filter((e): e is string => typeof e === 'string');
    const issue: OutcomeIssue = { severity: str(i.severity) ?? 'error', code: str(i.code) ?? 'unknown', text };
    if (diagnostics && diagnostics !== text) issue.diagnostics = diagnostics;
    if (expression.length) issue.expression = expression;
    return issue;
  });
}

/** One sentence for an error message: the first error-level issue (or the first issue). */
export function outcomeSentence(issues: OutcomeIssue[]): string | undefined {
  const first = issues.find((i) => i.severity === 'fatal' || i.severity === 'error') ?? issues[0];
  if (!first) return undefined;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more issue${issues.length > 2 ? 's' : ''})` : '';
  return `${first.text} [${first.code}]${more}`;
}

/** Parses a body and reads it as an OperationOutcome, quietly undefined for anything else. */
export function outcomeFromText(text: string | undefined): OutcomeIssue[] | undefined {
  if (!text || !/^\s*\{/.test(text)) return undefined;
  try {
    return readOperationOutcome(JSON.parse(text));
  } catch {
    return undefined;
  }
}
