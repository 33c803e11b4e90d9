import { useId, useState } from 'react';
import type { Finding } from '../../../app/conformance/index.ts';
import { inlineParts, summariseFindings } from './findings-text.ts';
import './findings-list.css';

/** Renders registry explanation text with its `code`, **strong** and *em* markup as elements. */
export function ExplanationText({ text }: { text: string }) {
  return (
    <>
      {inlineParts(text).map((p, i) => (p.kind === 'code' ? <code key={i}>{p.text}</code> : p.kind === 'strong' ? <strong key={i}>{p.text}</strong> : p.kind === 'em' ? <em key={i}>{p.text}</em> : <span key={i}>{p.text}</span>))}
    </>
  );
}

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Info' } as const;

export function FindingItem({ finding }: { finding: Finding }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <li className={`finding ${finding.severity}`} data-rule={finding.rule}>
      <div className="finding-head">
        <span className={`badge ${finding.severity}`}>{SEVERITY_LABEL[finding.severity]}</span>
        <code className="finding-rule">{finding.rule}</code>
        <span className="finding-message">{finding.message}</span>
      </div>
      {finding.explanation && (
        <>
          <button type="button" className="finding-toggle" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
            {open ? 'Hide explanation' : 'Why and how to fix'}
          </button>
          {open && <p className="finding-explanation" id={id}><ExplanationText text={finding.explanation} /></p>}
        </>
      )}
    </li>
  );
}

/**
 * The conformance findings of any check: severity badge, rule id, message, and the registry's
 * explanation on demand, in the order given (a diagnosis's ranking, or the engine's order).
 *
 * Every area that runs the engine (Inspect, Tokens, Console) shows findings with this one
 * component, so a rule looks and reads the same wherever it fires.
 */
export function FindingsList({ findings, title = 'Findings', emptyText = 'No problems found.', headingLevel = 3 }: {
  findings: readonly Finding[];
  /** Heading above the list; also the list's accessible name. */
  title?: string;
  /** Shown when there are no findings. */
  emptyText?: string;
  headingLevel?: 2 | 3 | 4;
}) {
  const headingId = useId();
  const sorted = findings;
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  return (
    <section className="findings" aria-labelledby={headingId}>
      <div className="findings-header">
        <Heading id={headingId}>{title}</Heading>
        {sorted.length > 0 && <span className="muted findings-summary">{summariseFindings(findings)}</span>}
      </div>
      {sorted.length === 0 ? (
        <p className="muted findings-empty">{emptyText}</p>
      ) : (
        <ul className="findings-list" aria-labelledby={headingId}>
          {sorted.map((f, i) => <FindingItem key={`${f.rule}-${i}`} finding={f} />)}
        </ul>
      )}
    </section>
  );
}
