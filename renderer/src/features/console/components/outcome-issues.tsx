import type { OutcomeIssue } from '../../../../../app/console/index.ts';

const TONE: Record<string, string> = { fatal: 'error', error: 'error', warning: 'warning', information: 'info' };

/** An OperationOutcome as a readable list: severity, the server's words, code and where. */
export function OutcomeIssues({ issues, title = 'The server explained' }: { issues: OutcomeIssue[]; title?: string }) {
  const worst = issues.some((i) => i.severity === 'fatal' || i.severity === 'error') ? 'error' : issues.some((i) => i.severity === 'warning') ? 'warning' : 'info';
  return (
    <section className={`alert ${worst} outcome`} aria-label="OperationOutcome issues" role={worst === 'error' ? 'alert' : 'status'}>
      <div className="stack tight" style={{ flex: 1 }}>
        <strong>{title} ({issues.length} issue{issues.length === 1 ? '' : 's'})</strong>
        <ul className="outcome-list">
          {issues.map((issue, i) => (
            <li key={i}>
              <span className={`badge ${TONE[issue.severity] ?? ''}`}>{issue.severity}</span>{' '}
              <span>{issue.text}</span>{' '}
              <code className="muted">{issue.code}</code>
              {issue.diagnostics && <div className="muted">{issue.diagnostics}</div>}
              {issue.expression && <div className="muted">at <code>{issue.expression.join(', ')}</code></div>}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
