import type { Row } from '../stores/console-store.ts';

/**
 * Edits query parameters or headers: each row can be switched off without deleting it, and
 * names are suggested from a datalist (search parameters from the server, common headers).
 */
export function PairsEditor({ label, rows, onChange, listId, namePlaceholder }: {
  label: string;
  rows: Row[];
  onChange: (rows: Row[]) => void;
  listId?: string;
  namePlaceholder: string;
}) {
  const update = (i: number, patch: Partial<Row>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="stack tight pairs">
      {rows.length === 0 && <span className="muted small-print">None.</span>}
      {rows.map((row, i) => (
        <div className="row pair" key={i}>
          <input type="checkbox" checked={row.enabled} onChange={(e) => update(i, { enabled: e.target.checked })} aria-label={`Send ${label} ${i + 1}`} />
          <input type="text" list={listId} placeholder={namePlaceholder} value={row.name} aria-label={`${label} ${i + 1} name`} onChange={(e) => update(i, { name: e.target.value })} />
          <input type="text" placeholder="value" value={row.value} aria-label={`${label} ${i + 1} value`} onChange={(e) => update(i, { value: e.target.value })} />
          <button type="button" className="btn small" aria-label={`Remove ${label} ${i + 1}`} onClick={() => onChange(rows.filter((_, j) => j !== i))}>Remove</button>
        </div>
      ))}
      <div><button type="button" className="btn small" onClick={() => onChange([...rows, { name: '', value: '', enabled: true }])}>Add {label}</button></div>
    </div>
  );
}
