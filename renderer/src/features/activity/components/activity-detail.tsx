import { REDACTED, type ActivityEntry } from '../../../../../app/activity/index.ts';
import { DiagnosisView } from '../../../components/diagnosis-view.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useActivityEntry, useRevealEntry } from '../api/activity-queries.ts';
import { formatBytes, formatDuration, headerValue, PURPOSE_LABELS, splitUrl, statusBadge } from '../format.ts';
import { BodyBlock, HeadersTable, WithRedactions } from './http-message.tsx';

/** Total, time to the first byte, and the rest (reading the body). */
function Timings({ timings }: { timings: ActivityEntry['timings'] }) {
  return (
    <table className="kv" aria-label="Timings">
      <tbody>
        <tr><th>Total</th><td>{formatDuration(timings.totalMs)}</td></tr>
        {timings.waitMs !== undefined && (
          <>
            <tr><th>Waiting for the response</th><td>{formatDuration(timings.waitMs)}</td></tr>
            <tr><th>Reading the body</th><td>{formatDuration(Math.max(0, timings.totalMs - timings.waitMs))}</td></tr>
          </>
        )}
      </tbody>
    </table>
  );
}

/** The request and response of one entry, as shown (redacted) or revealed. */
function Exchange({ entry }: { entry: ActivityEntry }) {
  const badge = statusBadge(entry);
  return (
    <>
      <section className="stack tight" aria-labelledby="activity-request">
        <h3 id="activity-request">Request</h3>
        <div className="mono url-line"><strong>{entry.method}</strong> <WithRedactions text={entry.url} /></div>
        <h4>Headers</h4>
        <HeadersTable label="Request headers" headers={entry.requestHeaders} />
        <h4>Body</h4>
        <BodyBlock label="Request body" body={entry.requestBody} contentType={headerValue(entry.requestHeaders, 'content-type')} />
      </section>
      <section className="stack tight" aria-labelledby="activity-response">
        <h3 id="activity-response">Response</h3>
        {entry.status === undefined ? (
          <p className="muted">No response arrived.</p>
        ) : (
          <>
            <div className="row">
              <span className={`badge ${badge.tone}`}>{entry.status}</span>
              <span>{entry.statusText}</span>
              {entry.responseSize !== undefined && <span className="muted">{formatBytes(entry.responseSize)}</span>}
            </div>
            <h4>Headers</h4>
            <HeadersTable label="Response headers" headers={entry.responseHeaders} />
            <h4>Body</h4>
            {entry.responseTruncated && (
              <Alert tone="info">Only the start of this body is kept{entry.responseSize !== undefined ? ` (the response had ${formatBytes(entry.responseSize)})` : ''}: large bodies are cut to keep the log small.</Alert>
            )}
            <BodyBlock label="Response body" body={entry.responseBody} contentType={headerValue(entry.responseHeaders, 'content-type')} />
          </>
        )}
      </section>
      <section className="stack tight" aria-labelledby="activity-timings">
        <h3 id="activity-timings">Timings</h3>
        <Timings timings={entry.timings} />
      </section>
    </>
  );
}

/**
 * One exchange in full. Secrets stay hidden until the user presses Reveal secrets, which asks
 * main for the sealed original; Hide forgets it again. Keyed by entry id by the caller, so a
 * revealed entry never stays revealed when another one is selected.
 */
export function ActivityDetail({ id, profileName }: { id: string; profileName: string | undefined }) {
  const entry = useActivityEntry(id);
  const reveal = useRevealEntry();
  if (entry.error) return <Alert tone="error" title="This entry could not be loaded">{entry.error.message}</Alert>;
  if (!entry.data) return <p className="muted" role="status">Loading…</p>;
  const shown = reveal.data ?? entry.data;
  const badge = statusBadge(shown);
  const hidesSomething = JSON.stringify(entry.data).includes(REDACTED);
  return (
    <section className="card stack activity-detail" aria-labelledby="activity-detail-title">
      <div className="row activity-detail-head">
        <h2 id="activity-detail-title" className="grow mono" title={shown.url}>{shown.method} {splitUrl(shown.url).rest}</h2>
        {reveal.data ? (
          <button className="btn" onClick={() => reveal.reset()}>Hide secrets</button>
        ) : (
          <button className="btn" onClick={() => reveal.mutate(id)} disabled={reveal.isPending || !hidesSomething} title={hidesSomething ? undefined : 'Nothing was hidden in this exchange'}>
            {reveal.isPending ? 'Revealing…' : 'Reveal secrets'}
          </button>
        )}
      </div>
      <div className="row muted">
        <span className={`badge ${badge.tone}`}>{badge.label}</span>
        <span className="badge">{PURPOSE_LABELS[shown.purpose] ?? shown.purpose}</span>
        <time dateTime={shown.at}>{new Date(shown.at).toLocaleString()}</time>
        <span>· {formatDuration(shown.timings.totalMs)}</span>
        {profileName && <span>· Profile: {profileName}</span>}
        {!hidesSomething && <span>· Nothing was hidden in this exchange</span>}
      </div>
      {reveal.error && <Alert tone="error" title="Secrets could not be revealed">{reveal.error.message}</Alert>}
      {reveal.data && <Alert tone="warning">Secrets are shown for this entry. Hide them before you share your screen or copy from here.</Alert>}
      {shown.error && <Alert tone="error" title={`No response: ${shown.error.code}`}>{shown.error.message}</Alert>}
      {entry.data.diagnosis && (entry.data.diagnosis.outcome === 'failed' || entry.data.diagnosis.headline) && <DiagnosisView diagnosis={entry.data.diagnosis} />}
      <Exchange entry={shown} />
    </section>
  );
}
