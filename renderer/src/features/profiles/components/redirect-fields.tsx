import { redirectUriToRegister, type ProfileInput } from '../../../../../app/profiles/index.ts';
import { CopyValue } from '../../../components/ui/copy-value.tsx';
import { Field } from '../../../components/ui/field.tsx';

/**
 * The sign-in redirect: a loopback port that stays the same from run to run (0 = any free port),
 * or a full redirect URI, and the exact URI to register with the vendor, copyable.
 */
export function RedirectFields({ draft, set, errors }: { draft: ProfileInput; set: (patch: Partial<ProfileInput>) => void; errors: Record<string, string> }) {
  const port = draft.loopbackPort ?? 0;
  const portValid = Number.isInteger(port) && port >= 0 && port <= 65535;
  const shown = redirectUriToRegister({ redirectUri: draft.redirectUri || undefined, loopbackPort: portValid ? port : 0 });
  return (
    <fieldset>
      <legend>Sign-in redirect</legend>
      <div className="grid2">
        <Field label="Redirect port" error={errors['loopbackPort']}
          hint="The app receives the code on http://127.0.0.1:<port>/callback. A fixed port keeps the registered URI valid run after run; 0 picks a free port each time (only for servers that accept any loopback port, RFC 8252 §7.3).">
          {(p) => <input {...p} type="number" min={0} max={65535} value={Number.isNaN(port) ? '' : port} disabled={!!draft.redirectUri} onChange={(e) => set({ loopbackPort: e.target.value === '' ? Number.NaN : Number(e.target.value) })} />}
        </Field>
        <Field label="Redirect URI (optional)" error={errors['redirectUri']} hint="Only if the vendor registered another loopback URI (another path or host); it overrides the port.">
          {(p) => <input {...p} type="text" value={draft.redirectUri ?? ''} placeholder="http://127.0.0.1:<port>/callback" spellCheck={false} onChange={(e) => set({ redirectUri: e.target.value })} />}
        </Field>
      </div>
      <div>
        <div className="label">Redirect URI to register with the server</div>
        {shown.fixed ? <CopyValue value={shown.uri} label="Redirect URI to register" /> : <span className="muted">{shown.uri}</span>}
      </div>
    </fieldset>
  );
}
