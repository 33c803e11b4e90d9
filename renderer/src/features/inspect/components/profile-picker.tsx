import { ActiveProfilePicker } from '../../../components/active-profile-picker.tsx';

/**
 * Chooses the profile whose client, endpoints, key and server the inspectors check against.
 * It is the app-wide active profile, so Tokens, Inspect and Console agree on it.
 */
export function ProfilePicker() {
  return (
    <ActiveProfilePicker
      label="Check against profile" emptyOption="No profile (decode and check on its own)" className="profile-picker"
      hint={<span className="sr-only">The profile's client id, token endpoint, signing key and server are used for the checks.</span>}
    />
  );
}
