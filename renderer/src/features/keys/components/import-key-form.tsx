import { useEffect, useRef, useState } from 'react';
import type { ImportCandidate } from '../../../../../app/contract/index.ts';
import type { KeyAlg } from '../../../../../app/keys/index.ts';
import { Field } from '../../../components/ui/field.tsx';
import { useImportKey, usePreviewImport } from '../api/key-queries.ts';
import { useKeysUiStore } from '../stores/keys-ui-store.ts';
import { ALG_LABELS } from './alg-options.ts';
import { issueAt } from './issue-at.ts';

const describe = (c: ImportCandidate) =>
  [c.label, c.kty === 'RSA' && c.bits ? `RSA ${c.bits}` : c.crv, c.thumbprint ? `thumbprint ${c.thumbprint.slice(0, 12)}…` : ''].filter(Boolean).join(' · ');

/**
 * Imports a private key: paste or load PEM / JWK / JWKS, see what main found in it (and why
 * something cannot be used) next to the input, choose the key, algorithm and kid, import.
 */
export function ImportKeyForm() {
  const paneChanged = useKeysUiStore((s) => s.paneChanged);
  const preview = usePreviewImport();
  const importer = useImportKey();
  const fileInput = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [index, setIndex] = useState<number | undefined>();
  const [alg, setAlg] = useState<KeyAlg | ''>('');
  const [kid, setKid] = useState('');
  const [name, setName] = useState('');
  const [fileError, setFileError] = useState<string | undefined>();

  // Read the text in main as the user pastes or types (debounced), so problems show at once.
  useEffect(() => {
    importer.reset();
    setAlg('');
    if (!text.trim()) return preview.reset();
    const t = setTimeout(() => preview.mutate(text, { onSuccess: (p) => setIndex(p.candidates.find((c) => !c.problem)?.index) }), 300);
    return () => clearTimeout(t);
    // Mutation objects change identity every render; the effect depends on the text only.
  }, [text]);

  const current = preview.variables === text ? preview : undefined;
  const found = current?.data;
  const chosen = found?.candidates.find((c) => c.index === index);
  const textError = fileError ?? current?.error?.message ?? (importer.error && !issueAt(importer.error, 'kid') && !issueAt(importer.error, 'alg') ? importer.error.message : undefined);

  const onFile = async (file: File | undefined) => {
    if (!file) return;
    setFileError(file.size > 1_000_000 ? `${file.name} is larger than 1 MB; a key file is far smaller.` : undefined);
    setText(file.size > 1_000_000 ? '' : await file.text());
    if (fileInput.current) fileInput.current.value = '';
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    importer.mutate(
      { text, index: found && found.candidates.length > 1 ? index : undefined, alg: alg || undefined, kid: kid.trim() || undefined, name: name.trim() || undefined },
      { onSuccess: (k) => paneChanged({ kind: 'view', id: k.id }) },
    );
  };

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="import-title">
      <h2 id="import-title">Import a private key</h2>
      <Field label="Key text (PEM, JWK or JWKS)" error={textError}
        hint={found ? `Found ${found.candidates.length} key(s) in this ${found.format.toUpperCase()}; ${found.importable} can be imported.` : 'Paste a PKCS#8 PEM (BEGIN PRIVATE KEY), a private JWK, or a JWKS that holds a private key. It is read in the app, never sent anywhere.'}>
        {(p) => <textarea {...p} rows={8} value={text} onChange={(e) => { setFileError(undefined); setText(e.target.value); }} spellCheck={false} autoComplete="off" placeholder="-----BEGIN PRIVATE KEY-----" />}
      </Field>
      <div className="row">
        <button type="button" className="btn" onClick={() => fileInput.current?.click()}>Load from file…</button>
        <input ref={fileInput} type="file" className="sr-only" aria-label="Key file" accept=".pem,.key,.json,.jwk,.jwks,.txt,application/json,application/x-pem-file"
          onChange={(e) => void onFile(e.target.files?.[0])} />
        {current?.isPending && <span className="muted" role="status">Reading…</span>}
      </div>

      {found && found.candidates.length > 1 && (
        <fieldset>
          <legend>Key to import</legend>
          {found.candidates.map((c) => (
            <label key={c.index} className="row" style={{ alignItems: 'flex-start', flexWrap: 'nowrap' }}>
              <input type="radio" name="import-candidate" checked={index === c.index} disabled={!!c.problem} onChange={() => { setIndex(c.index); setAlg(''); }} />
              <span>
                <span className="mono">{describe(c)}</span>
                {c.problem && <span className="error" style={{ display: 'block', color: 'var(--danger)', fontSize: 12.5 }}>{c.problem}</span>}
              </span>
            </label>
          ))}
        </fieldset>
      )}

      {chosen && (
        <div className="grid2">
          <Field label="Algorithm" error={issueAt(importer.error, 'alg')} hint={chosen.declaredAlg && !chosen.algs.includes(chosen.declaredAlg as KeyAlg) ? `The key declares alg ${chosen.declaredAlg}, which the app does not sign with.` : undefined}>
            {(p) => (
              <select {...p} value={alg || chosen.suggestedAlg || ''} onChange={(e) => setAlg(e.target.value as KeyAlg)}>
                {chosen.algs.map((a) => <option key={a} value={a}>{ALG_LABELS[a]}</option>)}
              </select>
            )}
          </Field>
          <Field label="Key ID (kid), optional" error={issueAt(importer.error, 'kid')} hint={chosen.kid ? `Blank: keep the key's kid "${chosen.kid}".` : 'Blank: the RFC 7638 thumbprint.'}>
            {(p) => <input {...p} type="text" value={kid} onChange={(e) => setKid(e.target.value)} placeholder={chosen.kid ?? chosen.thumbprint} spellCheck={false} autoComplete="off" />}
          </Field>
          <Field label="Name, optional">
            {(p) => <input {...p} type="text" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
          </Field>
        </div>
      )}

      <div className="row">
        <button type="submit" className="btn primary" disabled={!chosen || importer.isPending}>{importer.isPending ? 'Importing…' : 'Import this key'}</button>
        <button type="button" className="btn" onClick={() => paneChanged({ kind: 'empty' })}>Cancel</button>
      </div>
    </form>
  );
}
