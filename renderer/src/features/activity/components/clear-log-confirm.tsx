import { Alert } from '../../../components/ui/alert.tsx';
import { useClearActivity } from '../api/activity-queries.ts';
import { useActivityUiStore } from '../stores/activity-ui-store.ts';

/** Asks before emptying the log: the entries (and their sealed originals) cannot be brought back. */
export function ClearLogConfirm() {
  const clear = useClearActivity();
  const toggled = useActivityUiStore((s) => s.clearConfirmToggled);
  const entrySelected = useActivityUiStore((s) => s.entrySelected);
  return (
    <Alert tone="warning" title="Clear the activity log?">
      <p>Every recorded exchange is deleted from this computer, including the originals kept for Reveal secrets. Export a HAR file first if you need it.</p>
      {clear.error && <p role="alert">{clear.error.message}</p>}
      <div className="row">
        <button className="btn danger" disabled={clear.isPending} onClick={() => clear.mutate(undefined, { onSuccess: () => { entrySelected(undefined); toggled(false); } })}>Delete all entries</button>
        <button className="btn" onClick={() => toggled(false)}>Keep them</button>
      </div>
    </Alert>
  );
}
