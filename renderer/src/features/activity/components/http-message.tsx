import { Fragment, type ReactNode } from 'react';
import { REDACTED, type HeaderList } from '../../../../../app/activity/index.ts';
import { viewBody } from '../format.ts';

/** Marks every redaction placeholder, so a reader sees at once what was hidden. */
export function WithRedactions({ text }: { text: string }): ReactNode {
  const parts = text.split(REDACTED);
  if (parts.length === 1) return text;
  return parts.map((part, i) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 && <span className="redacted" title="Hidden in the log; use Reveal secrets to see it">{REDACTED}</span>}
    </Fragment>
  ));
}

/** A header list, in the order it was sent, duplicates kept. */
export function HeadersTable({ label, headers }: { label: string; headers: HeaderList }) {
  if (headers.length === 0) return <p className="muted">No {label.toLowerCase()}.</p>;
  return (
    <table className="kv headers" aria-label={label}>
      <tbody>
        {headers.map((h, i) => (
          <tr key={`${h.name}-${i}`}>
            <th className="mono">{h.name}</th>
            <td className="mono"><WithRedactions text={h.value} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A request or response body: JSON pretty-printed, form fields as rows, other text as is. */
export function BodyBlock({ label, body, contentType }: { label: string; body: string | undefined; contentType: string | undefined }) {
  if (body === undefined || body === '') return <p className="muted">No {label.toLowerCase()}.</p>;
  const view = viewBody(body, contentType);
  if (view.kind === 'form') {
    return (
      <table className="kv headers" aria-label={`${label} (form fields)`}>
        <tbody>
          {view.fields.map((f, i) => (
            <tr key={`${f.name}-${i}`}>
              <th className="mono">{f.name}</th>
              <td className="mono"><WithRedactions text={f.value} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
  return <pre className="pre body" aria-label={label} tabIndex={0}><WithRedactions text={view.text} /></pre>;
}
