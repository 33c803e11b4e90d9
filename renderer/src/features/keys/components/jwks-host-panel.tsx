import { Alert } from '../../../components/ui/alert.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { useJwksHost, useStopJwksHost } from '../api/key-queries.ts';
import { useKeysUiStore } from '../stores/keys-ui-store.ts';
import { CopySaveButtons } from './copy-save-buttons.tsx';

/**
 * The local JWKS host: where it serves (for a local server's `jwks_uri`), which port to use,
 * and Stop. Keys are added with "Serve this key in the local JWKS" on each key.
 */
export function JwksHostPanel() {
  const host = useJwksHost();
  const stop = useStopJwksHost();
  const hostPort = useKeysUiStore((s) => s.hostPort);
  const hostPortChanged = useKeysUiStore((s) => s.hostPortChanged);
  const status = host.data;
  return (
    <section className="card stack" aria-labelledby="jwks-host-title" style={{ gap: 8 }}>
      <h3 id="jwks-host-title">Local JWKS host</h3>
      {status?.running && status.url ? (
        <>
          <p>Serving {status.keyIds.length} key(s) at <span className="mono" data-testid="jwks-host-url">{status.url}</span>, on this computer only (127.0.0.1).</p>
          <CopySaveButtons file={{ fileName: 'jwks-url.txt', mimeType: 'text/plain', text: status.url }} what="JWKS URL" copyOnly />
          <div><button className="btn" onClick={() => stop.mutate()} disabled={stop.isPending}>Stop JWKS host</button></div>
        </>
      ) : (
        <>
          <p className="muted">Not running. Tick "Serve this key in the local JWKS" on a key to serve it at http://127.0.0.1:&lt;port&gt;/.well-known/jwks.json, for a local server (e.g. Aidbox) that fetches the client's jwks_uri.</p>
          <Field label="JWKS host port" hint="0 picks a free port.">
            {(p) => <input {...p} type="number" min={0} max={65535} value={hostPort} onChange={(e) => hostPortChanged(Math.max(0, Math.min(65535, Math.trunc(Number(e.target.value) || 0))))} style={{ maxWidth: 140 }} />}
          </Field>
        </>
      )}
      {(host.error ?? stop.error) && <Alert tone="error">{(host.error ?? stop.error)!.message}</Alert>}
    </section>
  );
}
