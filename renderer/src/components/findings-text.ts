import type { Finding, Severity } from '../../../app/conformance/index.ts';

/**
 * Counting and inline markup for conformance findings, kept apart from the component so every
 * area counts the same way and the logic is unit-tested.
 *
 * Nothing here orders findings or picks one to lead: the diagnosis (app/diagnosis, run in main)
 * ranks them, and the renderer shows them in the order it was given.
 */

/** How many findings of each severity. */
export function countFindings(findings: readonly Finding[]): Record<Severity, number> {
  const out: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) out[f.severity] += 1;
  return out;
}

/** "2 errors, 1 warning, 3 notes", or "No problems found" when empty. */
export function summariseFindings(findings: readonly Finding[]): string {
  const c = countFindings(findings);
  const parts = [
    c.error ? `${c.error} error${c.error === 1 ? '' : 's'}` : '',
    c.warning ? `${c.warning} warning${c.warning === 1 ? '' : 's'}` : '',
    c.info ? `${c.info} note${c.info === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'No problems found';
}

/** A piece of explanation text: plain, `code`, **strong** or *emphasis*. */
export type InlinePart = { kind: 'text' | 'code' | 'strong' | 'em'; text: string };

/**
 * Splits the registry's explanation markup (backticks, double and single asterisks) into parts the
 * component renders as elements, never as HTML.
 */
export function inlineParts(text: string): InlinePart[] {
  const parts: InlinePart[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) parts.push({ kind: 'text', text: text.slice(last, m.index) });
    if (m[1] !== undefined) parts.push({ kind: 'code', text: m[1] });
    else if (m[2] !== undefined) parts.push({ kind: 'strong', text: m[2] });
    else parts.push({ kind: 'em', text: m[3] ?? '' });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}
