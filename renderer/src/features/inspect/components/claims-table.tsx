import { useNow } from '../../../lib/use-now.ts';
import type { ClaimRow } from '../claims.ts';
import { isoOf, lifetime, readTimeClaim } from '../time-format.ts';

/** A time claim: ISO and local time, and a live relative reading ("expires in 4 min 12 s"). */
function TimeValue({ name, epoch, evaluateAt }: { name: string; epoch: number; evaluateAt?: number }) {
  const now = useNow();
  const at = evaluateAt ?? now;
  const reading = readTimeClaim(name, epoch, at);
  const iso = isoOf(epoch);
  return (
    <div className="claim-time">
      <div className="mono">{epoch}</div>
      {iso && <div className="muted claim-when" title={`Local time: ${new Date(epoch * 1000).toLocaleString()}`}>{iso.replace('T', ' ').replace('Z', ' UTC')}</div>}
      <div className={`time-reading ${reading.tone}`} role={name === 'exp' ? 'timer' : undefined} aria-live="off">
        {reading.text}{evaluateAt !== undefined ? ' (when it was sent)' : ''}
      </div>
    </div>
  );
}

/**
 * Every header field or claim of a JWT with its value, what it means for this kind of JWT, the
 * spec reference, and quick checks against the chosen profile; time claims count down live.
 */
export function ClaimsTable({ caption, rows, part, evaluateAt }: { caption: string; rows: ClaimRow[]; part: 'header' | 'payload'; evaluateAt?: number }) {
  const iat = rows.find((r) => r.name === 'iat')?.epoch;
  const exp = rows.find((r) => r.name === 'exp')?.epoch;
  return (
    <div className={`claims ${part}`}>
      <table className="claims-table">
        <caption>{caption}</caption>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Value</th><th scope="col">Meaning</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} data-claim={r.name}>
              <th scope="row"><code>{r.name}</code>{r.custom && <span className="badge" title="Not a claim this kind of JWT is expected to carry"> custom</span>}</th>
              <td className="claim-value">
                {r.epoch !== undefined ? <TimeValue name={r.name} epoch={r.epoch} evaluateAt={evaluateAt} /> : <span className="mono">{r.display}</span>}
                {r.checks.map((c) => (
                  <div key={c.text} className={`claim-check ${c.tone}`}>{c.tone === 'ok' ? '✓ ' : '✗ '}{c.text}</div>
                ))}
              </td>
              <td className="claim-meaning">{r.meaning}{r.ref && <span className="muted claim-ref"> ({r.ref})</span>}</td>
            </tr>
          ))}
          {rows.length === 0 && <tr><td colSpan={3} className="muted">No {part === 'header' ? 'header fields' : 'claims'}.</td></tr>}
        </tbody>
      </table>
      {part === 'payload' && iat !== undefined && exp !== undefined && <p className="muted claims-lifetime">iat → exp: {lifetime(iat, exp)}</p>}
    </div>
  );
}
