import { useId, useState } from 'react';
import type { Profile } from '../../../../../../app/profiles/index.ts';
import { ASSOCIATED_DATA, kickoffRequest, type ExportLevel, type KickoffParams } from '../../../../../../app/bulk/index.ts';
import { useCapabilities } from '../../api/console-queries.ts';
import { useStartExport } from '../../api/bulk-queries.ts';
import { useConsoleStore } from '../../stores/console-store.ts';

const FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];

/** Comma- or line-separated values. */
const list = (text: string) => text.split(/[\n,]/).map((t) => t.trim()).filter(Boolean);
/** One per line (a _typeFilter may contain commas). */
const lines = (text: string) => text.split('\n').map((t) => t.trim()).filter(Boolean);

/**
 * Kick-off: level (system, all patients, a Group) and every Bulk Data parameter (_type, _since,
 * _typeFilter, _elements, patient, includeAssociatedData, _outputFormat), with the exact request
 * it will send: GET with the parameters in the URL, or POST with a Parameters body when patients
 * are named (the IG's rule).
 */
export function BulkKickoffForm({ profile }: { profile: Profile | undefined }) {
  const [level, setLevel] = useState<ExportLevel>('patient');
  const [groupId, setGroupId] = useState('');
  const [types, setTypes] = useState('');
  const [since, setSince] = useState('');
  const [format, setFormat] = useState(FORMATS[0] ?? '');
  const [typeFilters, setTypeFilters] = useState('');
  const [elements, setElements] = useState('');
  const [patients, setPatients] = useState('');
  const [associated, setAssociated] = useState<string[]>([]);
  const tokenSource = useConsoleStore((s) => s.tokenSource);
  const start = useStartExport();
  const caps = useCapabilities(profile?.id);
  const ids = { types: useId(), since: useId(), filters: useId(), elements: useId(), patients: useId(), format: useId() };
  const typeList = list(types);
  const badType = typeList.find((t) => !/^[A-Z][A-Za-z]*$/.test(t));
  const badSince = since.trim() && Number.isNaN(Date.parse(since.trim())) ? 'Enter an instant such as 2024-01-01T00:00:00Z' : undefined;
  const prefix = types.includes(',') ? `${types.slice(0, types.lastIndexOf(',') + 1)}` : '';
  const params: KickoffParams = {
    level, groupId, types: typeList, since, outputFormat: format, typeFilters: lines(typeFilters), elements: list(elements),
    patients: level === 'system' ? [] : list(patients), includeAssociatedData: associated,
  };
  let request: ReturnType<typeof kickoffRequest> | undefined;
  let requestError: string | undefined;
  if (profile) {
    try { request = kickoffRequest(profile.fhirBaseUrl, params); } catch (e) { requestError = (e as Error).message; }
  }
  const blocked = !profile ? 'Choose a profile first.' : (badType ? `"${badType}" is not a resource type name` : badSince) ?? requestError;
  const submit = () => {
    if (!profile || blocked) return;
    start.mutate({
      profileId: profile.id, level, groupId: level === 'group' ? groupId : undefined, types: typeList, since: since.trim() || undefined, outputFormat: format,
      typeFilters: params.typeFilters ?? [], elements: params.elements ?? [], patients: params.patients ?? [], includeAssociatedData: associated, token: tokenSource,
    });
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
      <div className="grid2">
        <label className="field">
          <span className="label">_typeFilter (one search per line)</span>
          <textarea rows={2} value={typeFilters} spellCheck={false} placeholder="Observation?category=laboratory" aria-describedby={ids.filters} onChange={(e) => setTypeFilters(e.target.value)} />
          <span id={ids.filters} className="hint">A resource type, "?", then search parameters. Several for one type: a resource matching any of them is exported.</span>
        </label>
        <label className="field">
          <span className="label">_elements (comma-separated)</span>
          <input type="text" value={elements} spellCheck={false} placeholder="status, Observation.code" aria-describedby={ids.elements} onChange={(e) => setElements(e.target.value)} />
          <span id={ids.elements} className="hint">Only these elements (servers tag such resources SUBSETTED).</span>
        </label>
      </div>
      <div className="grid2">
        {level !== 'system' && (
          <label className="field">
            <span className="label">patient (ids or Patient/id, comma-separated)</span>
            <input type="text" value={patients} spellCheck={false} placeholder="Patient/ben-baker" aria-describedby={ids.patients} onChange={(e) => setPatients(e.target.value)} />
            <span id={ids.patients} className="hint">Only these patients. The IG allows patient only in a POST kick-off, so the app then POSTs a Parameters resource.</span>
          </label>
        )}
        <fieldset>
          <legend>includeAssociatedData</legend>
          <div className="row">
            {ASSOCIATED_DATA.map((d) => (
              <label key={d} className="row check">
                <input type="checkbox" checked={associated.includes(d)} onChange={(e) => setAssociated(e.target.checked ? [...associated, d] : associated.filter((x) => x !== d))} /> {d}
              </label>
            ))}
          </div>
        </fieldset>
      </div>
      <div className="row">
        <span className="mono muted url-line" data-testid="kickoff-preview">{request ? `${request.method} ${request.url}` : ''}</span>
        <span className="spacer" />
        <span className="muted small">Sends {tokenSource === 'pasted' ? 'the pasted token' : 'the profile\'s token'}</span>
        <button type="submit" className="btn primary" disabled={!!blocked || start.isPending} title={blocked}>{start.isPending ? 'Starting…' : 'Start export'}</button>
      </div>
      {request?.body && (
        <details>
          <summary>Parameters body (POST)</summary>
          <pre className="pre">{JSON.stringify(JSON.parse(request.body), null, 2)}</pre>
        </details>
      )}
      {requestError && <p className="error-text" role="alert">{requestError}</p>}
      {start.error && <p className="error-text" role="alert">{start.error.message}</p>}
    </form>
  );
}
