import { useState } from 'react';
import type { KeyDetails as Details } from '../../../../../app/contract/index.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { useDeleteKey, useHostJwks, useJwksHost } from '../api/key-queries.ts';
import { useKeysUiStore } from '../stores/keys-ui-store.ts';
import { EditKeyForm } from './edit-key-form.tsx';
import { PublicKeyViews } from './public-key-views.tsx';

const SOURCES: Record<Details['source'], string> = { generated: 'Generated in this app', 'imported-pem': 'Imported from PEM', 'imported-jwk': 'Imported from a JWK', 'imported-jwks': 'Imported from a JWKS' };

/** One key: kid, alg, thumbprint, public views, edit, delete, and whether the local JWKS host serves it. */
export function KeyDetails({ details }: { details: Details }) {
  const paneChanged = useKeysUiStore((s) => s.paneChanged);
  const hostPort = useKeysUiStore((s) => s.hostPort);
  const remove = useDeleteKey();
  const host = useJwksHost();
  const hostJwks = useHostJwks();
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const hostedIds = host.data?.keyIds ?? [];
  const hosted = hostedIds.includes(details.id);
  const toggleHosted = (on: boolean) => hostJwks.mutate({ keyIds: on ? [...hostedIds, details.id] : hostedIds.filter((id) => id !== details.id), port: host.data?.running ? undefined : hostPort });
  return (
    <section className="card stack" aria-labelledby="key-title">
      <div className="row">
        <h2 id="key-title">{details.name}</h2>
        <span className="badge">{details.alg}</span>
        <span className="badge">{details.kty === 'RSA' ? `RSA ${details.bits ?? ''}` : `EC ${details.crv}`}</span>
        <span className="spacer" />
        <button className="btn" onClick={() => setEditing((v) => !v)} aria-expanded={editing}>Edit kid, name or alg</button>
        <button className="btn danger" onClick={() => setConfirming(true)}>Delete</button>
      </div>
      {details.privateKey === 'unreadable' && <Alert tone="warning" title="The private key cannot be used here">{details.problem}</Alert>}
      {confirming && (
        <Alert tone="warning" title={`Delete "${details.name}"?`}>
          <p>The private key is destroyed and cannot be recovered. Servers that registered its public key will refuse new assertions; save the public key first if you still need it.</p>
          <div className="row">
            <button className="btn danger" onClick={() => remove.mutate(details.id, { onSuccess: () => paneChanged({ kind: 'empty' }) })} disabled={remove.isPending}>Delete key</button>
            <button className="btn" onClick={() => setConfirming(false)}>Keep it</button>
          </div>
        </Alert>
      )}
      {remove.error && <Alert tone="error">{remove.error.message}</Alert>}
      {editing && <EditKeyForm key={details.updatedAt} summary={details} onDone={() => setEditing(false)} />}
      <table className="kv">
        <tbody>
          <tr><th>Key ID (kid)</th><td className="mono" data-testid="key-kid">{details.kid}</td></tr>
          <tr><th>Algorithm</th><td>{details.alg}</td></tr>
          <tr><th>Thumbprint</th><td className="mono" data-testid="key-thumbprint">{details.thumbprint} <span className="muted">(RFC 7638, SHA-256{details.kid === details.thumbprint ? '; also the kid' : ''})</span></td></tr>
          <tr><th>Origin</th><td>{SOURCES[details.source]}</td></tr>
          <tr><th>Created</th><td>{new Date(details.createdAt).toLocaleString()}</td></tr>
          <tr><th>Private key</th><td>{details.privateKey === 'available' ? 'Stored encrypted; never shown or exported.' : 'Stored, but cannot be decrypted in this mode.'}</td></tr>
        </tbody>
      </table>
      <div className="stack" style={{ gap: 4 }}>
        <label className="row">
          <input type="checkbox" checked={hosted} disabled={hostJwks.isPending || host.isLoading} onChange={(e) => toggleHosted(e.target.checked)} />
          Serve this key in the local JWKS
        </label>
        {hosted && host.data?.url && <span className="muted">Served at <span className="mono">{host.data.url}</span></span>}
        {hostJwks.error && <Alert tone="error" title="The JWKS host did not start">{hostJwks.error.message}</Alert>}
      </div>
      <h3>Public key</h3>
      <PublicKeyViews details={details} />
    </section>
  );
}
