import { useRef } from 'react';
import { Alert } from '../../../components/ui/alert.tsx';
import { useImportProfiles } from '../api/profile-queries.ts';

/** "Import…" button: reads a JSON file and reports what was imported and what was refused, and why. */
export function ImportProfiles() {
  const input = useRef<HTMLInputElement>(null);
  const importer = useImportProfiles();
  const onFile = async (file: File | undefined) => {
    if (!file) return;
    importer.mutate(await file.text());
    if (input.current) input.current.value = '';
  };
  const report = importer.data;
  return (
    <>
      <button className="btn" onClick={() => input.current?.click()} disabled={importer.isPending}>Import…</button>
      <input ref={input} type="file" accept="application/json,.json" className="sr-only" aria-label="Import profiles from a JSON file" data-testid="import-file" onChange={(e) => void onFile(e.target.files?.[0])} />
      {importer.error && (
        <div style={{ flexBasis: '100%' }}>
          <Alert tone="error" title="Import failed" onDismiss={() => importer.reset()}>{importer.error.message}</Alert>
        </div>
      )}
      {report && (
        <div style={{ flexBasis: '100%' }}>
          <Alert tone={report.rejected.length ? 'warning' : 'success'} title={`Imported ${report.imported.length} profile(s)`} onDismiss={() => importer.reset()}>
            {report.rejected.map((r) => (
              <div key={r.index}>Skipped entry {r.index + 1}{r.name ? ` (${r.name})` : ''}: {r.issues.map((i) => `${i.path || 'entry'}: ${i.message}`).join('; ')}</div>
            ))}
          </Alert>
        </div>
      )}
    </>
  );
}
