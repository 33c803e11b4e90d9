import { useState } from 'react';
import { KEY_ALGS, RSA_SIZES, ktyOfAlg, type KeyAlg, type RsaSize } from '../../../../../app/keys/index.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { useGenerateKey } from '../api/key-queries.ts';
import { useKeysUiStore } from '../stores/keys-ui-store.ts';
import { ALG_LABELS } from './alg-options.ts';
import { issueAt } from './issue-at.ts';

/** Generates a key pair in main: algorithm, RSA size, optional kid and name. */
export function GenerateKeyForm() {
  const paneChanged = useKeysUiStore((s) => s.paneChanged);
  const generate = useGenerateKey();
  const [alg, setAlg] = useState<KeyAlg>('RS384');
  const [size, setSize] = useState<RsaSize>(2048);
  const [kid, setKid] = useState('');
  const [name, setName] = useState('');
  const rsa = ktyOfAlg(alg) === 'RSA';
  const issue = (path: string) => issueAt(generate.error, path);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    generate.mutate({ alg, modulusLength: rsa ? size : undefined, kid: kid.trim() || undefined, name: name.trim() || undefined }, { onSuccess: (k) => paneChanged({ kind: 'view', id: k.id }) });
  };
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="generate-title">
      <h2 id="generate-title">Generate a key pair</h2>
      <p className="muted">The private key is created and stays in the app's main process, encrypted at rest. You get the public half to register with the server.</p>
      <div className="grid2">
        <Field label="Algorithm">
          {(p) => (
            <select {...p} value={alg} onChange={(e) => setAlg(e.target.value as KeyAlg)}>
              {KEY_ALGS.map((a) => <option key={a} value={a}>{ALG_LABELS[a]}</option>)}
            </select>
          )}
        </Field>
        {rsa ? (
          <Field label="RSA key size" hint="2048 bits is what most servers expect; larger keys sign more slowly.">
            {(p) => (
              <select {...p} value={size} onChange={(e) => setSize(Number(e.target.value) as RsaSize)}>
                {RSA_SIZES.map((n) => <option key={n} value={n}>{n} bits</option>)}
              </select>
            )}
          </Field>
        ) : (
          <Field label="Curve">{(p) => <input {...p} type="text" readOnly value={alg === 'ES384' ? 'P-384' : 'P-256'} />}</Field>
        )}
        <Field label="Key ID (kid), optional" hint="Blank: the RFC 7638 thumbprint of the public key." error={issue('kid')}>
          {(p) => <input {...p} type="text" value={kid} onChange={(e) => setKid(e.target.value)} spellCheck={false} autoComplete="off" />}
        </Field>
        <Field label="Name, optional" hint="Only shown in this app." error={issue('name')}>
          {(p) => <input {...p} type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
      </div>
      {generate.error && !issue('kid') && !issue('name') && <Alert tone="error" title="The key was not generated">{generate.error.message}</Alert>}
      <div className="row">
        <button type="submit" className="btn primary" disabled={generate.isPending}>{generate.isPending ? 'Generating…' : 'Create key pair'}</button>
        <button type="button" className="btn" onClick={() => paneChanged({ kind: 'empty' })}>Cancel</button>
      </div>
    </form>
  );
}
