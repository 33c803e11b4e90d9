import { useId, useState } from 'react';
import type { Profile } from '../../../../../app/profiles/index.ts';
import { DiscoveryView } from '../../../components/discovery-view.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useApplyDiscovery, useCancelDiscovery, useDiscoveryResult, useRunDiscovery } from '../api/token-queries.ts';

/**
 * Discovery for the profile, from its FHIR base or any URL (an issuer, a tenant's URL): what the
 * server publishes, which document each endpoint came from, where documents disagree, what is
 * wrong with them, and one click to store the endpoints in the profile.
 */
export function DiscoveryPanel({ profile }: { profile: Profile }) {
  const profileId = profile.id;
  const result = useDiscoveryResult(profileId);
  const run = useRunDiscovery();
  const cancel = useCancelDiscovery();
  const apply = useApplyDiscovery();
  const [url, setUrl] = useState('');
  const urlId = useId();
  const r = result.data;
  const from = url.trim() || undefined;
  const start = () => { apply.reset(); cancel.reset(); run.mutate({ profileId, ...(from ? { url: from } : {}) }); };
  return (
    <section className="card stack" aria-labelledby="discovery-title">
      <div className="row">
        <h2 id="discovery-title">Discovery</h2>
        <span className="spacer" />
        {r && r.source !== 'none' && !r.cancelled && (
          <button type="button" className="btn primary" disabled={apply.isPending} onClick={() => apply.mutate({ profileId, url: r.url })}>Use these endpoints</button>
        )}
      </div>
      <form className="stack tight" onSubmit={(e) => { e.preventDefault(); start(); }}>
        <div className="field">
          <label htmlFor={urlId}>Discover from</label>
          <div className="row">
            <input id={urlId} type="url" value={url} placeholder={profile.fhirBaseUrl} onChange={(e) => setUrl(e.target.value)} style={{ flex: 1, width: 'auto' }} spellCheck={false} aria-describedby={`${urlId}-hint`} />
            <button type="submit" className="btn" disabled={run.isPending}>{run.isPending ? 'Running discovery…' : 'Run discovery'}</button>
            {/* A stalled server would otherwise hold discovery until its 15 s timeout. */}
            {run.isPending && <button type="button" className="btn" disabled={cancel.isPending} onClick={() => cancel.mutate(profileId)}>Cancel discovery</button>}
          </div>
          <span id={`${urlId}-hint`} className="hint">
            Empty: the profile's FHIR base. Or an issuer such as <code>https://login.example.com/realms/acme</code>. Reads <code>.well-known/smart-configuration</code>,
            RFC 8414 <code>oauth-authorization-server</code> and OpenID <code>openid-configuration</code> (suffix and path-insertion forms) and the CapabilityStatement,
            then the authorization server's own metadata if they name only some endpoints.
          </span>
        </div>
      </form>
      {run.error && <Alert tone="error">{run.error.message}</Alert>}
      {cancel.error && <Alert tone="error" title="Could not cancel">{cancel.error.message}</Alert>}
      {apply.error && <Alert tone="error">{apply.error.message}</Alert>}
      {apply.data && <Alert tone="success">Saved the discovered endpoints to profile "{apply.data.profile.name}" (from {apply.data.result.url}). Endpoints typed in the profile still win.</Alert>}
      {r && <DiscoveryView result={r} />}
    </section>
  );
}
