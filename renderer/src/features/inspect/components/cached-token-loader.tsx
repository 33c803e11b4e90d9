import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { TokenKind } from '../../../../../app/contract/index.ts';
import { call } from '../../../lib/api.ts';
import { useInspectUiStore } from '../stores/inspect-ui-store.ts';

const KIND_OF: Record<TokenKind, 'access' | 'id' | 'refresh'> = { access_token: 'access', id_token: 'id', refresh_token: 'refresh' };
const LABEL: Record<TokenKind, string> = { access_token: 'access token', id_token: 'ID token', refresh_token: 'refresh token' };

/**
 * Loads the token the profile currently holds (from the Tokens area's cache in main) into the
 * decoder. Revealing a token is an explicit click, like Copy in the Tokens area.
 */
export function CachedTokenLoader({ profileId, profileName }: { profileId: string; profileName: string }) {
  const status = useQuery({ queryKey: ['tokens', 'status', profileId], queryFn: () => call('tokens:status', { profileId }), retry: false });
  const edit = useInspectUiStore((s) => s.tokenEdited);
  const [problem, setProblem] = useState<string>();
  const token = status.data?.token;
  if (!token) return null;
  const kinds: TokenKind[] = ['access_token', ...(token.hasIdToken ? ['id_token' as const] : []), ...(token.hasRefreshToken ? ['refresh_token' as const] : [])];
  async function load(which: TokenKind) {
    setProblem(undefined);
    try {
      const r = await call('tokens:reveal', { profileId, which });
      edit({ text: r.value, kind: KIND_OF[which] });
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    }
  }
  return (
    <div className="row">
      <span className="muted">{profileName} holds a token:</span>
      {kinds.map((k) => <button key={k} type="button" className="btn small" onClick={() => void load(k)}>Use its {LABEL[k]}</button>)}
      {problem && <span className="claim-check problem" role="alert">{problem}</span>}
    </div>
  );
}
