import { useState } from 'react';
import type { KeySummary } from '../../../../../app/contract/index.ts';
import { algsForKey, type KeyAlg } from '../../../../../app/keys/index.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { useUpdateKey } from '../api/key-queries.ts';
import { ALG_LABELS } from './alg-options.ts';
import { issueAt } from './issue-at.ts';

/** Renames a key's kid or name, or changes its algorithm within what the key can sign with. */
export function EditKeyForm({ summary, onDone }: { summary: KeySummary; onDone: () => void }) {
  const update = useUpdateKey();
  const [kid, setKid] = useState(summary.kid);
  const [name, setName] = useState(summary.name);
  const [alg, setAlg] = useState<KeyAlg>(summary.alg);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    update.mutate({ id: summary.id, kid, name, alg }, { onSuccess: onDone });
  };
  const general = update.error && !issueAt(update.error, 'kid') && !issueAt(update.error, 'alg') ? update.error.message : undefined;
  return (
    <form className="stack" onSubmit={submit} aria-label="Edit key">
      <div className="grid2">
        <Field label="Key ID (kid)" error={issueAt(update.error, 'kid')} hint={`Servers pick the key by kid. The thumbprint is ${summary.thumbprint}.`}>
          {(p) => <input {...p} type="text" value={kid} onChange={(e) => setKid(e.target.value)} spellCheck={false} autoComplete="off" />}
        </Field>
        <Field label="Key name" error={issueAt(update.error, 'name')}>
          {(p) => <input {...p} type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <Field label="Key algorithm" error={issueAt(update.error, 'alg')} hint="Changing it changes the alg in the published JWK too.">
          {(p) => (
            <select {...p} value={alg} onChange={(e) => setAlg(e.target.value as KeyAlg)}>
              {algsForKey(summary.kty, summary.crv).map((a) => <option key={a} value={a}>{ALG_LABELS[a]}</option>)}
            </select>
          )}
        </Field>
      </div>
      {general && <Alert tone="error">{general}</Alert>}
      <div className="row">
        <button type="submit" className="btn primary" disabled={update.isPending}>Save changes</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
