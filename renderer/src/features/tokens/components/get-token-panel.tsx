import { useId } from 'react';
import { isRunInFlight, type TokenRun } from '../../../../../app/contract/index.ts';
import { resolveTemplate, AUTH_METHOD_LABELS, isAuthCode, type Profile } from '../../../../../app/profiles/index.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { useCancelRun, useSandboxLaunch, useStartToken } from '../api/token-queries.ts';
import { EMPTY_DRAFT, useTokensUiStore } from '../stores/tokens-ui-store.ts';
import { formatDuration } from '../time-format.ts';
import { useNow } from '../../../lib/use-now.ts';

function WaitingForBrowser({ run }: { run: TokenRun }) {
  const cancel = useCancelRun();
  const now = useNow();
  const b = run.browser;
  if (!b) return null;
  return (
    <Alert tone="info" title="Waiting for the sign-in in your browser">
      <p>{b.openInRenderer ? 'The sign-in page opened in a new tab.' : 'The sign-in page opened in your default browser.'} When you finish there, the server redirects to <code>{b.redirectUri}</code> and the app exchanges the code. Gives up in {formatDuration(b.expiresAt - now)}.</p>
      <div className="row">
        <a className="btn" href={b.authorizeUrl} target="_blank" rel="noopener noreferrer">Open the sign-in page</a>
        <button type="button" className="btn" onClick={() => cancel.mutate(run.id)} disabled={cancel.isPending}>Cancel sign-in</button>
      </div>
    </Alert>
  );
}

/** What a run in flight is doing, in words. */
function inFlightText(run: TokenRun): string {
  if (run.status === 'discovering') return 'Discovering the server\'s endpoints…';
  return run.flow === 'authorization_code' ? 'Redirect received; exchanging the code…' : 'Waiting for the token endpoint to answer…';
}

/** Where the token request will go, in words, before anything is sent. */
function tokenEndpointText(p: Profile): string {
  if (p.tokenEndpoint) return resolveTemplate(p.tokenEndpoint, p.fhirBaseUrl, p.clientId);
  return p.discovered?.tokenEndpoint ?? 'found by discovery when the flow starts';
}

/** Starts the profile's flow: scopes to ask for, an EHR launch value for app launch, and the button. */
export function GetTokenPanel({ profile, run }: { profile: Profile; run: TokenRun | undefined }) {
  const draft = useTokensUiStore((s) => s.drafts[profile.id]) ?? EMPTY_DRAFT;
  const draftChanged = useTokensUiStore((s) => s.draftChanged);
  const runShown = useTokensUiStore((s) => s.runShown);
  const start = useStartToken();
  const sandboxLaunch = useSandboxLaunch();
  const ids = { scope: useId(), launch: useId(), patient: useId() };
  const appLaunch = isAuthCode(profile.authMethod);
  const scope = draft.scope ?? profile.scopes;
  const waiting = isRunInFlight(run);

  const go = () => {
    // Browser mode: main cannot open a tab in this browser, so the page does, right after the click
    // (still within the click's user activation); the link in WaitingForBrowser is the fallback.
    start.mutate({ profileId: profile.id, scope, ...(appLaunch && draft.launch.trim() ? { launch: draft.launch.trim() } : {}) }, {
      onSuccess: (r) => {
        runShown(profile.id, r.id);
        if (r.browser?.openInRenderer) window.open(r.browser.authorizeUrl, '_blank', 'noopener');
      },
    });
  };

  return (
    <section className="card stack" aria-labelledby="get-token-title">
      <h2 id="get-token-title">Get a token</h2>
      <table className="kv">
        <tbody>
          <tr><th>Flow</th><td>{AUTH_METHOD_LABELS[profile.authMethod]}</td></tr>
          <tr><th>Client id</th><td className="mono">{profile.clientId || '—'}</td></tr>
          <tr><th>Token endpoint</th><td className="mono">{tokenEndpointText(profile)}</td></tr>
        </tbody>
      </table>
      <div className="field">
        <label htmlFor={ids.scope}>Scopes to request</label>
        <textarea id={ids.scope} rows={2} value={scope} onChange={(e) => draftChanged(profile.id, { scope: e.target.value })} spellCheck={false} />
        {draft.scope !== undefined && draft.scope !== profile.scopes && (
          <div><button type="button" className="btn small" onClick={() => draftChanged(profile.id, { scope: undefined })}>Use the profile's scopes</button></div>
        )}
      </div>
      {appLaunch && (
        <fieldset>
          <legend>EHR launch (optional)</legend>
          <div className="field">
            <label htmlFor={ids.launch}>Launch value</label>
            <input id={ids.launch} type="text" value={draft.launch} placeholder="Leave empty for a standalone launch" onChange={(e) => draftChanged(profile.id, { launch: e.target.value })} spellCheck={false} />
            <span className="hint">The opaque <code>launch</code> the EHR passed to the app. The app adds the <code>launch</code> scope for you.</span>
          </div>
          <div className="row">
            <label htmlFor={ids.patient} className="label">Sandbox patient</label>
            <input id={ids.patient} type="text" value={draft.patient} onChange={(e) => draftChanged(profile.id, { patient: e.target.value })} style={{ width: 180 }} />
            <button type="button" className="btn" disabled={sandboxLaunch.isPending} onClick={() => sandboxLaunch.mutate({ profileId: profile.id, patient: draft.patient }, { onSuccess: (r) => draftChanged(profile.id, { launch: r.launch }) })}>
              Get a launch value from the sandbox
            </button>
          </div>
          {sandboxLaunch.error && <Alert tone="error">{sandboxLaunch.error.message}</Alert>}
          {sandboxLaunch.data && <p className="muted small" role="status">The sandbox issued a launch value for patient {sandboxLaunch.data.patient}.</p>}
        </fieldset>
      )}
      <div className="row">
        <button type="button" className="btn primary" onClick={go} disabled={start.isPending || waiting || profile.authMethod === 'none'}>
          {start.isPending ? 'Working…' : appLaunch ? 'Sign in and get token' : 'Get token'}
        </button>
        {profile.authMethod === 'none' && <span className="muted">This profile uses no authorization (open server).</span>}
      </div>
      {start.error && <Alert tone="error" title="Could not start">{start.error.message}</Alert>}
      {run?.status === 'awaiting-browser' && <WaitingForBrowser run={run} />}
      {run && run.status !== 'awaiting-browser' && waiting && <p className="muted" role="status">{inFlightText(run)}</p>}
    </section>
  );
}
