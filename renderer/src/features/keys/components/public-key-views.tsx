import { useState } from 'react';
import type { KeyDetails } from '../../../../../app/contract/index.ts';
import { CopySaveButtons } from './copy-save-buttons.tsx';

const VIEWS = [
  { id: 'jwk', tab: 'JWK', what: 'public JWK', hint: 'One public key, for a vendor form that asks for a JWK.' },
  { id: 'jwks', tab: 'JWKS', what: 'public JWKS', hint: 'A JWK Set, to register as the client\'s JWKS or serve at a jwks_uri.' },
  { id: 'pem', tab: 'PEM', what: 'public PEM', hint: 'SPKI PEM (BEGIN PUBLIC KEY), for servers that take a PEM public key.' },
] as const;

/** The key's public half as JWK, JWKS and SPKI PEM, each with Copy and Save; nothing private exists here to show. */
export function PublicKeyViews({ details }: { details: KeyDetails }) {
  const [view, setView] = useState<(typeof VIEWS)[number]['id']>('jwks');
  const current = VIEWS.find((v) => v.id === view)!;
  const file = details.exports[view];
  return (
    <div className="stack" style={{ gap: 8 }}>
      <div className="row" role="tablist" aria-label="Public key format">
        {VIEWS.map((v) => (
          <button key={v.id} type="button" role="tab" id={`key-tab-${v.id}`} aria-selected={v.id === view} aria-controls="key-tab-panel"
            className={`btn small${v.id === view ? ' primary' : ''}`} onClick={() => setView(v.id)}>{v.tab}</button>
        ))}
      </div>
      <div role="tabpanel" id="key-tab-panel" aria-labelledby={`key-tab-${view}`} className="stack" style={{ gap: 6 }}>
        <span className="muted">{current.hint}</span>
        <textarea readOnly aria-label={`The ${current.what}`} value={file.text} rows={Math.min(14, file.text.split('\n').length + 1)} spellCheck={false} />
        <CopySaveButtons file={file} what={current.what} />
      </div>
    </div>
  );
}
