import { useState } from 'react';

/**
 * A value shown in full with a Copy button (a redirect URI to register, an endpoint): the user
 * sees exactly what is copied, and hears when the clipboard refused.
 */
export function CopyValue({ value, label }: { value: string; label: string }) {
  const [note, setNote] = useState<string>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setNote('Copied.');
    } catch {
      setNote('The clipboard refused; select the text and copy it by hand.');
    }
  };
  return (
    <span className="copy-line">
      <code aria-label={label}>{value}</code>
      <button type="button" className="btn small" onClick={() => void copy()}>Copy</button>
      {note && <span className="muted small" role="status">{note}</span>}
    </span>
  );
}
