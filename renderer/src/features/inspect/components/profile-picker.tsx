import { useNavigationStore } from '../../../app/navigation-store.ts';
import { useProfileOptions } from '../api/inspect-queries.ts';

/**
 * Chooses the profile whose client, endpoints, key and server the inspectors check against.
 * It is the app-wide active profile, so Tokens, Inspect and Console agree on it.
 */
export function ProfilePicker() {
  const profiles = useProfileOptions();
  const activeId = useNavigationStore((s) => s.activeProfileId);
  const activate = useNavigationStore((s) => s.profileActivated);
  const known = profiles.data?.some((p) => p.id === activeId);
  return (
    <label className="profile-picker">
      <span className="label">Check against profile</span>
      <select value={known ? activeId : ''} onChange={(e) => activate(e.target.value || undefined)} aria-describedby="profile-picker-hint">
        <option value="">No profile (decode and check on its own)</option>
        {profiles.data?.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
      <span id="profile-picker-hint" className="sr-only">The profile's client id, token endpoint, signing key and server are used for the checks.</span>
    </label>
  );
}

/** The active profile id, if it still exists. */
export function useActiveProfile() {
  const profiles = useProfileOptions();
  const activeId = useNavigationStore((s) => s.activeProfileId);
  return profiles.data?.find((p) => p.id === activeId);
}
