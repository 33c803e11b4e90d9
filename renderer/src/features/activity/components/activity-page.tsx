import { Alert } from '../../../components/ui/alert.tsx';
import { useActivityList, useActivityLiveUpdates, useExportHar, useProfileNames } from '../api/activity-queries.ts';
import { PURPOSE_LABELS } from '../format.ts';
import { useActivityUiStore } from '../stores/activity-ui-store.ts';
import { ActivityDetail } from './activity-detail.tsx';
import { ActivityList } from './activity-list.tsx';
import { ClearLogConfirm } from './clear-log-confirm.tsx';

/** What the area is for, shown while the log is empty. */
function EmptyLog() {
  return (
    <div className="card stack activity-empty">
      <h2>No HTTP exchanges yet</h2>
      <p>
        Every request the app makes on your behalf appears here as it happens: SMART discovery, JWKS downloads, token requests,
        revocation and introspection, FHIR queries and Bulk Data, with headers, bodies, status and timings.
      </p>
      <p className="muted">
        Secrets (client secrets, tokens, authorization codes, assertion signatures, Authorization headers) are hidden; open an entry and press
        Reveal secrets to see the original. Export HAR saves the redacted log for a vendor's support team or your browser's devtools.
      </p>
    </div>
  );
}

/** The Activity area: filters, the live list of exchanges, one exchange in detail, HAR export and clearing. */
export default function ActivityPage() {
  useActivityLiveUpdates();
  const filter = useActivityUiStore((s) => s.filter);
  const filterChanged = useActivityUiStore((s) => s.filterChanged);
  const selectedId = useActivityUiStore((s) => s.selectedId);
  const confirmingClear = useActivityUiStore((s) => s.confirmingClear);
  const clearConfirmToggled = useActivityUiStore((s) => s.clearConfirmToggled);
  const list = useActivityList(filter);
  const names = useProfileNames();
  const exportHar = useExportHar();
  const entries = list.data ?? [];
  const filtered = !!(filter.purpose || filter.profileId);
  const profileNames = names.data ?? new Map<string, string>();
  const selected = entries.find((e) => e.id === selectedId);
  return (
    <section className="stack" aria-labelledby="area-title">
      <div className="row">
        <h1 id="area-title">Activity</h1>
        <span className="spacer" />
        <button className="btn" title={filtered ? 'Exports the exchanges shown, redacted' : 'Exports every exchange, redacted'} disabled={!entries.length || exportHar.isPending} onClick={() => exportHar.mutate(filtered ? entries.map((e) => e.id) : undefined)}>
          Export HAR
        </button>
        <button className="btn danger" disabled={!entries.length && !filtered} onClick={() => clearConfirmToggled(true)}>Clear log</button>
      </div>
      {confirmingClear && <ClearLogConfirm />}
      {list.error && <Alert tone="error" title="The activity log could not be loaded">{list.error.message}</Alert>}
      {exportHar.error && <Alert tone="error" title="The HAR file could not be exported">{exportHar.error.message}</Alert>}
      {!list.isLoading && !entries.length && !filtered ? (
        <EmptyLog />
      ) : (
        <div className="split activity-split">
          <div className="stack">
            <div className="row activity-filters">
              <select aria-label="Filter by purpose" value={filter.purpose} onChange={(e) => filterChanged({ purpose: e.target.value })}>
                <option value="">All purposes</option>
                {Object.entries(PURPOSE_LABELS).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select>
              <select aria-label="Filter by profile" value={filter.profileId} onChange={(e) => filterChanged({ profileId: e.target.value })}>
                <option value="">All profiles</option>
                {[...profileNames].map(([id, name]) => <option key={id} value={id}>{name}</option>)}
              </select>
            </div>
            <p className="muted activity-count" role="status">
              {list.isLoading ? 'Loading exchanges…' : `${entries.length} ${entries.length === 1 ? 'exchange' : 'exchanges'}${filtered ? ' match' : ''}, newest first`}
            </p>
            {entries.length > 0 ? <ActivityList entries={entries} profileNames={profileNames} /> : !list.isLoading && <p className="muted">No exchanges match these filters.</p>}
          </div>
          {selected ? (
            <ActivityDetail key={selected.id} id={selected.id} profileName={selected.profileId ? profileNames.get(selected.profileId) : undefined} />
          ) : (
            <div className="card muted">Select an exchange to see its request, response and timings.</div>
          )}
        </div>
      )}
    </section>
  );
}
