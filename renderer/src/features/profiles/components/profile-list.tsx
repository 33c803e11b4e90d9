import { AUTH_METHOD_LABELS, type Profile } from '../../../../../app/profiles/index.ts';
import { useProfilesUiStore } from '../stores/profiles-ui-store.ts';

/** The searchable list of saved profiles. */
export function ProfileList({ profiles, loading }: { profiles: Profile[]; loading: boolean }) {
  const pane = useProfilesUiStore((s) => s.pane);
  const paneChanged = useProfilesUiStore((s) => s.paneChanged);
  const search = useProfilesUiStore((s) => s.search);
  const selected = pane.kind === 'view' || pane.kind === 'edit' ? pane.id : undefined;
  if (loading) return <p className="muted" role="status">Loading profiles…</p>;
  if (profiles.length === 0) return <p className="muted">{search ? 'No profiles match.' : 'No profiles yet: create one from a vendor preset or import a file.'}</p>;
  return (
    <div className="list" role="listbox" aria-label="Saved profiles">
      {profiles.map((p) => (
        <button key={p.id} className="list-item" role="option" aria-selected={p.id === selected} onClick={() => paneChanged({ kind: 'view', id: p.id })}>
          <div className="title">{p.name}</div>
          <div className="sub">{p.fhirBaseUrl}</div>
          <div className="sub">{AUTH_METHOD_LABELS[p.authMethod]}</div>
        </button>
      ))}
    </div>
  );
}
