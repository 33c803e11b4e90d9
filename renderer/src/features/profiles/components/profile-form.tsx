import { useState } from 'react';
import { AUTH_METHOD_LABELS, AUTH_METHODS, isAuthCode, needsClientId, usesAssertion, type ProfileInput } from '../../../../../app/profiles/index.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { NameValueEditor } from '../../../components/ui/name-value-editor.tsx';
import { ApiError } from '../../../lib/api.ts';
import { useSaveProfile } from '../api/profile-queries.ts';
import { useProfilesUiStore } from '../stores/profiles-ui-store.ts';
import { validateDraft } from '../validate-draft.ts';
import { AssertionFields } from './assertion-fields.tsx';
import { EndpointFields } from './endpoint-fields.tsx';
import { RedirectFields } from './redirect-fields.tsx';

const sub = (errors: Record<string, string>, prefix: string) =>
  Object.fromEntries(Object.entries(errors).filter(([k]) => k.startsWith(`${prefix}.`)).map(([k, v]) => [k.slice(prefix.length + 1), v]));

/** Create/edit form for a profile: validates as you type, explains each problem next to its field. */
export function ProfileForm({ initial, title }: { initial: ProfileInput; title: string }) {
  const [draft, setDraft] = useState<ProfileInput>(initial);
  const [submitted, setSubmitted] = useState(false);
  const save = useSaveProfile();
  const paneChanged = useProfilesUiStore((s) => s.paneChanged);
  const check = validateDraft(draft);
  const serverIssues = save.error instanceof ApiError ? Object.fromEntries(save.error.issues.map((i) => [i.path, i.message])) : {};
  const errors = submitted ? { ...serverIssues, ...check.errors } : {};
  const set = (patch: Partial<ProfileInput>) => setDraft((d) => ({ ...d, ...patch }));
  const method = draft.authMethod;

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (Object.keys(check.errors).length) return;
    save.mutate(draft, { onSuccess: (p) => paneChanged({ kind: 'view', id: p.id }) });
  };

  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="profile-form-title">
      <h2 id="profile-form-title">{title}</h2>
      {submitted && Object.keys(check.errors).length > 0 && <Alert tone="error" title="The profile was not saved">Fix the fields marked below.</Alert>}
      {save.error && <Alert tone="error" title="The profile was not saved">{save.error.message}</Alert>}
      <Field label="Name" error={errors.name}>{(p) => <input {...p} type="text" value={draft.name} onChange={(e) => set({ name: e.target.value })} />}</Field>
      <Field label="FHIR base URL" error={errors.fhirBaseUrl} hint="The server's FHIR root, e.g. https://fhir.example.com/r4 (discovery reads [base]/.well-known/smart-configuration).">
        {(p) => <input {...p} type="url" value={draft.fhirBaseUrl} onChange={(e) => set({ fhirBaseUrl: e.target.value })} />}
      </Field>
      <Field label="Auth method" error={errors.authMethod}>
        {(p) => (
          <select {...p} value={method} onChange={(e) => set({ authMethod: e.target.value as ProfileInput['authMethod'] })}>
            {AUTH_METHODS.map((m) => <option key={m} value={m}>{AUTH_METHOD_LABELS[m]}</option>)}
          </select>
        )}
      </Field>
      {needsClientId(method) && (
        <Field label="Client id" error={errors.clientId} hint="Exactly as the server assigned it at registration.">
          {(p) => <input {...p} type="text" value={draft.clientId ?? ''} onChange={(e) => set({ clientId: e.target.value })} />}
        </Field>
      )}
      <Field label="Scopes" error={errors.scopes} warnings={check.scopeFindings.map((f) => `${f.rule}: ${f.message}`)} hint="Space-separated, e.g. system/*.rs or launch/patient openid fhirUser patient/*.rs">
        {(p) => <textarea {...p} rows={2} value={draft.scopes ?? ''} onChange={(e) => set({ scopes: e.target.value })} />}
      </Field>
      <EndpointFields draft={draft} set={set} errors={errors} />
      {isAuthCode(method) && <RedirectFields draft={draft} set={set} errors={errors} />}
      {isAuthCode(method) && (
        <NameValueEditor label="Extra authorize parameters" addLabel="Add authorize parameter" rows={draft.extraAuthorizeParams ?? []} errors={sub(errors, 'extraAuthorizeParams')} onChange={(rows) => set({ extraAuthorizeParams: rows })} />
      )}
      <NameValueEditor label="Extra token parameters" addLabel="Add token parameter" rows={draft.extraTokenParams ?? []} errors={sub(errors, 'extraTokenParams')} onChange={(rows) => set({ extraTokenParams: rows })} />
      {usesAssertion(method) && <AssertionFields value={draft.assertion ?? {}} onChange={(assertion) => set({ assertion })} errors={errors} />}
      {method !== 'none' && (
        <label className="row check">
          <input type="checkbox" checked={draft.autoRenew ?? false} onChange={(e) => set({ autoRenew: e.target.checked })} />
          <span>Renew the token automatically before it expires <span className="muted small">(off: a token is requested only when you or the console need one; no calls to the vendor nobody asked for)</span></span>
        </label>
      )}
      <Field label="Notes" error={errors.notes}>{(p) => <textarea {...p} rows={4} value={draft.notes ?? ''} onChange={(e) => set({ notes: e.target.value })} />}</Field>
      <div className="row">
        <button type="submit" className="btn primary" disabled={save.isPending}>{save.isPending ? 'Saving…' : 'Save profile'}</button>
        <button type="button" className="btn" onClick={() => paneChanged(draft.id ? { kind: 'view', id: draft.id } : { kind: 'empty' })}>Cancel</button>
      </div>
    </form>
  );
}
