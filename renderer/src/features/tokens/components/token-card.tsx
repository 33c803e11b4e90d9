import { useState } from 'react';
import type { LaunchContext, TokenStatus } from '../../../../../app/contract/index.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { useAutoRefresh, useForgetToken, useRefreshToken, useRevealToken, useRevokeToken } from '../api/token-queries.ts';
import { expiryText } from '../time-format.ts';
import { useNow } from '../../../lib/use-now.ts';
import { EMPTY_DRAFT, useTokensUiStore } from '../stores/tokens-ui-store.ts';
import { controlsProblem, toControls } from '../../../components/assertion-controls.tsx';

function Countdown({ expiresAt }: { expiresAt: number | undefined }) {
  const now = useNow();
  const e = expiryText(expiresAt, now);
  return <span className={`badge ${e.tone}`} role="timer" aria-live="off" data-testid="token-expiry">{e.text}</span>;
}

function LaunchContextTable({ ctx }: { ctx: LaunchContext }) {
  const rows: [string, string][] = [];
  if (ctx.patient) rows.push(['patient', ctx.patient]);
  if (ctx.encounter) rows.push(['encounter', ctx.encounter]);
  if (ctx.fhirUser) rows.push(['fhirUser (id_token)', ctx.fhirUser]);
  if (ctx.needPatientBanner !== undefined) rows.push(['need_patient_banner', String(ctx.needPatientBanner)]);
  if (ctx.smartStyleUrl) rows.push(['smart_style_url', ctx.smartStyleUrl]);
  if (ctx.intent) rows.push(['intent', ctx.intent]);
  if (ctx.tenant) rows.push(['tenant', ctx.tenant]);
  if (ctx.fhirContext) rows.push(['fhirContext', JSON.stringify(ctx.fhirContext)]);
  return (
    <table className="kv" aria-label="Launch context">
      <tbody>{rows.map(([k, v]) => <tr key={k}><th className="mono">{k}</th><td className="mono">{v}</td></tr>)}</tbody>
    </table>
  );
}

/** Reveal and copy: the raw token reaches the renderer only through this explicit action. */
function RevealCopy({ profileId, which, label }: { profileId: string; which: 'access_token' | 'refresh_token' | 'id_token'; label: string }) {
  const reveal = useRevealToken();
  const [note, setNote] = useState<string>();
  const copy = () => reveal.mutate({ profileId, which }, {
    onSuccess: async (r) => {
      try {
        await navigator.clipboard.writeText(r.value);
        setNote(`${label} copied.`);
      } catch {
        setNote('The clipboard refused; use Reveal and copy it by hand.');
      }
      reveal.reset();
    },
  });
  return (
    <div className="stack tokens-reveal">
      <div className="row">
        <button type="button" className="btn" onClick={copy}>Copy {label.toLowerCase()}</button>
        {reveal.data
          ? <button type="button" className="btn" onClick={() => reveal.reset()}>Hide {label.toLowerCase()}</button>
          : <button type="button" className="btn" onClick={() => reveal.mutate({ profileId, which })}>Reveal {label.toLowerCase()}</button>}
        {note && <span className="muted" role="status">{note}</span>}
      </div>
      {reveal.error && <Alert tone="error">{reveal.error.message}</Alert>}
      {reveal.data && <textarea readOnly rows={4} aria-label={`${label} value`} value={reveal.data.value} />}
    </div>
  );
}

/** The profile's current token: expiry countdown, scopes, launch context, and what can be done with it. */
export function TokenCard({ status }: { status: TokenStatus }) {
  const refresh = useRefreshToken();
  const revoke = useRevokeToken();
  const forget = useForgetToken();
  const auto = useAutoRefresh();
  const runShown = useTokensUiStore((s) => s.runShown);
  const draft = useTokensUiStore((s) => s.drafts[status.profileId]) ?? EMPTY_DRAFT;
  const draftChanged = useTokensUiStore((s) => s.draftChanged);
  // A refresh is a run too: it sends the assertion controls (or the prepared assertion) set for the next run.
  const usePrepared = draft.usePrepared && !!status.preparedAssertion;
  const controls = usePrepared ? undefined : toControls(draft.controls);
  const t = status.token;
  const error = refresh.error ?? revoke.error ?? forget.error ?? auto.error;
  if (!t) {
    return (
      <section className="card stack" aria-labelledby="token-title">
        <h2 id="token-title">Current token</h2>
        {revoke.data && <Alert tone={revoke.data.revoked.length ? 'success' : 'error'}>{revoke.data.message}</Alert>}
        <p className="muted">No token for this profile{revoke.data || forget.isSuccess ? ' any more.' : ' yet.'}</p>
        {status.lastRefreshError && <Alert tone="error" title="Automatic renewal failed">{status.lastRefreshError}</Alert>}
      </section>
    );
  }
  return (
    <section className="card stack" aria-labelledby="token-title">
      <div className="row">
        <h2 id="token-title">Current token</h2>
        <Countdown expiresAt={t.expiresAt} />
        <span className="spacer" />
        <span className="muted">{t.tokenType} · {t.accessTokenFormat === 'jwt' ? 'JWT' : 'opaque'} · via {t.flow.replaceAll('_', ' ')} · obtained {new Date(t.obtainedAt).toLocaleTimeString()}</span>
      </div>
      {status.lastRefreshError && <Alert tone="error" title="Automatic renewal failed">{status.lastRefreshError}</Alert>}
      {error && <Alert tone="error">{error.message}</Alert>}
      {revoke.data && <Alert tone={revoke.data.revoked.length ? 'success' : 'error'}>{revoke.data.message}</Alert>}
      <table className="kv">
        <tbody>
          <tr><th>Granted scope</th><td className="mono">{t.grantedScope ?? '(the response had no scope)'}</td></tr>
          <tr><th>Requested scope</th><td className="mono">{t.requestedScope || '(none)'}</td></tr>
          <tr><th>Refresh token</th><td>{t.hasRefreshToken ? 'yes' : 'no'}</td></tr>
          <tr><th>ID token</th><td>{t.hasIdToken ? 'yes' : 'no'}</td></tr>
        </tbody>
      </table>
      {t.launchContext && <><h3>Launch context</h3><LaunchContextTable ctx={t.launchContext} /></>}
      {t.accessTokenClaims && (
        <details>
          <summary>Access token claims (decoded)</summary>
          <pre className="pre" aria-label="Access token claims" tabIndex={0}>{JSON.stringify(t.accessTokenClaims, null, 2)}</pre>
        </details>
      )}
      {t.hiddenClaims && t.hiddenClaims.length > 0 && (
        <p className="muted small" data-testid="hidden-claims">
          Hidden because their names say they are secrets: {t.hiddenClaims.map((c, i) => <span key={c}>{i ? ', ' : ''}<code>{c}</code></span>)}. Reveal the token to see them.
        </p>
      )}
      <RevealCopy profileId={status.profileId} which="access_token" label="Access token" />
      <div className="row">
        <button type="button" className="btn" disabled={refresh.isPending || (!usePrepared && !!controlsProblem(draft.controls))}
          onClick={() => refresh.mutate({ profileId: status.profileId, ...(controls ? { assertion: controls } : {}), ...(usePrepared ? { usePreparedAssertion: true } : {}) }, {
            onSuccess: (run) => { runShown(status.profileId, run.id); if (usePrepared) draftChanged(status.profileId, { usePrepared: false }); },
          })}>
          {t.hasRefreshToken ? 'Refresh now' : 'Get a new token now'}
        </button>
        <button type="button" className="btn danger" disabled={!status.revocationEndpoint || revoke.isPending} onClick={() => revoke.mutate(status.profileId)}
          title={status.revocationEndpoint ? `POST to ${status.revocationEndpoint}` : 'The server advertises no revocation endpoint (run discovery to check)'}>
          Revoke
        </button>
        <button type="button" className="btn" onClick={() => forget.mutate(status.profileId)}>Forget</button>
        <label className="row tokens-check">
          <input type="checkbox" checked={status.autoRefresh} onChange={(e) => auto.mutate({ profileId: status.profileId, enabled: e.target.checked })} />
          Renew automatically before expiry (saved with the profile)
        </label>
      </div>
      {!status.revocationEndpoint && <p className="muted small">Revoke is unavailable: the server advertises no revocation endpoint.</p>}
    </section>
  );
}
