import { finding, nowSeconds, skewSeconds } from '../finding.ts';
import { accessDeniedCauses, insufficientScopeCauses, invalidTokenCauses, noAuthInfoCauses, notJsonCauses, serverErrorCauses,
  temporarilyUnavailableCauses, unsupportedResponseTypeCauses } from './other-causes.ts';
import { invalidClientCauses, invalidGrantCauses, invalidRequestCauses, invalidScopeCauses, unauthorizedClientCauses,
  unsupportedGrantTypeCauses } from './token-causes.ts';
import { CODE_RULE, isKnownCode, mapToStandard, meaningOf, type OAuthCode } from './codes.ts';
import { requestContext, type RequestContext } from './context.ts';
import { type ErrorReport, extractError, type OAuthErrorInput, serverText, uriWords } from './extract.ts';
import { metaFindings } from './meta.ts';
import { type Cause, formatExplanation, rankCauses, type RankContext } from './rank.ts';
import { RULES } from '../rules.generated.ts';
import type { CheckOptions, Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * Explains an OAuth / Bearer error response (rules 167-184, Appendix B): what the code means,
 * its likely causes ranked by what the request actually sent, and what is wrong with the error
 * response itself (status, non-standard code, HTML or OperationOutcome body, no description).
 *
 * Servers say little ("invalid_client"); the developer needs to know which of a dozen mistakes
 * it was, so the explanation names the most likely one first.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */

/** Input of explainOAuthError, re-exported so callers import it from the public module. */
export type { OAuthErrorInput } from './extract.ts';

const CAUSES: Record<OAuthCode, (ctx: RankContext) => Cause[]> = {
  invalid_request: invalidRequestCauses,
  invalid_client: invalidClientCauses,
  invalid_grant: invalidGrantCauses,
  unauthorized_client: unauthorizedClientCauses,
  unsupported_grant_type: unsupportedGrantTypeCauses,
  invalid_scope: invalidScopeCauses,
  access_denied: accessDeniedCauses,
  unsupported_response_type: unsupportedResponseTypeCauses,
  server_error: serverErrorCauses,
  temporarily_unavailable: temporarilyUnavailableCauses,
  invalid_token: invalidTokenCauses,
  insufficient_scope: insufficientScopeCauses,
};

const HEADLINES: Record<OAuthCode, string> = {
  invalid_request: 'The server found the request malformed (invalid_request).',
  invalid_client: 'The server rejected the client authentication (invalid_client).',
  invalid_grant: 'The grant was rejected (invalid_grant).',
  unauthorized_client: 'The client\'s registration does not allow this grant type (unauthorized_client).',
  unsupported_grant_type: 'The server does not accept this grant_type (unsupported_grant_type).',
  invalid_scope: 'The requested scope was rejected (invalid_scope).',
  access_denied: 'The user or the server denied the request (access_denied).',
  unsupported_response_type: 'The authorize endpoint does not accept this response_type (unsupported_response_type); SMART uses response_type=code.',
  server_error: 'The server failed with an internal error (server_error).',
  temporarily_unavailable: 'The server is temporarily unavailable (temporarily_unavailable).',
  invalid_token: 'The resource server rejected the access token (invalid_token).',
  insufficient_scope: 'The access token\'s scope does not allow this request (insufficient_scope).',
};

const WHERE = { token: 'token endpoint', 'authorize-redirect': 'authorize redirect', resource: 'resource server' } as const;

/** Which standard code to explain, and how it was arrived at; undefined when there is nothing to explain. */
function chooseCode(report: ErrorReport, said: string, req: RequestContext): { code: OAuthCode; note?: string } | 'no-auth-info' | undefined {
  if (isKnownCode(report.code)) return { code: report.code };
  const text = serverText(report) ?? (report.bodyShape === 'text' ? report.bodyText ?? '' : '');
  if (report.code !== undefined) {
    const mapped = mapToStandard(report.code, text, report.status, report.endpoint);
    return mapped ? { code: mapped.code, note: `Non-standard code ${show(report.code)} read as ${mapped.code}: ${mapped.why}.` } : undefined;
  }
  if (report.endpoint === 'resource') return resourceCode(report, said, req);
  if (report.endpoint === 'authorize-redirect') return undefined;
  const s = report.status;
  if (report.bodyShape === 'json-object' || said.trim() !== '') {
    if (s !== undefined && s < 400) return undefined;
    const mapped = mapToStandard(undefined, text, s, 'token');
    return mapped ? { code: mapped.code, note: `No "error" member; read as ${mapped.code}: ${mapped.why}.` } : undefined;
  }
  if (s !== undefined && s >= 500) {
    const code: OAuthCode = s === 503 ? 'temporarily_unavailable' : 'server_error';
    return { code, note: `No error code; HTTP ${s} from a token endpoint stands for ${code}.` };
  }
  return undefined;
}

/**
 * A resource server's 401/403 without an error code. ERR-NO-AUTH-INFO ("the request lacks any
 * authentication information") only when no token is known to have been sent; when one was, the
 * server rejected it without saying why, so its words ("Token expired", "insufficient scope") or
 * the status decide between invalid_token and insufficient_scope.
 */
function resourceCode(report: ErrorReport, said: string, req: RequestContext): { code: OAuthCode; note?: string } | 'no-auth-info' | undefined {
  const s = report.status;
  if (s !== 401 && s !== 403) return undefined;
  if (req.tokenSent !== true) return s === 401 || req.tokenSent === false ? 'no-auth-info' : undefined;
  const fromWords = said.trim() !== '' ? mapToStandard(undefined, said, s, 'resource') : undefined;
  const code: OAuthCode = fromWords?.code === 'invalid_token' || fromWords?.code === 'insufficient_scope' ? fromWords.code : s === 401 ? 'invalid_token' : 'insufficient_scope';
  return { code, note: `No error code in WWW-Authenticate; an access token was sent, so HTTP ${s}${fromWords && fromWords.code === code ? ` and the server's words` : ''} read as ${code}.` };
}

function primaryFinding(report: ErrorReport, chosen: { code: OAuthCode; note?: string }, ctx: RankContext): Finding {
  // A short text body ("Token expired") is the server's words too.
  const said = serverText(report) ?? (report.bodyShape === 'text' && (report.bodyText?.trim().length ?? 0) <= 300 ? report.bodyText?.trim() || undefined : undefined);
  const status = report.status !== undefined ? ` (HTTP ${report.status})` : '';
  const codeShown = report.code !== undefined ? `error ${show(report.code)}` : `no error code, read as ${chosen.code}`;
  const message = `${WHERE[report.endpoint]} answered ${codeShown}${status}${said ? `: ${show(said, 120)}` : ''}`;
  let headline = chosen.code === 'invalid_client' && report.endpoint === 'authorize-redirect'
    ? 'The authorization server does not accept this client for this authorization request (invalid_client).'
    : HEADLINES[chosen.code];
  const needed = report.challenge?.params['scope'];
  if (chosen.code === 'insufficient_scope' && needed) headline += ` The server names the scope needed: "${needed}".`;
  const explanation = formatExplanation(headline, rankCauses(CAUSES[chosen.code](ctx), ctx), [
    `What it means (${meaningOf(chosen.code, report.endpoint)})`,
    said ? `The server said: ${JSON.stringify(said)}` : '',
    report.uri ? `More information: ${report.uri}` : '',
    chosen.note ?? '',
  ]);
  return { ...finding(CODE_RULE[chosen.code], message), explanation };
}

function noAuthInfoFinding(report: ErrorReport, ctx: RankContext): Finding {
  const challenge = report.challenge ? 'a bare "WWW-Authenticate: Bearer" challenge' : 'no WWW-Authenticate challenge';
  const explanation = formatExplanation(
    'The resource server saw no usable Authorization header with a Bearer token, so it answered 401 without an error code.',
    rankCauses(noAuthInfoCauses(ctx), ctx),
    ['What it means (RFC 6750 §3.1: "If the request lacks any authentication information ..., the resource server SHOULD NOT include an error code or other error information.")'],
  );
  return { ...finding('ERR-NO-AUTH-INFO', `resource server answered HTTP 401 with ${challenge}`), explanation };
}

/** A value as text, whatever it is (an object without a usable toString included). */
function printable(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v !== 'object' || v === null) return String(v);
  try { return JSON.stringify(v) ?? ''; } catch { return ''; }
}

/** Explains an OAuth / Bearer error response; never throws. */
export function explainOAuthError(input: OAuthErrorInput, opts?: CheckOptions): Finding[] {
  const src = (isObject(input) ? input : {}) as OAuthErrorInput;
  const report = extractError(src);
  const req = requestContext(src.requestSummary);
  const nonStandardCode = report.code !== undefined && !isKnownCode(report.code) ? printable(report.code).replace(/_/g, ' ') : '';
  const plain = report.bodyShape === 'text' && (report.bodyText?.length ?? 0) <= 500 ? report.bodyText ?? '' : '';
  const said = [nonStandardCode, serverText(report) ?? '', plain, uriWords(report.uri)].join(' ').toLowerCase();
  const ctx: RankContext = { req, report, said, now: nowSeconds(opts), skew: skewSeconds(opts) };

  const out: Finding[] = [];
  const chosen = chooseCode(report, said, req);
  if (chosen === 'no-auth-info') out.push(noAuthInfoFinding(report, ctx));
  else if (chosen) out.push(primaryFinding(report, chosen, ctx));

  const notJson = formatExplanation(RULES['ERR-NOT-JSON'].explanation, rankCauses(notJsonCauses(ctx), ctx), []);
  out.push(...metaFindings(report, req, notJson));
  return out;
}
