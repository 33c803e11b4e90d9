import { useState } from 'react';
import { bySeverity } from '../../../../../app/conformance/index.ts';
import { compareScopes } from '../../../../../app/conformance/scopes/index.ts';
import { FindingsList } from '../../../components/findings-list.tsx';
import { fetchDiscovery } from '../api/inspect-queries.ts';
import { buildPermissionMatrix } from '../permission-matrix.ts';
import { normaliseSupported, unlistedScopes } from '../scope-support.ts';
import { useInspectUiStore, type ScopeFlow } from '../stores/inspect-ui-store.ts';
import { PermissionMatrixView } from './permission-matrix-view.tsx';
import { useActiveProfile } from '../../../components/active-profile-picker.tsx';

function ScopeList({ title, items, tone, hint }: { title: string; items: string[]; tone: 'error' | 'warning' | 'info' | 'ok'; hint: string }) {
  return (
    <div className={`scope-list ${tone}`}>
      <h4>{title} <span className="muted">({items.length})</span></h4>
      <p className="muted hint">{hint}</p>
      {items.length === 0 ? <p className="muted">None.</p> : <ul>{items.map((s) => <li key={s}><code>{s}</code></li>)}</ul>}
    </div>
  );
}

/**
 * Item 4 of the Inspect area: requested vs granted (vs the server's scopes_supported) with SMART
 * v1/v2 awareness, computed in the renderer by the engine's compareScopes, plus the permission
 * matrix per context.
 */
export function ScopeComparison() {
  const s = useInspectUiStore((st) => st.scopes);
  const edit = useInspectUiStore((st) => st.scopesEdited);
  const profile = useActiveProfile();
  const [server, setServer] = useState<{ busy?: boolean; message?: string }>({});
  const comparison = compareScopes({ flow: s.flow, requested: s.requested, granted: s.granted });
  const matrix = buildPermissionMatrix(s.requested, s.granted);
  const supported = normaliseSupported(s.supported);
  const unlisted = supported ? unlistedScopes(s.requested, supported) : [];

  async function fillFromServer(profileId: string) {
    setServer({ busy: true });
    try {
      const result = await fetchDiscovery(profileId);
      if (result.scopesSupported.length) edit({ supported: result.scopesSupported.join(' ') });
      setServer({ message: result.scopesSupported.length ? `${result.scopesSupported.length} scopes from ${result.wellKnown.url}` : `The server lists no scopes_supported (${result.summary})` });
    } catch (e) {
      setServer({ message: e instanceof Error ? e.message : String(e) });
    }
  }
  const hasInput = s.requested.trim() !== '' || s.granted.trim() !== '';

  return (
    <div className="stack">
      <div className="card stack tight">
        <div className="row">
          <label className="field inline">
            <span className="label">Flow</span>
            <select value={s.flow} onChange={(e) => edit({ flow: e.target.value as ScopeFlow })}>
              <option value="app-launch-standalone">Standalone launch (SMART App Launch)</option>
              <option value="app-launch-ehr">EHR launch (SMART App Launch)</option>
              <option value="backend">Backend services (client_credentials)</option>
            </select>
          </label>
        </div>
        <div className="grid3">
          <label className="field">
            <span className="label">Requested scope</span>
            <textarea rows={4} spellCheck={false} value={s.requested} onChange={(e) => edit({ requested: e.target.value })} placeholder="launch/patient openid fhirUser patient/*.rs" />
            {profile?.scopes && <button type="button" className="btn small" onClick={() => edit({ requested: profile.scopes })}>Use {profile.name}'s scopes</button>}
          </label>
          <label className="field">
            <span className="label">Granted scope</span>
            <textarea rows={4} spellCheck={false} value={s.granted} onChange={(e) => edit({ granted: e.target.value })} placeholder="the token response's scope" />
          </label>
          <label className="field">
            <span className="label">Server's scopes_supported (optional)</span>
            <textarea rows={4} spellCheck={false} value={s.supported} onChange={(e) => edit({ supported: e.target.value })} placeholder='["openid", "patient/*.rs", …] or a space-separated list' />
            {profile && (
              <button type="button" className="btn small" disabled={server.busy} onClick={() => void fillFromServer(profile.id)}>
                {server.busy ? 'Reading discovery…' : `Fetch from ${profile.name}'s server`}
              </button>
            )}
            {server.message && <span className="hint" role="status">{server.message}</span>}
          </label>
        </div>
      </div>

      {!hasInput && <p className="muted">Paste the scope you requested and the scope the token response granted. Both v1 (<code>patient/*.read</code>) and v2 (<code>patient/*.rs</code>) spellings are understood.</p>}
      {hasInput && (
        <>
          <FindingsList findings={bySeverity(comparison.findings)} />
          <div className="scope-lists">
            <ScopeList title="Missing" tone="error" items={comparison.missing} hint="Requested, not granted at all." />
            <ScopeList title="Partly granted" tone="warning" items={comparison.partial} hint="Requested, granted only in part." />
            <ScopeList title="Narrowed" tone="warning" items={comparison.narrowed} hint="A * request answered with named resource types." />
            <ScopeList title="Extra" tone="info" items={comparison.extra} hint="Granted without being requested." />
            <div className="scope-list ok">
              <h4>Equivalent <span className="muted">({comparison.equivalent.length})</span></h4>
              <p className="muted hint">Same permissions, other spelling.</p>
              {comparison.equivalent.length === 0 ? <p className="muted">None.</p> : (
                <ul>{comparison.equivalent.map((e) => <li key={e.requested}><code>{e.requested}</code> = {e.granted.map((g) => <code key={g}>{g} </code>)}</li>)}</ul>
              )}
            </div>
            {supported && <ScopeList title="Not in scopes_supported" tone="warning" items={unlisted} hint="The server does not list these. The list need not be complete, but these are the first suspects." />}
          </div>
          <section aria-labelledby="matrix-title" className="stack tight">
            <h3 id="matrix-title">Permissions by resource</h3>
            <PermissionMatrixView matrix={matrix} />
            {(matrix.otherRequested.length > 0 || matrix.otherGranted.length > 0) && (
              <p className="muted">Other scopes: requested {matrix.otherRequested.map((x) => <code key={x}>{x} </code>)}{matrix.otherRequested.length === 0 && 'none'}; granted {matrix.otherGranted.map((x) => <code key={x}>{x} </code>)}{matrix.otherGranted.length === 0 && 'none'}.</p>
            )}
          </section>
        </>
      )}
    </div>
  );
}
