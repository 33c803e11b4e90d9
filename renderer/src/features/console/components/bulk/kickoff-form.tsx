import { useId, useState } from 'react';
import type { Profile } from '../../../../../../app/profiles/index.ts';
import { kickoffUrl, type ExportLevel } from '../../../../../../app/bulk/bulk-protocol.ts';
import { useCapabilities } from '../../api/console-queries.ts';
import { useStartExport } from '../../api/bulk-queries.ts';

const FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];

/** Kick-off: level (system, all patients, a Group), _type, _since and _outputFormat, with the URL it will call. */
export function BulkKickoffForm({ profile }: { profile: Profile | undefined }) {
  const [level, setLevel] = useState<ExportLevel>('patient');
  const [groupId, setGroupId] = useState('');
  const [types, setTypes] = useState('');
  const [since, setSince] = useState('');
  const [format, setFormat] = useState(FORMATS[0] ?? '');
  const start = useStartExport();
  const caps = useCapabilities(profile?.id);
  const ids = { types: useId(), since: useId() };
  const typeList = types.split(',').map((t) => t.trim()).filter(Boolean);
  const badType = typeList.find((t) => !/^[A-Z][A-Za-z]*$/.test(t));
  const badSince = since.trim() && Number.isNaN(Date.parse(since.trim())) ? 'Enter an instant such as 2024-01-01T00:00:00Z' : undefined;
  const prefix = types.includes(',') ? `${types.slice(0, types.lastIndexOf(',') + 1)}` : '';
  let url = '';
  let urlError: string | undefined;
  if (profile) {
    try { url = kickoffUrl(profile.fhirBaseUrl, { level, groupId, types: typeList, since, outputFormat: format }); } catch (e) { urlError = (e as Error).message; }
  }
  const blocked = !profile ? 'Choose a profile first.' : urlError ?? (badType ? `"${badType}" is not a resource type name` : badSince);
  const submit = () => {
    if (!profile || blocked) return;
    start.mutate({ profileId: profile.id, level, groupId: level === 'group' ? groupId : undefined, types: typeList, since: since.trim() || undefined, outputFormat: format });
  };
  return (
    <form className="card stack" aria-labelledby="kickoff-title" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <h2 id="kickoff-title">Start a Bulk Data export</h2>
      <fieldset>
        <legend>Export level</legend>
        <div className="row">
        {(['system', 'patient', 'group'] as const).map((l) => (
          <label key={l} className="row check">
            <input type="radio" name="bulk-level" value={l} checked={level === l} onChange={() => setLevel(l)} />
            {l === 'system' ? 'System ($export)' : l === 'patient' ? 'All patients (Patient/$export)' : 'Group (Group/[id]/$export)'}
          </label>
        ))}
        {level === 'group' && (
          <input type="text" aria-label="Group id" placeholder="Group id" value={groupId} onChange={(e) => setGroupId(e.target.value)} style={{ width: 220 }} />
        )}
        </div>
      </fieldset>
      <div className="grid3">
        <label className="field">
          <span className="label">_type (comma-separated; empty = all)</span>
          <input type="text" list={ids.types} value={types} placeholder="Patient,Observation" onChange={(e) => setTypes(e.target.value)} aria-invalid={!!badType} />
          <datalist id={ids.types}>{caps.data?.resources.map((r) => <option key={r.type} value={`${prefix}${r.type}`} />)}</datalist>
        </label>
        <label className="field">
          <span className="label">_since</span>
          <input type="text" value={since} placeholder="2024-01-01T00:00:00Z" onChange={(e) => setSince(e.target.value)} aria-invalid={!!badSince} aria-describedby={ids.since} />
          <span id={ids.since} className={badSince ? 'error' : 'hint'}>{badSince ?? 'Only resources changed since then.'}</span>
        </label>
        <label className="field">
          <span className="label">_outputFormat</span>
          <select value={format} onChange={(e) => setFormat(e.target.value)}>{FORMATS.map((f) => <option key={f}>{f}</option>)}</select>
        </label>
      </div>
      <div className="row">
        <span className="mono muted url-line">{urlError ? '' : url && `GET ${url}`}</span>
        <span className="spacer" />
        <button type="submit" className="btn primary" disabled={!!blocked || start.isPending} title={blocked}>{start.isPending ? 'Starting…' : 'Start export'}</button>
      </div>
      {urlError && <p className="error-text" role="alert">{urlError}</p>}
      {start.error && <p className="error-text" role="alert">{start.error.message}</p>}
    </form>
  );
}
