import { useQuery } from '@tanstack/react-query';
import { Alert } from '../../../components/ui/alert.tsx';
import { call } from '../../../lib/api.ts';
import { profilesKey, useExportProfiles, useProfiles, useProfilesLiveUpdates } from '../api/profile-queries.ts';
import { useProfilesUiStore } from '../stores/profiles-ui-store.ts';
import { ImportProfiles } from './import-profiles.tsx';
import { PresetPicker } from './preset-picker.tsx';
import { ProfileDetails } from './profile-details.tsx';
import { ProfileForm } from './profile-form.tsx';
import { ProfileList } from './profile-list.tsx';

function SelectedPane() {
  const pane = useProfilesUiStore((s) => s.pane);
  const id = pane.kind === 'view' || pane.kind === 'edit' ? pane.id : undefined;
  const profile = useQuery({ queryKey: [...profilesKey, 'get', id], queryFn: () => call('profiles:get', { id: id! }), enabled: !!id });
  if (pane.kind === 'new') return <ProfileForm key={JSON.stringify(pane.draft)} initial={pane.draft} title="New profile" />;
  if (pane.kind === 'empty') return <div className="card muted">Select a profile, or create one from a vendor preset.</div>;
  if (profile.error) return <Alert tone="error">{profile.error.message}</Alert>;
  if (!profile.data) return <p className="muted" role="status">Loading…</p>;
  if (pane.kind === 'edit') return <ProfileForm key={profile.data.updatedAt} initial={profile.data} title={`Edit ${profile.data.name}`} />;
  return <ProfileDetails profile={profile.data} />;
}

/** The Profiles area: search, list, presets, import/export, and the create/edit/view pane. */
export default function ProfilesPage() {
  useProfilesLiveUpdates();
  const search = useProfilesUiStore((s) => s.search);
  const searchChanged = useProfilesUiStore((s) => s.searchChanged);
  const pickingPreset = useProfilesUiStore((s) => s.pickingPreset);
  const presetPickerToggled = useProfilesUiStore((s) => s.presetPickerToggled);
  const profiles = useProfiles(search);
  const exportAll = useExportProfiles();
  return (
    <section className="stack" aria-labelledby="area-title">
      <div className="row">
        <h1 id="area-title">Profiles</h1>
        <span className="spacer" />
        <button className="btn primary" onClick={() => presetPickerToggled(true)}>New profile</button>
        <ImportProfiles />
        <button className="btn" onClick={() => exportAll.mutate(undefined)} disabled={!profiles.data?.length}>Export all</button>
      </div>
      {profiles.error && <Alert tone="error" title="Profiles could not be loaded">{profiles.error.message}</Alert>}
      <div className="split">
        <div className="stack">
          <input type="search" aria-label="Search profiles" placeholder="Search name, URL, client id…" value={search} onChange={(e) => searchChanged(e.target.value)} />
          <ProfileList profiles={profiles.data ?? []} loading={profiles.isLoading} />
        </div>
        <SelectedPane />
      </div>
      {pickingPreset && <PresetPicker />}
    </section>
  );
}
