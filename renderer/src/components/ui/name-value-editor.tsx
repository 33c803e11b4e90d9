/** One editable row: a name, a value, and optionally a value type. */
export interface NameValueRow { name: string; value: string; type?: string }

/**
 * Edits a list of name/value pairs (extra authorize/token parameters, assertion claims and
 * header fields), with an optional per-row type picker.
 */
export function NameValueEditor({ label, rows, onChange, types, errors = {}, addLabel = 'Add' }: {
  label: string;
  rows: NameValueRow[];
  onChange: (rows: NameValueRow[]) => void;
  types?: readonly string[];
  errors?: Record<string, string>;
  addLabel?: string;
}) {
  const update = (i: number, patch: Partial<NameValueRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="field">
      <span className="label">{label}</span>
      {rows.length === 0 && <span className="hint">None.</span>}
      {rows.map((row, i) => (
        <div key={i} className="stack" style={{ gap: 2 }}>
          <div className="row" style={{ flexWrap: 'nowrap' }}>
            <input type="text" aria-label={`${label} ${i + 1} name`} placeholder="name" value={row.name} onChange={(e) => update(i, { name: e.target.value })} aria-invalid={!!errors[`${i}.name`]} />
            <input type="text" aria-label={`${label} ${i + 1} value`} placeholder="value" value={row.value} onChange={(e) => update(i, { value: e.target.value })} aria-invalid={!!errors[`${i}.value`]} />
            {types && (
              <select aria-label={`${label} ${i + 1} type`} value={row.type ?? types[0]} onChange={(e) => update(i, { type: e.target.value })} style={{ width: 110 }}>
                {types.map((t) => <option key={t}>{t}</option>)}
              </select>
            )}
            <button type="button" className="btn small" onClick={() => onChange(rows.filter((_, j) => j !== i))} aria-label={`Remove ${label} ${i + 1}`}>Remove</button>
          </div>
          {(errors[`${i}.name`] || errors[`${i}.value`]) && <div className="error" style={{ color: 'var(--danger)', fontSize: 12.5 }}>{errors[`${i}.name`] ?? errors[`${i}.value`]}</div>}
        </div>
      ))}
      <div><button type="button" className="btn small" onClick={() => onChange([...rows, types ? { name: '', value: '', type: types[0] } : { name: '', value: '' }])}>{addLabel}</button></div>
    </div>
  );
}
