import { createContext, useContext, type ReactNode } from 'react';

/**
 * Places where other features plug into the profile views (the client-secret editor and the
 * signing-key picker come from the Keys feature), composed in renderer/src/app so features
 * never import each other.
 */
export interface ProfileSlots {
  secretEditor?: (profileId: string) => ReactNode;
  keyPicker?: (props: { value: string | undefined; onChange: (keyId: string | undefined) => void; error?: string }) => ReactNode;
  keyName?: (keyId: string) => ReactNode;
}

/** The slot implementations, provided by the app shell. */
export const ProfileSlotsContext = createContext<ProfileSlots>({});

/** Reads the slots inside the profiles feature. */
export const useProfileSlots = (): ProfileSlots => useContext(ProfileSlotsContext);
