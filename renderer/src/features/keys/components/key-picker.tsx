import { Field } from '../../../components/ui/field.tsx';
import { useKeys } from '../api/key-queries.ts';

/** Chooses the signing key of a private_key_jwt profile (by the key's stable id, not its kid). */
export function KeyPicker({ value, onChange, error }: { value: string | undefined; onChange: (keyId: string | undefined) => void; error?: string }) {
  const keys = useKeys();
  const list = keys.data ?? [];
  const missing = value && keys.data && !list.some((k) => k.id === value);
  return (
    <Field label="Signing key" error={error ?? (missing ? 'The chosen key no longer exists; pick another or generate one in the Keys area.' : undefined)}
      hint={list.length ? 'The private key stays in the main process; only its kid goes into the assertion header.' : 'No keys yet: generate or import one in the Keys area.'}>
      {(p) => (
        <select {...p} value={value ?? ''} onChange={(e) => onChange(e.target.value || undefined)}>
          <option value="">— choose a key —</option>
          {list.map((k) => <option key={k.id} value={k.id}>{k.name} · {k.alg} · kid {k.kid}</option>)}
        </select>
      )}
    </Field>
  );
}

/** A key's display name for read-only views. */
export function KeyName({ keyId }: { keyId: string }) {
  const keys = useKeys();
  const key = keys.data?.find((k) => k.id === keyId);
  return <>{key ? `${key.name} (${key.alg}, kid ${key.kid})` : keys.isLoading ? '…' : 'missing key'}</>;
}
