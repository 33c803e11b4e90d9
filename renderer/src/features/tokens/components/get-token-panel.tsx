import { useId } from 'react';
import { isRunInFlight, type TokenRun, type TokenStatus } from '../../../../../app/contract/index.ts';
import { AUTH_METHOD_LABELS, isAuthCode, redirectUriToRegister, typedEndpoint, usesAssertion, type Profile } from '../../../../../app/profiles/index.ts';
import { AssertionControlsFields, controlsProblem, toControls } from '../../../components/assertion-controls.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { CopyValue } from '../../../components/ui/copy-value.tsx';
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
  return typedEndpoint(p, 'token') ?? p.discovered?.tokenEndpoint ?? 'found by discovery when the flow starts';
}

/** The assertion prepared in Inspect, and the choice to send it with this run. */
function PreparedNotice({ status, use, onUse }: { status: TokenStatus | undefined; use: boolean; onUse: (on: boolean) => void }) {
  const now = useNow();
  const p = status?.preparedAssertion;
  if (!p) return null;
  const left = p.expiresAt !== undefined ? p.expiresAt - now : undefined;
  return (
    <Alert tone="info" title="An assertion prepared in Inspect is waiting">
      <p>Signed at {new Date(p.preparedAt).toLocaleTimeString()} for <code>{p.tokenEndpoint}</code>{left !== undefined ? (left > 0 ? `; it expires in ${formatDuration(left)}` : '; it has already expired') : ''}. {p.findings.filter((f) => f.severity === 'error').length} error finding(s).</p>
      <label className="row check"><input type="checkbox" checked={use} onChange={(e) => onUse(e.target.checked)} /> Send exactly this assertion with the next run (once)</label>
    </Alert>
  );
}

/** Starts the profile's flow: scopes to ask for, an EHR launch value for app launch, and the button. */
export function GetTokenPanel({ profile, run, status }: { profile: Profile; run: TokenRun | undefined; status: TokenStatus | undefined }) {
  const draft = useTokensUiStore((s) => s.drafts[profile.id]) ?? EMPTY_DRAFT;
  const draftChanged = useTokensUiStore((s) => s.draftChanged);
  const runShown = useTokensUiStore((s) => s.runShown);
  const start = useStartToken();
  const sandboxLaunch = useSandboxLaunch();
  const ids = { scope: useId(), launch: useId(), patient: useId() };
  const appLaunch = isAuthCode(profile.authMethod);
  const scope = draft.scope ?? profile.scopes;
  const waiting = isRunInFlight(run);
  const assertion = usesAssertion(profile.authMethod);
  const usePrepared = draft.usePrepared && !!status?.preparedAssertion;
  const controls = assertion && !usePrepared ? toControls(draft.controls) : undefined;
  const blocked = assertion && !usePrepared ? controlsProblem(draft.controls) : undefined;
  const redirect = redirectUriToRegister(profile);

  const go = () => {
    // Browser mode: main cannot open a tab in this browser, so the page does, right after the click
    // (still within the click's user activation); the link in WaitingForBrowser is the fallback.
    start.mutate({
      profileId: profile.id, scope, ...(appLaunch && draft.launch.trim() ? { launch: draft.launch.trim() } : {}),
      ...(controls ? { assertion: controls } : {}), ...(usePrepared ? { usePreparedAssertion: true } : {}),
    }, {
      onSuccess: (r) => {
        runShown(profile.id, r.id);
        if (r.browser?.openInRenderer) window.open(r.browser.authorizeUrl, '_blank', 'noopener');
        if (usePrepared) draftChanged(profile.id, { usePrepared: false });
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
          {appLaunch && (
            <tr><th>Redirect URI</th><td>{redirect.fixed ? <CopyValue value={redirect.uri} label="Redirect URI to register" /> : <span className="muted">{redirect.uri}</span>}</td></tr>
          )}
        </tbody>
      </table>
      {appLaunch && redirect.fixed && <p className="muted small">Register exactly this redirect URI with the server; it stays the same run after run (the port is set in the profile).</p>}
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
      {assertion && <PreparedNotice status={status} use={draft.usePrepared} onUse={(on) => draftChanged(profile.id, { usePrepared: on })} />}
      {assertion && !usePrepared && (
        <details open={!!controls}>
          <summary>Assertion controls for this run{controls ? ' (changed)' : ''}</summary>
          <AssertionControlsFields profile={profile} value={draft.controls} onChange={(c) => draftChanged(profile.id, { controls: c })} />
        </details>
      )}
      <div className="row">
        <button type="button" className="btn primary" onClick={go} disabled={start.isPending || waiting || profile.authMethod === 'none' || !!blocked}>
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
