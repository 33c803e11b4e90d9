import { useAppStatus } from '../../../lib/app-status.ts';
import { Alert } from '../../../components/ui/alert.tsx';

/** Says plainly when secrets are protected by a key file instead of the OS keychain (browser mode). */
export function KeychainNotice() {
  const status = useAppStatus();
  if (status.data?.secretProtection !== 'file-fallback') return null;
  return (
    <Alert tone="warning" title="The OS keychain is not used in browser mode">
      Private keys and client secrets are encrypted with a key file in the data folder ({status.data.dataDir}). Anyone who can read your files can decrypt them; use the desktop app for keys that matter.
    </Alert>
  );
}
