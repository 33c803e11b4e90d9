import { useEffect, useState } from 'react';
import type { BulkJob } from '../../../../../../app/contract/index.ts';
import { useJobAction } from '../../api/bulk-queries.ts';
import { formatBytes } from '../../lib/format.ts';
import { DiagnosisView } from '../../../../components/diagnosis-view.tsx';
import { OutcomeIssues } from '../outcome-issues.tsx';
import { BulkPreview } from './file-preview.tsx';

const STATE: Record<BulkJob['state'], { label: string; tone: string }> = {
  starting: { label: 'Starting', tone: 'info' },
  'in-progress': { label: 'In progress', tone: 'info' },
  complete: { label: 'Complete', tone: 'ok' },
  failed: { label: 'Failed', tone: 'error' },
  cancelled: { label: 'Cancelled', tone: 'warning' },
};

function NextPoll({ at }: { at: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, []);
  const s = Math.max(0, Math.ceil((at - now) / 1000));
  return <span className="muted">next check in {s} s (the server's Retry-After)</span>;
}

/** One export: state, progress from X-Progress, cancel, the manifest, downloads and previews. */
export function BulkJobCard({ job }: { job: BulkJob }) {
  const action = useJobAction();
  const [preview, setPreview] = useState<{ url: string; type: string }>();
  const st = STATE[job.state];
  const running = job.state === 'starting' || job.state === 'in-progress';
  const dl = job.download;
  const files = job.manifest ? [...job.manifest.output.map((f) => ({ ...f, error: false })), ...job.manifest.error.map((f) => ({ ...f, error: true }))] : [];
  const dlFile = (url: string) => dl?.files.find((f) => f.url === url);
  return (
    <article className="card stack bulk-job" aria-label={`Export ${job.kickoffUrl}`}>
      <div className="row">
        <span className={`badge ${st.tone}`}>{st.label}</span>
        <span className="mono url-line">{job.kickoffMethod} {job.kickoffUrl}</span>
        {job.tokenSource === 'pasted' && <span className="badge info">pasted token</span>}
        <span className="spacer" />
        {(running || job.state === 'complete') && (
          <button type="button" className="btn small danger" disabled={action.isPending} onClick={() => action.mutate({ action: 'cancel', jobId: job.id })}
            title={running ? 'Stops polling and sends DELETE to the status URL' : 'Sends DELETE so the server can remove the files'}>
            {running ? 'Cancel export' : 'Delete on server'}
          </button>
        )}
        {!running && <button type="button" className="btn small" onClick={() => action.mutate({ action: 'forget', jobId: job.id })}>Remove from list</button>}
      </div>
      {running && (
        <div className="stack tight">
          <progress max={100} value={job.progress?.percent} aria-label="Export progress" />
          <div className="row small-print">
            <span>{job.progress?.text ?? 'Waiting for the server'}</span>
            <span className="muted">{job.polls} status check{job.polls === 1 ? '' : 's'}</span>
            {job.nextPollAt && <NextPoll at={job.nextPollAt} />}
          </div>
        </div>
      )}
      {job.error && (job.error.issues?.length
        ? <OutcomeIssues issues={job.error.issues} title={job.error.message} />
        : <p className={job.state === 'failed' ? 'error-text' : 'muted'} role={job.state === 'failed' ? 'alert' : undefined}>{job.error.message}</p>)}
      {job.error?.diagnosis && <DiagnosisView diagnosis={job.error.diagnosis} headingLevel={4} />}
      {action.error && <p className="error-text" role="alert">{action.error.message}</p>}
      {job.manifest && (
        <div className="stack tight">
          <div className="row small-print">
            <span>Transaction time <span className="mono">{job.manifest.transactionTime}</span></span>
            <span>{job.manifest.requiresAccessToken ? 'Files need the access token (the app sends it)' : 'Files are public URLs'}</span>
            <span className="spacer" />
            {dl?.state === 'running'
              ? <button type="button" className="btn small" onClick={() => action.mutate({ action: 'cancel-download', jobId: job.id })}>Stop download</button>
              : job.state === 'complete' && <button type="button" className="btn small primary" disabled={!job.manifest.output.length} onClick={() => action.mutate({ action: 'download', jobId: job.id })}>{dl ? 'Download again' : 'Download all files'}</button>}
          </div>
          {dl && (
            <div className="stack tight" role="status">
              <span>
                {dl.state === 'running' ? 'Downloading' : dl.state === 'done' ? 'Downloaded' : dl.state === 'cancelled' ? 'Download stopped' : 'Download finished with errors'}
                {' '}{formatBytes(dl.bytes)} at {formatBytes(dl.bytesPerSecond)}/s to <span className="mono">{dl.folder}</span>
              </span>
              {dl.state === 'running' && <progress aria-label="Files downloaded" max={dl.files.length} value={dl.files.filter((f) => f.state === 'done').length} />}
            </div>
          )}
          <table className="kv files">
            <thead><tr><th scope="col">Type</th><th scope="col">Count</th><th scope="col">File</th><th scope="col"><span className="sr-only">Actions</span></th></tr></thead>
            <tbody>
              {files.map((f) => {
                const local = dlFile(f.url);
                return (
                  <tr key={f.url}>
                    <td>{f.type}{f.error && <span className="badge error"> error file</span>}</td>
                    <td>{f.count ?? '—'}</td>
                    <td className="mono small-print">
                      {local ? `${local.fileName} · ${formatBytes(local.bytes)} · ${local.state}${local.error ? `: ${local.error}` : ''}` : f.url}
                    </td>
                    <td><button type="button" className="btn small" onClick={() => setPreview({ url: f.url, type: f.type })} aria-label={`Preview ${f.type} ${f.url}`}>Preview</button></td>
                  </tr>
                );
              })}
              {!files.length && <tr><td colSpan={4} className="muted">The export produced no files (nothing matched).</td></tr>}
            </tbody>
          </table>
          {preview && <BulkPreview key={preview.url + (dlFile(preview.url)?.state ?? '')} jobId={job.id} url={preview.url} type={preview.type} onClose={() => setPreview(undefined)} />}
        </div>
      )}
    </article>
  );
}
