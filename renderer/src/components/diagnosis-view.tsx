import { useId } from 'react';
import type { Diagnosis } from '../../../app/diagnosis/index.ts';
import { ExplanationText, FindingsList } from './findings-list.tsx';
import './diagnosis-view.css';

const SEVERITY_LABEL = { error: 'Error', warning: 'Warning', info: 'Note' } as const;

/**
 * The diagnosis of one exchange as main ranked it: the headline (the likeliest cause, with its
 * explanation open), the other causes in order, and every finding.
 *
 * Every area shows a failed exchange with this component, so the same failure reads the same in
 * the Tokens area, the Console, the bulk runner, the inspectors and the activity log. It picks
 * nothing: `diagnosis.headline` is what comes first.
 */
export function DiagnosisView({ diagnosis, title = 'Diagnosis', headingLevel = 3, findingsTitle = 'All findings', showFindings = true }: {
  diagnosis: Diagnosis;
  title?: string;
  headingLevel?: 2 | 3 | 4;
  findingsTitle?: string;
  /** The full findings list (off where the area shows its own list). */
  showFindings?: boolean;
}) {
  const id = useId();
  const h = diagnosis.headline;
  const Heading = `h${headingLevel}` as 'h2' | 'h3' | 'h4';
  const others = diagnosis.causes.slice(1);
  const rest = diagnosis.findings.filter((f) => !diagnosis.causes.includes(f) && !diagnosis.causes.some((c) => c.rule === f.rule && c.message === f.message));
  return (
    <section className={`diagnosis ${diagnosis.outcome}`} aria-labelledby={id} data-testid="diagnosis">
      <Heading id={id}>
        {title}{h && <> <code className="muted" data-testid="diagnosis-rule">{h.rule}</code></>}
      </Heading>
      {h ? (
        <div className={`diagnosis-headline ${h.severity}`}>
          <p className="diagnosis-message"><span className={`badge ${h.severity}`}>{SEVERITY_LABEL[h.severity]}</span> {h.message}</p>
          {h.explanation && <p className="pre-line diagnosis-explanation"><ExplanationText text={h.explanation} /></p>}
        </div>
      ) : (
        <p className="muted">{diagnosis.outcome === 'ok' ? 'Nothing to report: the exchange looks right.' : 'No cause could be named.'}</p>
      )}
      {others.length > 0 && <FindingsList findings={others} title="Other possible causes, in order" headingLevel={Math.min(headingLevel + 1, 4) as 3 | 4} />}
      {showFindings && rest.length > 0 && <FindingsList findings={rest} title={findingsTitle} headingLevel={Math.min(headingLevel + 1, 4) as 3 | 4} />}
    </section>
  );
}
