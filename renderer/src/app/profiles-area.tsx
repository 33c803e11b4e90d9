import { ProfilesPage } from '../features/profiles/index.ts';
import { ProfileSlotsProvider } from './profile-slots-provider.tsx';

/** The Profiles area with the Keys feature's secret editor and key picker plugged in (loaded lazily). */
export default function ProfilesArea() {
  return (
    <ProfileSlotsProvider>
      <ProfilesPage />
    </ProfileSlotsProvider>
  );
}
