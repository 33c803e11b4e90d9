import { finding } from '../finding.ts';
import { normalizeCode, type OAuthCode, TOKEN_ENDPOINT_CODES } from './codes.ts';
import type { RequestContext } from './context.ts';
import type { ErrorReport } from './extract.ts';
import type { Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * The meta rules about an error response itself (rules 180-184): status vs code, non-standard
 * codes, non-JSON bodies, OperationOutcome bodies, and errors without a description.
 *
 * These say how far the server's answer can be trusted before the explanation of its code.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */

const RESOURCE_STATUS: Partial<Record<OAuthCode, number>> = { invalid_token: 401, insufficient_scope: 403, invalid_request: 400 };
const SERVER_SIDE = new Set<OAuthCode | undefined>(['server_error', 'temporarily_unavailable']);

function usedBasic(req: RequestContext): boolean {
  return req.clientAuth === 'basic' || (req.authorizationHeader?.toLowerCase().startsWith('basic ') ?? false);
}

/** Why the HTTP status disagrees with the error code, or undefined when it does not. */
function statusProblem(report: ErrorReport, req: RequestContext): string | undefined {
  const s = report.status;
  if (s === undefined || report.endpoint === 'authorize-redirect' || report.code === undefined) return undefined;
  const code = normalizeCode(report.code);
  const shown = show(report.code);
  if (s < 400) return `error ${shown} arrived with the success/redirect status HTTP ${s}`;
  if (report.endpoint === 'resource') {
    const expected = code ? RESOURCE_STATUS[code] : undefined;
    return expected !== undefined && s !== expected ? `error ${shown} from a resource server should be HTTP ${expected}, not ${s}` : undefined;
  }
  if (s >= 500 && !SERVER_SIDE.has(code)) return `token-endpoint error ${shown} arrived with HTTP ${s}; OAuth errors use 400 (or 401 for invalid_client)`;
  if (code === 'invalid_client') {
    if (usedBasic(req) && s !== 401) return `invalid_client after HTTP Basic authentication MUST be HTTP 401, not ${s}`;
    if (usedBasic(req) && !report.hasChallengeHeader) return 'invalid_client after HTTP Basic authentication MUST carry a WWW-Authenticate header';
    return s === 400 || s === 401 ? undefined : `invalid_client should be HTTP 400 or 401, not ${s}`;
  }
  if (code !== undefined && TOKEN_ENDPOINT_CODES.has(code) && s !== 400) return `error ${shown} should be HTTP 400, not ${s}`;
  return undefined;
}

function isOperationOutcome(report: ErrorReport): boolean {
  return report.json?.['resourceType'] === 'OperationOutcome';
}

/** Rules 180-184 for one extracted error. `notJsonExplanation` carries the ranked causes of rule 182. */
export function metaFindings(report: ErrorReport, req: RequestContext, notJsonExplanation: string): Finding[] {
  const out: Finding[] = [];
  const status = report.status !== undefined ? ` (HTTP ${report.status})` : '';
  const problem = statusProblem(report, req);
  if (problem) out.push(finding('ERR-STATUS-MISMATCH', problem));

  if (report.endpoint === 'token') {
    if (report.code !== undefined && !(typeof report.code === 'string' && TOKEN_ENDPOINT_CODES.has(report.code))) {
      out.push(finding('ERR-NONSTANDARD-CODE', `token endpoint answered error ${show(report.code)}${status}, which is not one of the six RFC 6749 §5.2 codes`));
    } else if (report.code === undefined && report.bodyShape === 'json-object' && !isOperationOutcome(report) &&
      report.status !== undefined && report.status >= 400 && report.status < 500) {
      out.push(finding('ERR-NONSTANDARD-CODE', `token endpoint answered HTTP ${report.status} with a JSON body that has no "error" member: ${show(report.json)}`));
    }
    if (report.bodyShape === 'html' || report.bodyShape === 'text' || report.bodyShape === 'empty') {
      const what = report.bodyShape === 'empty' ? 'an empty body' : report.bodyShape === 'html' ? 'an HTML page' : 'plain text';
      const f = finding('ERR-NOT-JSON', `token endpoint error response${status} is ${what}${report.bodyText ? `: ${show(report.bodyText.replace(/\s+/g, ' '), 100)}` : ''}`);
      out.push({ ...f, explanation: notJsonExplanation });
    }
  }
  if ((report.endpoint === 'token' || report.endpoint === 'authorize-redirect') && isOperationOutcome(report)) {
    const texts = report.operationOutcome ?? [];
    out.push(finding('ERR-OPERATIONOUTCOME',
      `the ${report.endpoint === 'token' ? 'token' : 'authorize'} endpoint answered with a FHIR OperationOutcome${status}${texts.length > 0 ? `: ${show(texts.join('; '), 120)}` : ''}`));
  }
  if (report.code !== undefined && report.description === undefined && report.uri === undefined) {
    out.push(finding('ERR-DESCRIPTION-MISSING', `error ${show(report.code)}${status} came without error_description or error_uri`));
  }
  return out;
}
