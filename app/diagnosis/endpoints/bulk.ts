import { finding, type CheckOptions, type Finding } from '../../conformance/index.ts';
import { isSuccess, type ReadExchange } from '../exchange.ts';
import { type Analysis, inTier } from '../rank.ts';
import { analyseRefusal, presentedTokenChecks } from './resource.ts';

/**
 * FHIR Bulk Data export: the kick-off (must answer 202 with Content-Location), the status
 * polls (202 while running, 200 with the manifest when done) and the file downloads. A refusal
 * is a resource server's refusal (WWW-Authenticate, OperationOutcome, the token presented).
 * @see https://hl7.org/fhir/uv/bulkdata/STU2/export.html
 */

/** The kick-off headers SMART's Bulk Data spec requires, when the request lacked them. */
function kickoffHeaderFindings(x: ReadExchange): string[] {
  const missing: string[] = [];
  if (!/respond-async/i.test(x.request.headers['prefer'] ?? '')) missing.push('Prefer: respond-async');
  if (!/application\/fhir\+json/i.test(x.request.headers['accept'] ?? '')) missing.push('Accept: application/fhir+json');
  return missing;
}

function kickoff(x: ReadExchange, sent: Finding[], opts?: CheckOptions): Analysis {
  const res = x.response;
  if (!res || !isSuccess(res.status)) {
    const analysis = analyseRefusal(x, sent, opts);
    const missing = kickoffHeaderFindings(x);
    // A 400 to a kick-off without Prefer: respond-async is the header, not the parameters.
    if (res && res.status === 400 && missing.length > 0) {
      analysis.candidates.unshift({ finding: finding('BULK-NOT-ASYNC', `the kick-off was refused (HTTP 400) and was sent without ${missing.join(' and ')}`), tier: 'specific' });
    }
    return analysis;
  }
  if (res.status === 202) {
    if (res.headers['content-location']) return { outcome: 'ok', candidates: inTier('sent', sent) };
    return { outcome: 'failed', candidates: [{ finding: finding('BULK-NO-CONTENT-LOCATION', 'the kick-off answered 202 Accepted without a Content-Location header, so there is no status URL to follow'), tier: 'code' }, ...inTier('sent', sent)] };
  }
  const missing = kickoffHeaderFindings(x);
  const what = res.json?.['resourceType'] === 'Bundle' ? 'a Bundle (the operation ran synchronously or as a search)' : res.json?.['resourceType'] === 'OperationOutcome' ? 'an OperationOutcome' : `HTTP ${res.status}`;
  return {
    outcome: 'failed',
    candidates: [{ finding: finding('BULK-NOT-ASYNC', `the kick-off answered ${res.status} with ${what} instead of 202 Accepted${missing.length ? `; the request lacked ${missing.join(' and ')}` : ''}`), tier: 'code' }, ...inTier('sent', sent)],
  };
}

/** Analyses a bulk kick-off, status or file exchange. */
export function analyseBulk(x: ReadExchange, opts?: CheckOptions): Analysis {
  const sent = presentedTokenChecks(x, opts);
  if (x.input.endpoint === 'bulk-kickoff') return kickoff(x, sent, opts);
  const res = x.response;
  if (res && isSuccess(res.status)) return { outcome: 'ok', candidates: inTier('sent', sent) };
  return analyseRefusal(x, sent, opts);
}
