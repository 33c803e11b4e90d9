import { ENDPOINT_FIELDS, ENDPOINT_INFO, ENDPOINT_KINDS, isAuthCode, type EndpointKind, type ProfileInput } from '../../../../../app/profiles/index.ts';
import { Field } from '../../../components/ui/field.tsx';

/** Which endpoints a method uses, so the form asks only for those (others stay under "More endpoints"). */
function usedBy(method: ProfileInput['authMethod'], kind: EndpointKind): boolean {
  if (kind === 'token') return method !== 'none';
  if (kind === 'authorize') return isAuthCode(method);
  return false;
}

/**
 * The endpoint fields: every endpoint can be typed by hand (absolute, or starting with
 * `{base}`/`{origin}`), and a typed one wins over discovery; empty fields show what discovery
 * stored for this profile.
 */
export function EndpointFields({ draft, set, errors }: { draft: ProfileInput; set: (patch: Partial<ProfileInput>) => void; errors: Record<string, string> }) {
  const field = (kind: EndpointKind) => {
    const name = ENDPOINT_FIELDS[kind];
    const found = draft.discovered?.[name];
    return (
      <Field key={kind} label={`${ENDPOINT_INFO[kind].label} override`} error={errors[name]}
        hint={found ? <>Empty: <span className="mono">{found}</span> (from discovery). {ENDPOINT_INFO[kind].hint}</> : ENDPOINT_INFO[kind].hint}>
        {(p) => <input {...p} type="text" value={draft[name] ?? ''} placeholder={found ?? `from discovery (${ENDPOINT_INFO[kind].metadataField})`} spellCheck={false} onChange={(e) => set({ [name]: e.target.value })} />}
      </Field>
    );
  };
  const main = ENDPOINT_KINDS.filter((k) => usedBy(draft.authMethod, k));
  const more = ENDPOINT_KINDS.filter((k) => !usedBy(draft.authMethod, k));
  const moreSet = more.some((k) => draft[ENDPOINT_FIELDS[k]] || errors[ENDPOINT_FIELDS[k]]);
  return (
    <fieldset>
      <legend>Endpoints</legend>
      <p className="muted">Leave empty to use discovery. A value typed here wins over every discovery document. May start with {'{base}'} or {'{origin}'}.</p>
      {main.length > 0 && <div className={main.length > 1 ? 'grid2' : 'stack'}>{main.map(field)}</div>}
      <details open={moreSet}>
        <summary>More endpoints (introspection, revocation, registration, JWKS, UserInfo{isAuthCode(draft.authMethod) ? '' : ', authorize'})</summary>
        <div className="grid2" style={{ marginTop: 8 }}>{more.map(field)}</div>
      </details>
    </fieldset>
  );
}
