import { useEffect, useState } from 'react';
import { Alert } from '../../../components/ui/alert.tsx';
import { Field } from '../../../components/ui/field.tsx';
import { RunHistorySettings } from '../../../../../app/settings/index.ts';
import { useRunHistory, useSettings, useSettingsLiveUpdates, useUpdateSettings } from '../api/settings-queries.ts';

const MB = 1024 * 1024;
const OUTCOME_TONE = { succeeded: 'ok', failed: 'error', cancelled: 'warning' } as const;

/** The run history's limits, what it holds now, and its newest runs. */
function RunHistorySection() {
  const settings = useSettings();
  const update = useUpdateSettings();
  const history = useRunHistory();
  const saved = settings.data?.runHistory;
  const [maxRuns, setMaxRuns] = useState('');
  const [maxMegabytes, setMaxMegabytes] = useState('');
  useEffect(() => {
    if (saved) { setMaxRuns(String(saved.maxRuns)); setMaxMegabytes(String(saved.maxMegabytes)); }
  }, [saved?.maxRuns, saved?.maxMegabytes]);
  const draft = RunHistorySettings.safeParse({ maxRuns: Number(maxRuns), maxMegabytes: Number(maxMegabytes) });
  const problem = (path: string) => (draft.success ? undefined : draft.error.issues.find((i) => i.path[0] === path)?.message);
  const changed = !!saved && draft.success && (draft.data.maxRuns !== saved.maxRuns || draft.data.maxMegabytes !== saved.maxMegabytes);
  const h = history.data;
  return (
    <section className="card stack" aria-labelledby="run-history-title">
      <h2 id="run-history-title">Run history</h2>
      <p className="muted">
        Every token run is kept in the data folder with its steps and diagnosis, secrets and tokens masked, so it can be read again after a restart,
        in a run report, or from the command line. The oldest runs leave first once either limit is reached.
      </p>
      <form className="row settings-limits" onSubmit={(e) => { e.preventDefault(); if (draft.success) update.mutate({ runHistory: draft.data }); }}>
        <Field label="Keep at most (runs)" error={problem('maxRuns')} hint="10 to 100000; default 1000.">
          {(p) => <input {...p} type="number" min={10} max={100000} value={maxRuns} onChange={(e) => setMaxRuns(e.target.value)} />}
        </Field>
        <Field label="and at most (MB)" error={problem('maxMegabytes')} hint="1 to 10000; default 50.">
          {(p) => <input {...p} type="number" min={1} max={10000} step="any" value={maxMegabytes} onChange={(e) => setMaxMegabytes(e.target.value)} />}
        </Field>
        <button type="submit" className="btn primary" disabled={!changed || update.isPending}>{update.isPending ? 'Saving…' : 'Save limits'}</button>
      </form>
      {update.error && <Alert tone="error" title="The limits were not saved">{update.error.message}</Alert>}
      {update.isSuccess && !changed && <Alert tone="success">Saved. Runs past the new limits were removed.</Alert>}
      {settings.error && <Alert tone="error">{settings.error.message}</Alert>}
      {h && (
        <>
          <p data-testid="run-history-usage">Holds {h.count} run{h.count === 1 ? '' : 's'}, {(h.bytes / MB).toFixed(h.bytes < MB ? 2 : 1)} MB{saved ? ` of ${saved.maxRuns} runs or ${saved.maxMegabytes} MB` : ''}.</p>
          {h.entries.length > 0 && <h3>Newest runs</h3>}
          {h.entries.length > 0 && (
            <table className="kv settings-runs" aria-label="Newest runs">
              <tbody>
                {h.entries.map((e) => (
                  <tr key={e.id}>
                    <th><time dateTime={e.startedAt}>{new Date(e.startedAt).toLocaleString()}</time></th>
                    <td>
                      <span className={`badge ${OUTCOME_TONE[e.outcome]}`}>{e.outcome}</span> <span className="badge">{e.kind}</span> {e.title}
                      {e.headline && <div className="muted small"><code>{e.headline.rule}</code> {e.headline.message}</div>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {history.error && <Alert tone="error">{history.error.message}</Alert>}
    </section>
  );
}

/** The Settings area: one section per setting group (run history today). */
export default function SettingsPage() {
  useSettingsLiveUpdates();
  return (
    <div className="stack">
      <h1 id="area-title">Settings</h1>
      <RunHistorySection />
    </div>
  );
}
