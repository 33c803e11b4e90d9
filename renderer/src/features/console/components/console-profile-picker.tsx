import { useEffect } from 'react';
import { useNavigationStore } from '../../../app/navigation-store.ts';
import { AUTH_METHOD_LABELS, type Profile } from '../../../../../app/profiles/schema.ts';
import { useProfileOptions } from '../api/console-queries.ts';

/** The active profile (shared with Tokens and Inspect), or the first one when none is chosen yet. */
export function useConsoleProfile(): { profile: Profile | undefined; profiles: Profile[]; loading: boolean } {
  const options = useProfileOptions();
  const activeId = useNavigationStore((s) => s.activeProfileId);
  const activate = useNavigationStore((s) => s.profileActivated);
  const profiles = options.data ?? [];
  const profile = profiles.find((p) => p.id === activeId);
  useEffect(() => {
    if (!profile && profiles[0]) activate(profiles[0].id);
  }, [profile, profiles, activate]);
  return { profile, profiles, loading: options.isLoading };
}

/** Chooses the profile whose server and token the console and the bulk runner use. */
export function ConsoleProfilePicker({ profile, profiles }: { profile: Profile | undefined; profiles: Profile[] }) {
  const activate = useNavigationStore((s) => s.profileActivated);
  return (
    <label className="field console-profile">
      <span className="label">Profile</span>
      <select value={profile?.id ?? ''} onChange={(e) => activate(e.target.value || undefined)}>
        {!profiles.length && <option value="">No profiles yet: create one in Profiles</option>}
        {profiles.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
      {profile && <span className="hint mono" title={AUTH_METHOD_LABELS[profile.authMethod]}>{profile.fhirBaseUrl}</span>}
    </label>
  );
}
