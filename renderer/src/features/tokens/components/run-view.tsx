import { useState } from 'react';
import { isRunInFlight, type TokenRun } from '../../../../../app/contract/index.ts';
import { DiagnosisView } from '../../../components/diagnosis-view.tsx';
import { FindingsList } from '../../../components/findings-list.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useCancelRun, useCurl } from '../api/token-queries.ts';
import { useTokensUiStore } from '../stores/tokens-ui-store.ts';
import { StepView } from './step-view.tsx';

const FLOW: Record<TokenRun['flow'], string> = { client_credentials: 'client_credentials', authorization_code: 'authorization_code + PKCE', refresh_token: 'refresh_token' };
const AUTH: Record<TokenRun['clientAuth'], string> = {
  client_secret_basic: 'client_secret_basic', client_secret_post: 'client_secret_post', private_key_jwt: 'private_key_jwt', none: 'public client',
};
const STATUS: Record<TokenRun['status'], { label: string; tone: string }> = {
  discovering: { label: 'Discovering the endpoints', tone: 'info' },
  'awaiting-browser': { label: 'Waiting for the browser', tone: 'info' }, exchanging: { label: 'Exchanging the code', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'ok' }, failed: { label: 'Failed', tone: 'error' }, cancelled: { label: 'Cancelled', tone: 'warning' },
};

/** The status words: only the code flow "exchanges a code"; client credentials and refresh request a token. */
const statusOf = (run: TokenRun) => (run.status === 'exchanging' && run.flow !== 'authorization_code' ? { ...STATUS.exchanging, label: 'Requesting a token' } : STATUS[run.status]);

function CopyCurl({ run }: { run: TokenRun }) {
  const includeSecrets = useTokensUiStore((s) => s.includeSecrets);
  const toggled = useTokensUiStore((s) => s.includeSecretsToggled);
  const curl = useCurl();
  const [copied, setCopied] = useState<string>();
  const copy = () => curl.mutate({ profileId: run.profileId, runId: run.id, includeSecrets }, {
    onSuccess: async (out) => {
      try {
        await navigator.clipboard.writeText(out.curl);
        setCopied(out.redacted ? 'Copied (secrets redacted).' : 'Copied, secrets included: treat it like a password.');
      } catch {
        setCopied('The clipboard refused; select the command below and copy it.');
      }
    },
  });
  return (
    <div className="stack tokens-curl">
      <div className="row">
        <button type="button" className="btn" onClick={copy} disabled={curl.isPending}>Copy token request as curl</button>
        <label className="row tokens-check"><input type="checkbox" checked={includeSecrets} onChange={(e) => toggled(e.target.checked)} /> Include secrets</label>
        {copied && <span className="muted" role="status">{copied}</span>}
      </div>
      {curl.error && <Alert tone="error">{curl.error.message}</Alert>}
      {curl.data && <pre className="pre" aria-label="curl command" tabIndex={0}>{curl.data.curl}</pre>}
    </div>
  );
}

/** A run: its steps in order, the outcome, its diagnosis (headline first) and the conformance findings. */
export function RunView({ run }: { run: TokenRun }) {
  const s = statusOf(run);
  // A request in flight (discovery, the token POST) can be stopped, so a stalled server never leaves
  // the user waiting for the 15 s / 30 s timeout. The browser wait has its own "Cancel sign-in".
  const cancel = useCancelRun();
  const cancellable = isRunInFlight(run) && run.status !== 'awaiting-browser';
  const sentRequest = run.steps.some((x) => (x.kind === 'token') && x.request);
  const c = run.scopeComparison;
  const shown = run.diagnosis && run.status !== 'cancelled' ? run.diagnosis : undefined;
  const failedDiagnosis = shown?.outcome === 'failed';
  const okWithHeadline = shown?.outcome === 'ok' && !!shown.headline;
  return (
    <section className="card stack" aria-labelledby="run-title">
      <div className="row">
        <h2 id="run-title">Last run: {FLOW[run.flow]}</h2>
        <span className={`badge ${s.tone}`} data-testid="run-status">{s.label}</span>
        {cancellable && <button type="button" className="btn small" onClick={() => cancel.mutate(run.id)} disabled={cancel.isPending}>Cancel request</button>}
        <span className="spacer" />
        <span className="muted">{AUTH[run.clientAuth]} · started {new Date(run.startedAt).toLocaleTimeString()}</span>
      </div>
      {cancel.error && <Alert tone="error" title="Could not cancel">{cancel.error.message}</Alert>}
      {run.error && <Alert tone={run.error.code === 'CANCELLED' ? 'warning' : 'error'} title={run.error.code === 'TIMEOUT' ? 'Timed out' : run.error.code === 'CANCELLED' ? 'Cancelled' : sentRequest ? 'The token request failed' : run.flow === 'authorization_code' ? 'The sign-in could not go on' : 'No token request was sent'}>{run.error.message}</Alert>}
      {run.notes.map((n) => <Alert key={n} tone="warning">{n}</Alert>)}
      {run.clockSkewSeconds !== undefined && Math.abs(run.clockSkewSeconds) <= 60 && <p className="muted small">Server clock (Date header) vs this computer: {run.clockSkewSeconds >= 0 ? '+' : ''}{run.clockSkewSeconds} s.</p>}
      {/* The diagnosis main ranked, its headline first: right under the failure, before the steps that led to it.
          No verdict while the request is in flight, nor on a request the user stopped. */}
      {failedDiagnosis && <DiagnosisView diagnosis={run.diagnosis!} showFindings={false} />}
      <ol className="tokens-steps" aria-label="Steps">
        {run.steps.map((step, i) => <StepView key={`${step.kind}-${i}`} step={step} index={i} />)}
      </ol>
      {c && (c.missing.length + c.partial.length + c.narrowed.length + c.extra.length > 0) && (
        <table className="kv" aria-label="Requested versus granted scopes">
          <tbody>
            {c.missing.length > 0 && <tr><th>Not granted</th><td className="mono">{c.missing.join(' ')}</td></tr>}
            {c.partial.length > 0 && <tr><th>Partly granted</th><td className="mono">{c.partial.join(' ')}</td></tr>}
            {c.narrowed.length > 0 && <tr><th>Narrowed</th><td className="mono">{c.narrowed.join(' ')}</td></tr>}
            {c.extra.length > 0 && <tr><th>Granted, not asked</th><td className="mono">{c.extra.join(' ')}</td></tr>}
          </tbody>
        </table>
      )}
      {okWithHeadline && <DiagnosisView diagnosis={run.diagnosis!} showFindings={false} />}
      {(run.findings.length > 0 || !(cancellable || run.status === 'cancelled')) && <FindingsList findings={run.findings} title="Conformance findings" emptyText={run.status === 'awaiting-browser' ? 'The authorize request looks right.' : 'No problems found.'} />}
      {sentRequest && <CopyCurl run={run} />}
    </section>
  );
}
