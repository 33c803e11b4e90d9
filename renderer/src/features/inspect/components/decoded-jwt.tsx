import type { JwtKind } from '../claim-dictionary.ts';
import { explainClaims, explainHeader, type ExpectedValues } from '../claims.ts';
import { ClaimsTable } from './claims-table.tsx';
import { DecodedPart } from './jwt-view.tsx';

/**
 * A decoded JWT as both inspectors show it: header and claims explained side by side, and the
 * raw decoded JSON on demand.
 */
export function DecodedJwt({ header, payload, kind, expected, evaluateAt }: {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  kind: JwtKind;
  expected?: ExpectedValues;
  evaluateAt?: number;
}) {
  return (
    <>
      <div className="grid2">
        <ClaimsTable caption="Header" part="header" rows={explainHeader(header, kind)} />
        <ClaimsTable caption="Claims" part="payload" rows={explainClaims(payload, kind, expected)} evaluateAt={evaluateAt} />
      </div>
      <details className="card decoded-json">
        <summary>Decoded JSON</summary>
        <div className="grid2">
          <DecodedPart part="header" value={header} />
          <DecodedPart part="payload" value={payload} />
        </div>
      </details>
    </>
  );
}
