import { isRunInFlight } from '../../../../../app/contract/index.ts';
import { useNavigationStore } from '../../../lib/navigation-store.ts';
import { Alert } from '../../../components/ui/alert.tsx';
import { ActiveProfilePicker, useProfileList } from '../../../components/active-profile-picker.tsx';
import { useProfile, useTokenRun, useTokensLiveUpdates, useTokenStatus } from '../api/token-queries.ts';
import { useTokensUiStore } from '../stores/tokens-ui-store.ts';
import { DiscoveryPanel } from './discovery-panel.tsx';
import { GetTokenPanel } from './get-token-panel.tsx';
import { RunView } from './run-view.tsx';
import { TokenCard } from './token-card.tsx';
import '../tokens.css';

function ProfileTokens({ profileId }: { profileId: string }) {
  const profile = useProfile(profileId);
  const status = useTokenStatus(profileId);
  const shownId = useTokensUiStore((s) => s.runByProfile[profileId]);
  const shown = useTokenRun(shownId);
  const last = status.data?.lastRun;
  // A run still in flight (a token request or discovery that may stall) is shown, so it can be cancelled,
  // even before tokens:start / tokens:refresh has answered with it.
  const run = isRunInFlight(last) && last?.id !== shownId ? last : shown.data ?? last;
  if (profile.error) return <Alert tone="error">{profile.error.message}</Alert>;
  if (!profile.data) return <p className="muted" role="status">Loading…</p>;
  return (
    <div className="stack">
      <div className="tokens-grid">
        <div className="stack">
          <GetTokenPanel profile={profile.data} run={run} status={status.data} />
        </div>
        <div className="stack">
          {status.error && <Alert tone="error">{status.error.message}</Alert>}
          {status.data && <TokenCard status={status.data} />}
          {shown.error && <Alert tone="error">{shown.error.message}</Alert>}
          {run && <RunView run={run} />}
        </div>
      </div>
      {/* Full width: the endpoints table names a document and a URL per row. */}
      <DiscoveryPanel profile={profile.data} />
    </div>
  );
}

/**
 * The Tokens area: run the active profile's flow step by step (the request as sent, the response
 * as received, timings, findings), keep the token fresh, copy it, revoke it.
 */
export default function TokensPage() {
  useTokensLiveUpdates();
  const activeId = useNavigationStore((s) => s.activeProfileId);
  const profiles = useProfileList();
  const known = profiles.data?.some((p) => p.id === activeId);
  return (
    <section className="stack tokens" aria-labelledby="area-title">
      <div className="row">
        <h1 id="area-title">Tokens</h1>
        <span className="spacer" />
        <ActiveProfilePicker label="Profile" emptyOption="Choose a profile…" className="row tokens-profile" />
      </div>
      {profiles.error && <Alert tone="error">{profiles.error.message}</Alert>}
      {activeId && known ? <ProfileTokens key={activeId} profileId={activeId} /> : <div className="card muted">Choose a profile to get a token with its flow.</div>}
    </section>
  );
}
