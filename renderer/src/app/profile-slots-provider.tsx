import type { ReactNode } from 'react';
import { ClientSecretEditor, KeyName, KeyPicker } from '../features/keys/index.ts';
import { ProfileSlotsContext, type ProfileSlots } from '../lib/profile-slots.ts';

const slots: ProfileSlots = {
  secretEditor: (profileId) => <ClientSecretEditor profileId={profileId} />,
  keyPicker: (props) => <KeyPicker {...props} />,
  keyName: (keyId) => <KeyName keyId={keyId} />,
};

/** Composes the Keys feature into the profile views (features do not import each other). */
export function ProfileSlotsProvider({ children }: { children: ReactNode }) {
  return <ProfileSlotsContext.Provider value={slots}>{children}</ProfileSlotsContext.Provider>;
}
