import type { HeaderList } from '../../../../../app/activity/index.ts';
import type { RequestView, ResponseView, TokenStep } from '../../../../../app/contract/index.ts';
import { formatMs } from '../time-format.ts';

const STATUS: Record<TokenStep['status'], { label: string; tone: string }> = {
  ok: { label: 'Done', tone: 'ok' }, failed: { label: 'Failed', tone: 'error' }, waiting: { label: 'Waiting', tone: 'info' }, cancelled: { label: 'Cancelled', tone: 'warning' },
};

function Headers({ label, headers }: { label: string; headers: HeaderList }) {
  if (!headers.length) return null;
  return (
    <table className="kv tokens-headers" aria-label={label}>
      <tbody>{headers.map((h, i) => <tr key={`${h.name}-${i}`}><th className="mono">{h.name}</th><td className="mono">{h.value}</td></tr>)}</tbody>
    </table>
  );
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    if (/^[\w.~%*+-]+=/.test(body) && !body.includes('\n')) return [...new URLSearchParams(body)].map(([k, v]) => `${k}=${v}`).join('\n');
    return body;
  }
}

function Request({ req, title }: { req: RequestView; title: string }) {
  return (
    <details className="tokens-exchange">
      <summary>{title}</summary>
      <p className="mono tokens-line">{req.method} {req.url}</p>
      <Headers label={`${title} headers`} headers={req.headers} />
      {req.body !== undefined && req.body !== '' && (
        <>
          <pre className="pre" aria-label={`${title} body`} tabIndex={0}>{prettyBody(req.body)}</pre>
          {prettyBody(req.body) !== req.body && (
            <details className="tokens-exchange">
              <summary>Body exactly as encoded</summary>
              <pre className="pre" aria-label={`${title} body as encoded`} tabIndex={0}>{req.body}</pre>
            </details>
          )}
        </>
      )}
    </details>
  );
}

function Response({ res }: { res: ResponseView }) {
  return (
    <details className="tokens-exchange">
      <summary>Response as received: HTTP {res.status} {res.statusText} ({formatMs(res.durationMs)}, first byte {formatMs(res.waitMs)})</summary>
      <Headers label="Response headers" headers={res.headers} />
      {res.body !== undefined && res.body !== '' && <pre className="pre" aria-label="Response body" tabIndex={0}>{prettyBody(res.body)}{res.bodyTruncated ? '\n… (cut short)' : ''}</pre>}
    </details>
  );
}

/** One step of a token flow: what was sent (redacted), what came back, how long it took. */
export function StepView({ step, index }: { step: TokenStep; index: number }) {
  const s = STATUS[step.status];
  return (
    <li className={`tokens-step ${step.status}`}>
      <div className="row">
        <span className="tokens-step-n" aria-hidden="true">{index + 1}</span>
        <strong>{step.title}</strong>
        <span className={`badge ${s.tone}`}>{s.label}</span>
        {step.durationMs !== undefined && <span className="muted">{formatMs(step.durationMs)}</span>}
        <span className="spacer" />
        <span className="muted small">{new Date(step.at).toLocaleTimeString()}</span>
      </div>
      {step.detail && <p className="tokens-detail">{step.detail}</p>}
      {step.authorize && (
        <details className="tokens-exchange">
          <summary>Authorize request parameters</summary>
          <table className="kv tokens-headers" aria-label="Authorize request parameters">
            <tbody>{Object.entries(step.authorize.params).map(([k, v]) => <tr key={k}><th className="mono">{k}</th><td className="mono">{v}</td></tr>)}</tbody>
          </table>
        </details>
      )}
      {step.assertion && (
        <details className="tokens-exchange">
          <summary>Client assertion (decoded; the signature is not shown)</summary>
          <pre className="pre" aria-label="Assertion header" tabIndex={0}>{JSON.stringify(step.assertion.header, null, 2)}</pre>
          <pre className="pre" aria-label="Assertion claims" tabIndex={0}>{JSON.stringify(step.assertion.payload, null, 2)}</pre>
        </details>
      )}
      {step.request && <Request req={step.request} title={step.kind === 'callback' ? 'Redirect as received (code redacted)' : 'Request as sent (secrets redacted)'} />}
      {step.response && <Response res={step.response} />}
    </li>
  );
}
