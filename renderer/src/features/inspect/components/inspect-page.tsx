import type { KeyboardEvent } from 'react';
import { INSPECT_TABS, useInspectUiStore, type InspectTab } from '../stores/inspect-ui-store.ts';
import { AssertionInspector } from './assertion-inspector.tsx';
import { DiscoveryFindings } from './discovery-findings.tsx';
import { NextAssertionPanel } from './next-assertion/next-assertion-panel.tsx';
import { useActiveProfile } from '../../../components/active-profile-picker.tsx';
import { ProfilePicker } from './profile-picker.tsx';
import { ScopeComparison } from './scope-comparison.tsx';
import { TokenDecoder } from './token-decoder.tsx';
import '../inspect.css';

const TAB_LABELS: Record<InspectTab, string> = { assertion: 'Client assertion', next: 'Next assertion', token: 'Token', scopes: 'Scopes', server: 'Server metadata' };

function ServerTab() {
  const profile = useActiveProfile();
  return <DiscoveryFindings profileId={profile?.id} />;
}

/**
 * The Inspect area: the client assertion inspector, the next assertion a run would send (built
 * with the assertion controls, checked before sending), the token decoder, the scope comparison
 * and the server's discovery documents, all checked against the active profile when one is chosen.
 */
export default function InspectPage() {
  const tab = useInspectUiStore((s) => s.tab);
  const choose = useInspectUiStore((s) => s.tabChosen);
  // Arrow keys move between tabs, as the WAI-ARIA tabs pattern expects.
  const onKey = (e: KeyboardEvent) => {
    const i = INSPECT_TABS.indexOf(tab);
    const next = e.key === 'ArrowRight' ? INSPECT_TABS[(i + 1) % INSPECT_TABS.length] : e.key === 'ArrowLeft' ? INSPECT_TABS[(i + INSPECT_TABS.length - 1) % INSPECT_TABS.length] : undefined;
    if (next) {
      e.preventDefault();
      choose(next);
      document.getElementById(`inspect-tab-${next}`)?.focus();
    }
  };
  return (
    <section className="stack inspect" aria-labelledby="area-title">
      <div className="row">
        <h1 id="area-title">Inspect</h1>
        <span className="spacer" />
        <ProfilePicker />
      </div>
      <div role="tablist" aria-label="Inspectors" className="tabs" onKeyDown={onKey}>
        {INSPECT_TABS.map((t) => (
          <button key={t} id={`inspect-tab-${t}`} role="tab" type="button" aria-selected={t === tab} aria-controls={`inspect-panel-${t}`}
            tabIndex={t === tab ? 0 : -1} onClick={() => choose(t)}>
            {TAB_LABELS[t]}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`inspect-panel-${tab}`} aria-labelledby={`inspect-tab-${tab}`}>
        {tab === 'assertion' && <AssertionInspector />}
        {tab === 'next' && <NextAssertionPanel />}
        {tab === 'token' && <TokenDecoder />}
        {tab === 'scopes' && <ScopeComparison />}
        {tab === 'server' && <ServerTab />}
      </div>
    </section>
  );
}
