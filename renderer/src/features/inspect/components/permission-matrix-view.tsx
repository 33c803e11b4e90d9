import type { Permission } from '../../../../../app/conformance/scopes/index.ts';
import { PERMISSION_NAMES, PERMISSIONS, type Coverage, type MatrixCell, type PermissionMatrix } from '../permission-matrix.ts';

const COVERAGE_TEXT: Record<Coverage, string> = { explicit: 'yes', wildcard: 'via *', query: 'limited by a query', none: 'no' };
const SYMBOL: Record<MatrixCell['status'], string> = { both: '✓', missing: '✗', extra: '+', none: '' };

function cellLabel(resource: string, p: Permission, c: MatrixCell): string {
  return `${resource} ${PERMISSION_NAMES[p]}: requested ${COVERAGE_TEXT[c.requested]}, granted ${COVERAGE_TEXT[c.granted]}`;
}

/**
 * The resource × c r u d s grid per context: ✓ requested and granted, ✗ requested but not
 * granted, + granted without being requested; "*" and "?" mark wildcard and query-limited grants.
 */
export function PermissionMatrixView({ matrix }: { matrix: PermissionMatrix }) {
  if (matrix.contexts.length === 0) return <p className="muted">No SMART resource scopes (context/Resource.permissions) on either side.</p>;
  return (
    <div className="stack">
      <p className="legend muted">
        <span className="cell-sample both">✓</span> requested and granted · <span className="cell-sample missing">✗</span> requested, not granted ·{' '}
        <span className="cell-sample extra">+</span> granted, not requested · <sup>*</sup> granted through a <code>*</code> scope · <sup>?</sup> limited by a query
      </p>
      <div className="matrix-grid">
        {matrix.contexts.map((ctx) => (
          <table key={ctx.context} className="perm-matrix">
            <caption>{ctx.context}/ scopes</caption>
            <thead>
              <tr><th scope="col">Resource</th>{PERMISSIONS.map((p) => <th key={p} scope="col" title={PERMISSION_NAMES[p]}>{p}</th>)}</tr>
            </thead>
            <tbody>
              {ctx.rows.map((row) => (
                <tr key={row.resource}>
                  <th scope="row"><code>{row.resource}</code></th>
                  {PERMISSIONS.map((p) => {
                    const c = row.cells[p];
                    const mark = c.granted === 'wildcard' ? '*' : c.granted === 'query' || c.requested === 'query' ? '?' : '';
                    return (
                      <td key={p} className={`cell ${c.status}`} aria-label={cellLabel(row.resource, p, c)} title={cellLabel(row.resource, p, c)}>
                        {SYMBOL[c.status]}{mark && <sup>{mark}</sup>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}
