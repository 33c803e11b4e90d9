import { outcomeFromText } from '../../../../../../app/console/index.ts';
import { usePreview } from '../../api/bulk-queries.ts';
import { OutcomeIssues } from '../outcome-issues.tsx';

/** The first NDJSON lines of one output or error file (OperationOutcome lines shown as issues). */
export function BulkPreview({ jobId, url, type, onClose }: { jobId: string; url: string; type: string; onClose: () => void }) {
  const preview = usePreview(jobId, url);
  const issues = type === 'OperationOutcome' ? preview.data?.lines.flatMap((l) => outcomeFromText(l) ?? []) : undefined;
  return (
    <section className="stack tight preview" aria-label={`Preview of ${type}`}>
      <div className="row">
        <strong>First lines of {type}</strong>
        {preview.data && <span className="muted small-print">({preview.data.lines.length} line{preview.data.lines.length === 1 ? '' : 's'}{preview.data.more ? ', more in the file' : ''}; read from {preview.data.source === 'file' ? 'the downloaded file' : 'the server'})</span>}
        <span className="spacer" />
        <button type="button" className="btn small" onClick={onClose}>Close preview</button>
      </div>
      {preview.isLoading && <p className="muted" role="status">Reading…</p>}
      {preview.error && <p className="error-text" role="alert">{preview.error.message}</p>}
      {issues?.length ? <OutcomeIssues issues={issues} title="Errors the server reported" /> : null}
      {preview.data && <pre className="pre body ndjson" tabIndex={0} aria-label="NDJSON lines">{preview.data.lines.join('\n')}</pre>}
    </section>
  );
}
