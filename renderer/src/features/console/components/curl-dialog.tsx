import { useState } from 'react';
import type { Profile } from '../../../../../app/profiles/index.ts';
import { useCurl } from '../api/console-queries.ts';
import { useConsoleStore } from '../stores/console-store.ts';

/**
 * Copy as curl. The token stays out (as `$ACCESS_TOKEN`) unless the user ticks the box; then
 * main puts the live token into the text, and the dialog says so plainly.
 */
export function CurlDialog({ profile }: { profile: Profile | undefined }) {
  const draft = useConsoleStore((s) => s.draft);
  const curlToggled = useConsoleStore((s) => s.curlToggled);
  const [includeToken, setIncludeToken] = useState(false);
  const [copied, setCopied] = useState(false);
  const curl = useCurl(profile?.id, draft, includeToken, true);
  const copy = async () => {
    if (!curl.data) return;
    await navigator.clipboard.writeText(curl.data.curl);
    setCopied(true);
  };
  return (
    <div className="dialog-backdrop" onClick={(e) => { if (e.target === e.currentTarget) curlToggled(false); }}>
      <div className="dialog stack" role="dialog" aria-modal="true" aria-labelledby="curl-title">
        <h2 id="curl-title">Copy as curl</h2>
        <label className="row check">
          <input type="checkbox" checked={includeToken} onChange={(e) => { setIncludeToken(e.target.checked); setCopied(false); }} />
          Include the access token (anyone with the text can use it until it expires)
        </label>
        {curl.error && <p className="error-text" role="alert">{curl.error.message}</p>}
        <textarea readOnly rows={9} aria-label="curl command" value={curl.data?.curl ?? (curl.isLoading ? 'Building…' : '')} className="mono" />
        {curl.data && !curl.data.tokenIncluded && includeToken && <p className="muted">This request sends no token, so there is none to include.</p>}
        <div className="row">
          <span className="muted" role="status">{copied ? 'Copied to the clipboard.' : ''}</span>
          <span className="spacer" />
          <button type="button" className="btn" onClick={() => curlToggled(false)}>Close</button>
          <button type="button" className="btn primary" disabled={!curl.data} onClick={() => void copy()}>Copy</button>
        </div>
      </div>
    </div>
  );
}
