import { useState } from 'react';
import { redactByName } from '../../../../../app/activity/index.ts';
import type { JwtKind } from '../claim-dictionary.ts';
import { explainClaims, explainHeader, type ExpectedValues } from '../claims.ts';
import { ClaimsTable } from './claims-table.tsx';
import { DecodedPart } from './jwt-view.tsx';

/**
 * A decoded JWT as both inspectors show it: header and claims explained side by side, and the
 * raw decoded JSON on demand.
 *
 * Claims named like secrets (a `client_secret` a peer embedded in its token, a `password`, a JWK's
 * private `d` in a header) are masked until Reveal is pressed, as the activity log masks its
 * entries: a screen shared while inspecting a token should not show them.
 */
export function DecodedJwt({ header, payload, kind, expected, evaluateAt }: {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  kind: JwtKind;
  expected?: ExpectedValues;
  evaluateAt?: number;
}) {
  const [revealed, setRevealed] = useState(false);
  const h = redactByName(header);
  const p = redactByName(payload);
  const hidden = [...h.hidden.map((x) => `header ${x}`), ...p.hidden];
  const shownHeader = revealed ? header : h.value;
  const shownPayload = revealed ? payload : p.value;
  return (
    <>
      {hidden.length > 0 && (
        <div className="row decoded-hidden" role="status">
          <span className="muted">{revealed ? 'Showing' : 'Hidden because their names say they are secrets:'} {hidden.map((x, i) => <span key={x}>{i ? ', ' : ''}<code>{x}</code></span>)}</span>
          <button type="button" className="btn" onClick={() => setRevealed(!revealed)}>{revealed ? 'Hide secrets' : 'Reveal secrets'}</button>
        </div>
      )}
      <div className="grid2">
        <ClaimsTable caption="Header" part="header" rows={explainHeader(shownHeader, kind)} />
        <ClaimsTable caption="Claims" part="payload" rows={explainClaims(shownPayload, kind, expected)} evaluateAt={evaluateAt} />
      </div>
      <details className="card decoded-json">
        <summary>Decoded JSON</summary>
        <div className="grid2">
          <DecodedPart part="header" value={shownHeader} />
          <DecodedPart part="payload" value={shownPayload} />
        </div>
      </details>
    </>
  );
}
