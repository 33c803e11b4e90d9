import type { KeySummary } from '../../../../../app/contract/index.ts';
import { useKeysUiStore } from '../stores/keys-ui-store.ts';

/** The stored keys, each with its alg, size, kid, and whether it is served or unusable here. */
export function KeyList({ keys, hostedIds, loading }: { keys: KeySummary[]; hostedIds: string[]; loading: boolean }) {
  const pane = useKeysUiStore((s) => s.pane);
  const paneChanged = useKeysUiStore((s) => s.paneChanged);
  const selected = pane.kind === 'view' ? pane.id : undefined;
  if (loading) return <p className="muted" role="status">Loading keys…</p>;
  if (keys.length === 0) return <p className="muted">No keys yet: generate one, or import a private key you already registered.</p>;
  return (
    <div className="list" role="listbox" aria-label="Stored keys">
      {keys.map((k) => (
        <button key={k.id} className="list-item" role="option" aria-selected={k.id === selected} onClick={() => paneChanged({ kind: 'view', id: k.id })}>
          <div className="row" style={{ gap: 6 }}>
            <span className="title">{k.name}</span>
            {hostedIds.includes(k.id) && <span className="badge ok">served</span>}
            {k.privateKey === 'unreadable' && <span className="badge warning">cannot decrypt</span>}
          </div>
          <div className="sub">{k.alg} · {k.kty === 'RSA' ? `RSA ${k.bits ?? ''}` : k.crv}</div>
          <div className="sub mono">kid {k.kid}</div>
        </button>
      ))}
    </div>
  );
}
