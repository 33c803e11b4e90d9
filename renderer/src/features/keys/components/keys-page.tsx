import { Alert } from '../../../components/ui/alert.tsx';
import { useJwksHost, useKey, useKeys, useKeysLiveUpdates } from '../api/key-queries.ts';
import { useKeysUiStore } from '../stores/keys-ui-store.ts';
import { GenerateKeyForm } from './generate-key-form.tsx';
import { ImportKeyForm } from './import-key-form.tsx';
import { JwksHostPanel } from './jwks-host-panel.tsx';
import { KeyDetails } from './key-details.tsx';
import { KeyList } from './key-list.tsx';
import { KeychainNotice } from './keychain-notice.tsx';

function SelectedPane() {
  const pane = useKeysUiStore((s) => s.pane);
  const details = useKey(pane.kind === 'view' ? pane.id : undefined);
  if (pane.kind === 'generate') return <GenerateKeyForm />;
  if (pane.kind === 'import') return <ImportKeyForm />;
  if (pane.kind === 'empty') return <div className="card muted">Select a key, generate a new key pair, or import a private key.</div>;
  if (details.error) return <Alert tone="error">{details.error.message}</Alert>;
  if (!details.data) return <p className="muted" role="status">Loading…</p>;
  return <KeyDetails details={details.data} />;
}

/** The Keys area: stored signing keys, generate/import, public exports, and the local JWKS host. */
export default function KeysPage() {
  useKeysLiveUpdates();
  const keys = useKeys();
  const host = useJwksHost();
  const paneChanged = useKeysUiStore((s) => s.paneChanged);
  return (
    <section className="stack" aria-labelledby="area-title">
      <div className="row">
        <h1 id="area-title">Keys</h1>
        <span className="spacer" />
        <button className="btn primary" onClick={() => paneChanged({ kind: 'generate' })}>Generate key</button>
        <button className="btn" onClick={() => paneChanged({ kind: 'import' })}>Import key</button>
      </div>
      <KeychainNotice />
      {keys.error && <Alert tone="error" title="Keys could not be loaded">{keys.error.message}</Alert>}
      <div className="split">
        <div className="stack">
          <KeyList keys={keys.data ?? []} hostedIds={host.data?.keyIds ?? []} loading={keys.isLoading} />
          <JwksHostPanel />
        </div>
        <SelectedPane />
      </div>
    </section>
  );
}
