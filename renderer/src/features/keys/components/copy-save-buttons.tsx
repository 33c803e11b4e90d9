import { useState } from 'react';
import type { PublicKeyFile } from '../../../../../app/contract/index.ts';

/** Offers text as a file download; in Electron the download shows the system Save dialog. */
export function saveTextFile(file: PublicKeyFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mimeType }));
  const a = Object.assign(document.createElement('a'), { href: url, download: file.fileName });
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copy and Save buttons for one public-key file, named after what they copy so e2e and screen readers can tell them apart. */
export function CopySaveButtons({ file, what, copyOnly = false }: { file: PublicKeyFile; what: string; copyOnly?: boolean }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(file.text);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied(undefined), 2500);
  };
  return (
    <div className="row">
      <button type="button" className="btn small" onClick={() => void copy()} aria-label={`Copy ${what}`}>Copy</button>
      {!copyOnly && <button type="button" className="btn small" onClick={() => saveTextFile(file)} aria-label={`Save ${what} as file`}>Save as {file.fileName.split('.').slice(1).join('.')}</button>}
      <span role="status" className="muted">{copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Copying failed; select the text and copy it yourself.' : ''}</span>
    </div>
  );
}
