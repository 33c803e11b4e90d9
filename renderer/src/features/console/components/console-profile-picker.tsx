import { useEffect } from 'react';
import { useNavigationStore } from '../../../lib/navigation-store.ts';
import { AUTH_METHOD_LABELS, type Profile } from '../../../../../app/profiles/index.ts';
import { ActiveProfilePicker, useProfileList } from '../../../components/active-profile-picker.tsx';

/** The active profile (shared with Tokens and Inspect), or the first one when none is chosen yet. */
export function useConsoleProfile(): { profile: Profile | undefined; profiles: Profile[]; loading: boolean } {
  const options = useProfileList();
  const activeId = useNavigationStore((s) => s.activeProfileId);
  const activate = useNavigationStore((s) => s.profileActivated);
  const profiles = options.data ?? [];
  const profile = profiles.find((p) => p.id === activeId);
  useEffect(() => {
    if (!profile && profiles[0]) activate(profiles[0].id);
  }, [profile, profiles, activate]);
  return { profile, profiles, loading: options.isLoading };
}

/** Chooses the profile whose server and token the console and the bulk runner use; shows its FHIR base. */
export function ConsoleProfilePicker({ profile }: { profile: Profile | undefined }) {
  const base = profile ? <span className="hint mono" title={AUTH_METHOD_LABELS[profile.authMethod]}>{profile.fhirBaseUrl}</span> : undefined;
  return <ActiveProfilePicker label="Profile" hint={base} className="field console-profile" />;
}
