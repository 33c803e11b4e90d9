import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Profile } from '../../../../../app/profiles/index.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { call } from '../../../lib/api.ts';
import { queryClient } from '../../../lib/query-client.ts';
import { useConsoleStore } from '../stores/console-store.ts';

const statusKey = (profileId: string) => ['tokens', 'status', profileId];

/**
 * Which token the console and the bulk runner send: the profile's own (obtained and renewed by
 * its flow) or one pasted from elsewhere. A pasted token goes to main at once and stays there
 * (never written to disk, redacted in the activity log); this box is emptied, and only a masked
 * form and its decoded claims come back.
 */
export function TokenSource({ profile }: { profile: Profile | undefined }) {
  const source = useConsoleStore((s) => s.tokenSource);
  const chosen = useConsoleStore((s) => s.tokenSourceChosen);
  const [text, setText] = useState('');
  const ids = { group: useId(), paste: useId() };
  const status = useQuery({ queryKey: statusKey(profile?.id ?? ''), queryFn: () => call('tokens:status', { profileId: profile?.id ?? '' }), enabled: !!profile });
  const paste = useMutation({
    mutationFn: (token: string) => call('tokens:paste', { profileId: profile?.id ?? '', token }),
    onSuccess: () => { setText(''); void queryClient.invalidateQueries({ queryKey: statusKey(profile?.id ?? '') }); },
  });
  const forget = useMutation({
    mutationFn: () => call('tokens:forget-pasted', { profileId: profile?.id ?? '' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: statusKey(profile?.id ?? '') }),
  });
  if (!profile) return null;
  const pasted = status.data?.pasted;
  return (
    <fieldset className="token-source" aria-labelledby={ids.group}>
      <legend id={ids.group}>Token to send</legend>
      <label className="row check"><input type="radio" name="token-source" checked={source === 'profile'} onChange={() => chosen('profile')} /> The profile's token</label>
      <label className="row check"><input type="radio" name="token-source" checked={source === 'pasted'} onChange={() => chosen('pasted')} /> A pasted token</label>
      {source === 'pasted' && (
        <div className="stack tight">
          {pasted && (
            <div className="small">
              <div>Pasted <code>{pasted.masked}</code> ({pasted.format === 'jwt' ? 'JWT' : 'opaque'}{pasted.scope ? `, scope ${pasted.scope}` : ''}{pasted.expiresAt ? `, expires ${new Date(pasted.expiresAt).toLocaleTimeString()}` : ''})</div>
              <button type="button" className="btn small" onClick={() => forget.mutate()} disabled={forget.isPending}>Forget it</button>
            </div>
          )}
          <label className="label" htmlFor={ids.paste}>{pasted ? 'Replace it with' : 'Paste an access token'}</label>
          <textarea id={ids.paste} rows={3} value={text} spellCheck={false} autoComplete="off" placeholder="eyJ… or an opaque token" onChange={(e) => setText(e.target.value)} />
          <button type="button" className="btn" disabled={!text.trim() || paste.isPending} onClick={() => paste.mutate(text)}>Keep it for this profile</button>
          <span className="muted small">Kept by the app's main process only, sent only to {new URL(profile.fhirBaseUrl).origin}, never renewed.</span>
          {paste.error && <Alert tone="error">{paste.error.message}</Alert>}
          {!pasted && !text && <span className="muted small">Nothing pasted yet: requests would fail.</span>}
        </div>
      )}
    </fieldset>
  );
}
