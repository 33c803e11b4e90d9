import type { ActivitySummary } from '../../../../../app/activity/index.ts';
import { formatDuration, PURPOSE_LABELS, splitUrl, statusBadge } from '../format.ts';
import { useActivityUiStore } from '../stores/activity-ui-store.ts';

/** One exchange as a row: method, status, purpose, URL, time and duration. */
function ActivityRow({ entry, selected, profileName }: { entry: ActivitySummary; selected: boolean; profileName: string | undefined }) {
  const entrySelected = useActivityUiStore((s) => s.entrySelected);
  const badge = statusBadge(entry);
  const { origin, rest } = splitUrl(entry.url);
  const at = new Date(entry.at);
  return (
    <button className="list-item activity-row" role="option" aria-selected={selected} onClick={() => entrySelected(entry.id)}>
      <div className="row activity-row-head">
        <span className="method mono">{entry.method}</span>
        <span className={`badge ${badge.tone}`} aria-label={`Status ${badge.label}`}>{badge.label}</span>
        <span className="badge">{PURPOSE_LABELS[entry.purpose as keyof typeof PURPOSE_LABELS] ?? entry.purpose}</span>
        <span className="spacer" />
        <time className="sub" dateTime={entry.at} title={at.toLocaleString()}>{at.toLocaleTimeString()}</time>
        <span className="sub duration">{formatDuration(entry.timings.totalMs)}</span>
      </div>
      <div className="activity-url mono" title={entry.url}>{rest}</div>
      {entry.headline && <div className="sub activity-headline" title={entry.headline.message}><code>{entry.headline.rule}</code> {entry.headline.message}</div>}
      <div className="sub">{origin}{profileName ? ` · ${profileName}` : ''}</div>
    </button>
  );
}

/** The exchanges, newest first; clicking one opens it in the detail pane. */
export function ActivityList({ entries, profileNames }: { entries: ActivitySummary[]; profileNames: Map<string, string> }) {
  const selectedId = useActivityUiStore((s) => s.selectedId);
  return (
    <div className="list" role="listbox" aria-label="Exchanges">
      {entries.map((e) => (
        <ActivityRow key={e.id} entry={e} selected={e.id === selectedId} profileName={e.profileId ? profileNames.get(e.profileId) ?? e.profileId : undefined} />
      ))}
    </div>
  );
}
