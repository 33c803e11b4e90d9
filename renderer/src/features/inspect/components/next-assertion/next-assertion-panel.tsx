import { isAuthCode, typedEndpoint, usesAssertion, type Profile } from '../../../../../../app/profiles/index.ts';
import { useActiveProfile } from '../../../../components/active-profile-picker.tsx';
import { AssertionControlsFields, controlsProblem, EMPTY_CONTROLS, toControls } from '../../../../components/assertion-controls.tsx';
import { FindingsList } from '../../../../components/findings-list.tsx';
import { Alert } from '../../../../components/ui/alert.tsx';
import { useNavigationStore } from '../../../../lib/navigation-store.ts';
import { useNow } from '../../../../lib/use-now.ts';
import { useDiscardAssertion, usePrepareAssertion, useProfileTokenStatus, useSendPreparedAssertion } from '../../api/assertion-queries.ts';
import { useInspectUiStore } from '../../stores/inspect-ui-store.ts';
import { DecodedJwt } from '../decoded-jwt.tsx';
import { RunOutcome } from './run-outcome.tsx';

/** Seconds until (or since) an instant, in words. */
function until(ms: number, now: number): string {
  const s = Math.round((ms - now) / 1000);
  return s >= 0 ? `expires in ${s} s` : `expired ${-s} s ago`;
}

function Prepared({ profile }: { profile: Profile }) {
  const status = useProfileTokenStatus(profile.id);
  const send = useSendPreparedAssertion();
  const discard = useDiscardAssertion();
  const goTokens = useNavigationStore((s) => s.areaChosen);
  const now = useNow();
  const p = status.data?.preparedAssertion;
  if (!p) {
    return send.data ? <RunOutcome run={send.data} onOpenTokens={() => goTokens('tokens')} /> : null;
  }
  const errors = p.findings.filter((f) => f.severity === 'error').length;
  return (
    <section className="card stack" aria-labelledby="prepared-title">
      <div className="row">
        <h2 id="prepared-title">The assertion the next run will send</h2>
        <span className="spacer" />
        {p.expiresAt !== undefined && <span className={`badge ${p.expiresAt > now ? 'info' : 'error'}`}>{until(p.expiresAt, now)}</span>}
        <span className={`badge ${errors ? 'error' : 'ok'}`}>{errors ? `${errors} error finding(s)` : 'no errors'}</span>
      </div>
      <p className="muted">
        Signed at {new Date(p.preparedAt).toLocaleTimeString()} for <code>{p.tokenEndpoint}</code>. The signed JWT stays in the app's main process; this is
        its header and claims, checked the way the token endpoint will check them. It is sent once, by the run that asks for it.
      </p>
      <FindingsList findings={p.findings} title="Checks before sending" emptyText="No problems found: a conformant server should accept this assertion." />
      <DecodedJwt header={p.header} payload={p.payload} kind="assertion" expected={{ clientId: profile.clientId, tokenEndpoint: p.tokenEndpoint }} />
      {p.notes.map((n) => <p key={n} className="muted small">{n}</p>)}
      <div className="row">
        {isAuthCode(profile.authMethod)
          ? <span className="muted">Authorization code: in Tokens, tick "Send exactly this assertion" and sign in (or refresh) to send it at the token request.</span>
          : <button type="button" className="btn primary" disabled={send.isPending} onClick={() => send.mutate(profile.id)}>{send.isPending ? 'Sending…' : 'Send it: request a token with this assertion'}</button>}
        <button type="button" className="btn" disabled={discard.isPending} onClick={() => discard.mutate(profile.id)}>Discard</button>
      </div>
      {send.error && <Alert tone="error" title="Not sent">{send.error.message}</Alert>}
    </section>
  );
}

/**
 * Inspect > Next assertion: the client assertion the profile's next run would send, built with
 * the assertion controls (lifetime, clock offset, key, a reused jti), signed, decoded and checked
 * before anything is sent; then sent, and the server's answer diagnosed.
 */
export function NextAssertionPanel() {
  const profile = useActiveProfile();
  const drafts = useInspectUiStore((s) => s.nextAssertion);
  const edit = useInspectUiStore((s) => s.nextAssertionEdited);
  const prepare = usePrepareAssertion();
  if (!profile) return <p className="muted">Choose a profile that authenticates with private_key_jwt to build its next client assertion.</p>;
  if (!usesAssertion(profile.authMethod)) {
    return <p className="muted">"{profile.name}" does not authenticate with a client assertion. Choose a profile whose auth method uses private_key_jwt.</p>;
  }
  const draft = drafts[profile.id] ?? EMPTY_CONTROLS;
  const problem = controlsProblem(draft);
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="next-assertion-title">
        <h2 id="next-assertion-title">Next assertion for {profile.name}</h2>
        <p className="muted">
          Client id <code>{profile.clientId}</code>, audience {typedEndpoint(profile, 'token') ?? profile.discovered?.tokenEndpoint ?? 'the discovered token endpoint'}.
          Leave a control empty to use the profile's setting.
        </p>
        <AssertionControlsFields profile={profile} value={draft} onChange={(d) => edit(profile.id, d)} />
        <div className="row">
          <button type="button" className="btn primary" disabled={prepare.isPending || !!problem} onClick={() => prepare.mutate({ profileId: profile.id, assertion: toControls(draft) ?? {} })}>
            {prepare.isPending ? 'Signing…' : 'Build, sign and check'}
          </button>
          <span className="muted small">Nothing is sent to the server yet.</span>
        </div>
        {prepare.error && <Alert tone="error" title="Could not build the assertion">{prepare.error.message}</Alert>}
      </section>
      <Prepared profile={profile} />
    </div>
  );
}
