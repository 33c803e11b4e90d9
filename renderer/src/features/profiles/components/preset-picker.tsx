import { Alert } from '../../../components/ui/alert.tsx';
import { blankDraft, draftFromPreset } from '../preset-draft.ts';
import { usePresets } from '../api/profile-queries.ts';
import { useProfilesUiStore } from '../stores/profiles-ui-store.ts';

/** Dialog that starts a new profile from a vendor preset or from scratch. */
export function PresetPicker() {
  const presets = usePresets();
  const paneChanged = useProfilesUiStore((s) => s.paneChanged);
  const close = useProfilesUiStore((s) => s.presetPickerToggled);
  return (
    <div className="dialog-backdrop" onClick={() => close(false)}>
      <div className="dialog stack" role="dialog" aria-modal="true" aria-labelledby="preset-title" onClick={(e) => e.stopPropagation()}>
        <div className="row"><h2 id="preset-title">New profile</h2><span className="spacer" /><button className="btn small" onClick={() => close(false)}>Close</button></div>
        <p className="muted">Start from what a vendor's onboarding document says, then fill in your FHIR base URL and client id.</p>
        {presets.error && <Alert tone="error">{presets.error.message}</Alert>}
        <div className="list">
          <button className="list-item" onClick={() => paneChanged({ kind: 'new', draft: blankDraft() })}>
            <div className="title">Blank profile</div>
            <div className="sub">Fill every field yourself.</div>
          </button>
          {presets.data?.map((p) => (
            <button key={p.id} className="list-item" onClick={() => paneChanged({ kind: 'new', draft: draftFromPreset(p) })} aria-label={`Preset ${p.label}`}>
              <div className="title">{p.label}</div>
              <div className="sub">{p.summary}</div>
            </button>
          ))}
        </div>
      </div>
    </div>
  );
}
