import { useState } from 'react';
import { ENDPOINT_FIELDS, ENDPOINT_INFO, ENDPOINT_KINDS, resolveTemplate, AUTH_METHOD_LABELS, isAuthCode, redirectUriToRegister, usesAssertion, usesClientSecret, type EndpointKind, type Profile } from '../../../../../app/profiles/index.ts';
import { CopyValue } from '../../../components/ui/copy-value.tsx';
import { Alert } from '../../../components/ui/alert.tsx';
import { useProfileSlots } from '../../../lib/profile-slots.ts';
import { useDeleteProfile, useDuplicateProfile, useExportProfiles } from '../api/profile-queries.ts';
import { useProfilesUiStore } from '../stores/profiles-ui-store.ts';

/** Shows an endpoint template with what it resolves to for this profile, or what discovery stored (and from where). */
const endpoint = (template: string | undefined, discovered: string | undefined, base: string, source?: string) => {
  if (!template) return discovered ? `${discovered}  (discovered${source ? ` in ${source}` : ''})` : 'from discovery';
  const resolved = resolveTemplate(template, base);
  return resolved === template ? `${template}  (typed)` : `${resolved}  (${template}, typed)`;
};

/** The endpoints worth a row: the flow's own, and any other that is typed or discovered. */
const shownEndpoints = (p: Profile): EndpointKind[] =>
  ENDPOINT_KINDS.filter((k) => k === 'token' || (k === 'authorize' && isAuthCode(p.authMethod)) || p[ENDPOINT_FIELDS[k]] || p.discovered?.[ENDPOINT_FIELDS[k]]);

const pairs = (rows: { name: string; value: string }[]) => (rows.length ? rows.map((r) => `${r.name}=${r.value}`).join('\n') : '—');

/** Read-only view of a profile with its actions (edit, duplicate, export, delete). */
export function ProfileDetails({ profile }: { profile: Profile }) {
  const paneChanged = useProfilesUiStore((s) => s.paneChanged);
  const duplicate = useDuplicateProfile();
  const remove = useDeleteProfile();
  const exportProfiles = useExportProfiles();
  const [confirming, setConfirming] = useState(false);
  const slots = useProfileSlots();
  const error = duplicate.error ?? remove.error ?? exportProfiles.error;
  return (
    <section className="card stack" aria-labelledby="profile-title">
      <div className="row">
        <h2 id="profile-title">{profile.name}</h2>
        <span className="spacer" />
        <button className="btn" onClick={() => paneChanged({ kind: 'edit', id: profile.id })}>Edit</button>
        <button className="btn" onClick={() => duplicate.mutate(profile.id, { onSuccess: (p) => paneChanged({ kind: 'view', id: p.id }) })}>Duplicate</button>
        <button className="btn" onClick={() => exportProfiles.mutate([profile.id])}>Export</button>
        <button className="btn danger" onClick={() => setConfirming(true)}>Delete</button>
      </div>
      {error && <Alert tone="error">{error.message}</Alert>}
      {confirming && (
        <Alert tone="warning" title={`Delete "${profile.name}"?`}>
          <p>The profile is removed from this computer. Keys and secrets stored for it are kept.</p>
          <div className="row">
            <button className="btn danger" onClick={() => remove.mutate(profile.id, { onSuccess: () => paneChanged({ kind: 'empty' }) })}>Delete profile</button>
            <button className="btn" onClick={() => setConfirming(false)}>Keep it</button>
          </div>
        </Alert>
      )}
      <table className="kv">
        <tbody>
          <tr><th>FHIR base URL</th><td className="mono">{profile.fhirBaseUrl}</td></tr>
          <tr><th>Auth method</th><td>{AUTH_METHOD_LABELS[profile.authMethod]}</td></tr>
          {profile.clientId && <tr><th>Client id</th><td className="mono">{profile.clientId}</td></tr>}
          <tr><th>Scopes</th><td className="mono">{profile.scopes || '—'}</td></tr>
          {shownEndpoints(profile).map((k) => {
            const field = ENDPOINT_FIELDS[k];
            return <tr key={k}><th>{ENDPOINT_INFO[k].label}</th><td className="mono">{endpoint(profile[field], profile.discovered?.[field], profile.fhirBaseUrl, profile.discovered?.sources?.[field])}</td></tr>;
          })}
          {isAuthCode(profile.authMethod) && (
            <tr><th>Redirect URI to register</th><td>{(() => { const r = redirectUriToRegister(profile); return r.fixed ? <CopyValue value={r.uri} label="Redirect URI to register" /> : <span className="muted">{r.uri}</span>; })()}</td></tr>
          )}
          {profile.authMethod !== 'none' && <tr><th>Auto-renew</th><td>{profile.autoRenew ? 'on: the token is renewed in the background before it expires' : 'off: tokens are requested only when needed'}</td></tr>}
          {isAuthCode(profile.authMethod) && <tr><th>Extra authorize parameters</th><td className="mono pre-line">{pairs(profile.extraAuthorizeParams)}</td></tr>}
          <tr><th>Extra token parameters</th><td className="mono">{pairs(profile.extraTokenParams)}</td></tr>
          {usesAssertion(profile.authMethod) && (
            <>
              <tr><th>Signing key</th><td>{profile.assertion.keyId ? slots.keyName?.(profile.assertion.keyId) : 'none chosen: edit the profile to pick one'}</td></tr>
              <tr><th>Assertion</th><td>{profile.assertion.alg}, {profile.assertion.lifetimeSeconds} s{profile.assertion.clockOffsetSeconds ? `, clock offset ${profile.assertion.clockOffsetSeconds} s` : ''}{profile.assertion.jku ? `, jku ${profile.assertion.jku}` : ''}</td></tr>
              <tr><th>Extra claims</th><td className="mono">{profile.assertion.extraClaims.length ? profile.assertion.extraClaims.map((c) => `${c.name} (${c.type}) = ${c.value}`).join('; ') : '—'}</td></tr>
              <tr><th>Extra header fields</th><td className="mono">{pairs(profile.assertion.extraHeader)}</td></tr>
            </>
          )}
          <tr><th>Updated</th><td>{new Date(profile.updatedAt).toLocaleString()}</td></tr>
        </tbody>
      </table>
      {usesClientSecret(profile.authMethod) && slots.secretEditor?.(profile.id)}
      {profile.notes && <div><div className="label">Notes</div><p className="pre">{profile.notes}</p></div>}
    </section>
  );
}
