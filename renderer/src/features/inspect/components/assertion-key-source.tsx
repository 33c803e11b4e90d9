import { useInspectUiStore, type AssertionKeySource } from '../stores/inspect-ui-store.ts';

/**
 * Where the assertion's signature is verified from: the profile's signing key (public half,
 * from the key store), a pasted JWKS (what you registered), or a JWKS URL main fetches.
 */
export function AssertionKeySourceFields({ hasProfileKey, profileName }: { hasProfileKey: boolean; profileName?: string }) {
  const a = useInspectUiStore((s) => s.assertion);
  const edit = useInspectUiStore((s) => s.assertionEdited);
  const choose = (keySource: AssertionKeySource) => edit({ keySource });
  const profileLabel = profileName ? (hasProfileKey ? `${profileName}'s signing key` : `${profileName} has no signing key`) : "The profile's signing key (choose a profile)";
  return (
    <fieldset className="key-source">
      <legend>Verify the signature with</legend>
      <div className="row">
        <label className="radio"><input type="radio" name="assertion-key-source" checked={a.keySource === 'profile'} onChange={() => choose('profile')} /> {profileLabel}</label>
        <label className="radio"><input type="radio" name="assertion-key-source" checked={a.keySource === 'pasted'} onChange={() => choose('pasted')} /> A pasted JWKS</label>
        <label className="radio"><input type="radio" name="assertion-key-source" checked={a.keySource === 'url'} onChange={() => choose('url')} /> A JWKS URL</label>
      </div>
      {a.keySource === 'pasted' && (
        <label className="field">
          <span className="label">Registered JWKS</span>
          <textarea rows={4} spellCheck={false} value={a.jwks} onChange={(e) => edit({ jwks: e.target.value })} placeholder='{"keys": [{"kty": "EC", "kid": "…", …}]}' />
          <span className="hint">The public JWK Set you registered with the server. Public keys only.</span>
        </label>
      )}
      {a.keySource === 'url' && (
        <label className="field">
          <span className="label">JWKS URL</span>
          <input type="url" value={a.jwksUrl} onChange={(e) => edit({ jwksUrl: e.target.value })} placeholder="https://app.example.com/.well-known/jwks.json" />
          <span className="hint">Main fetches it (recorded in the activity log) the way the server would.</span>
        </label>
      )}
    </fieldset>
  );
}
