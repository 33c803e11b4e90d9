import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ConsoleResponse } from '../../../../../app/contract/console.ts';
import type { Finding } from '../../../../../app/conformance/types.ts';
import { ResponseDiagnosis } from './response-diagnosis.tsx';

const base: ConsoleResponse = {
  requestId: 'r1', responseId: 'x1', request: { method: 'GET', url: 'http://127.0.0.1/fhir/Observation', headers: [] },
  status: 403, statusText: 'Forbidden', url: 'http://127.0.0.1/fhir/Observation', headers: [{ name: 'Date', value: 'Wed, 04 Mar 2026 05:16:07 GMT' }],
  timings: { totalMs: 5, waitMs: 4 }, size: 10, truncated: false, kind: 'json', treeInMain: false,
  token: { kind: 'attached', tokenType: 'Bearer', scope: 'system/Patient.rs', renewedAfter401: false, source: 'profile' }, historyId: 'h1',
};
const scope: Finding = { rule: 'ERR-INSUFFICIENT-SCOPE', severity: 'info', message: 'resource server answered error "insufficient_scope" (HTTP 403)', explanation: 'Likely causes, most likely first:\n1. the granted scope lacks this resource type' };
const typ: Finding = { rule: 'AT-JWT-TYP', severity: 'info', message: 'the access token\'s typ is "JWT"' };
const status: Finding = { rule: 'ERR-STATUS-MISMATCH', severity: 'warning', message: 'error "insufficient_scope" from a resource server should be HTTP 403' };

describe('ResponseDiagnosis', () => {
  it('leads with the headline main ranked, whatever its severity, and lists the other findings after it', () => {
    const html = renderToStaticMarkup(<ResponseDiagnosis response={{ ...base, diagnosis: { outcome: 'failed', headline: scope, causes: [scope], findings: [scope, status, typ], clockSkewSeconds: 600 } }} />);
    expect(html).toMatch(/<section[^>]*aria-label="Diagnosis"/);
    expect(html).toMatch(/<h3[^>]*>Diagnosis <code[^>]*>ERR-INSUFFICIENT-SCOPE<\/code><\/h3>/);
    // A warning-level remark on the server's form does not take the lead from the headline.
    expect(html.indexOf('granted scope lacks')).toBeLessThan(html.indexOf('ERR-STATUS-MISMATCH'));
    expect(html).toContain('data-rule="AT-JWT-TYP"');
    expect(html).not.toContain('data-rule="ERR-INSUFFICIENT-SCOPE"');
    expect(html).toContain('600 s ahead of this computer');
  });

  it('shows a success\'s headline as a check of the request, and nothing for a quiet success', () => {
    const q: Finding = { rule: 'BEARER-QUERY-PARAM', severity: 'warning', message: 'the request URL carries the token as a query parameter' };
    const html = renderToStaticMarkup(<ResponseDiagnosis response={{ ...base, status: 200, diagnosis: { outcome: 'ok', headline: q, causes: [q], findings: [q] } }} />);
    expect(html).toMatch(/Checks of the request <code[^>]*>BEARER-QUERY-PARAM<\/code>/);
    expect(renderToStaticMarkup(<ResponseDiagnosis response={{ ...base, status: 200 }} />)).toBe('');
  });
});
