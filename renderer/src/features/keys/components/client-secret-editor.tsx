import { useState } from 'react';
import { useAppStatus } from '../../../lib/app-status.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { useClearSecret, useSecretStatus, useSetSecret } from '../api/secret-queries.ts';

/**
 * Sets, replaces or clears a profile's client secret. Main never sends the secret back, so
 * this shows only whether one is set and when; for use in the profile view.
 */
export function ClientSecretEditor({ profileId }: { profileId: string }) {
  const status = useSecretStatus(profileId);
  const save = useSetSecret(profileId);
  const clear = useClearSecret(profileId);
  const app = useAppStatus();
  const [secret, setSecret] = useState('');
  const s = status.data;
  const where = app.data?.secretProtection === 'file-fallback' ? 'encrypted with a key file in the data folder (browser mode: not the OS keychain)' : 'encrypted with the OS keychain';
  // Not a <form>: the editor may sit inside the profile form, and forms cannot nest.
  const submit = () => {
    if (secret) save.mutate(secret, { onSuccess: () => setSecret('') });
  };
  return (
    <div className="stack" role="group" aria-label="Client secret settings" style={{ gap: 8 }}>
      <div className="row">
        <span className="label">Client secret:</span>
        <span data-testid="client-secret-status">
          {status.isLoading ? 'checking…' : s?.hasSecret ? `set${s.updatedAt ? ` (saved ${new Date(s.updatedAt).toLocaleString()})` : ''}` : 'not set'}
        </span>
      </div>
      {s?.problem && <Alert tone="warning" title="The stored secret cannot be read here">{s.problem}</Alert>}
      <Field label="Client secret" error={save.error?.message} hint={`${s?.hasSecret ? 'Type a new value to replace the saved one. ' : ''}Stored ${where}; never shown again.`}>
        {(p) => <input {...p} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); submit(); } }} autoComplete="off" spellCheck={false} />}
      </Field>
      <div className="row">
        <button type="button" className="btn primary" onClick={submit} disabled={!secret || save.isPending}>{s?.hasSecret ? 'Replace secret' : 'Save secret'}</button>
        <button type="button" className="btn" onClick={() => clear.mutate()} disabled={!s?.hasSecret || clear.isPending}>Clear secret</button>
      </div>
      {(status.error ?? clear.error) && <Alert tone="error">{(status.error ?? clear.error)!.message}</Alert>}
    </div>
  );
}
