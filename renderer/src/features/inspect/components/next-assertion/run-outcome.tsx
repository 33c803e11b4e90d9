import type { TokenRun } from '../../../../../../app/contract/index.ts';
import { DiagnosisView } from '../../../../components/diagnosis-view.tsx';
import { FindingsList } from '../../../../components/findings-list.tsx';
import { Alert } from '../../../../components/ui/alert.tsx';

/** What the server said to the prepared assertion: the run's outcome and its diagnosis, likeliest cause first. */
export function RunOutcome({ run, onOpenTokens }: { run: TokenRun; onOpenTokens: () => void }) {
  const ok = run.status === 'succeeded';
  return (
    <section className="card stack" aria-labelledby="sent-title">
      <div className="row">
        <h2 id="sent-title">Sent</h2>
        <span className={`badge ${ok ? 'ok' : 'error'}`} data-testid="prepared-run-status">{ok ? 'Accepted' : run.status === 'cancelled' ? 'Cancelled' : 'Refused'}</span>
        <span className="spacer" />
        <button type="button" className="btn" onClick={onOpenTokens}>Open the run in Tokens</button>
      </div>
      {ok ? <Alert tone="success">The server accepted the assertion and issued a token.</Alert> : <Alert tone="error" title="The server refused it">{run.error?.message}</Alert>}
      {/* main's diagnosis (app/diagnosis ranked it): the headline first; run.findings come in its order */}
      {run.diagnosis && (run.diagnosis.outcome === 'failed' || run.diagnosis.headline)
        ? <DiagnosisView diagnosis={run.diagnosis} findingsTitle="All findings" />
        : <FindingsList findings={run.findings} title="Findings" emptyText="No findings." />}
      {run.notes.map((n) => <p key={n} className="muted small">{n}</p>)}
    </section>
  );
}
