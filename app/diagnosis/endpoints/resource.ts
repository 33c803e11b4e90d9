import { decodeJws, explainOAuthError, finding, inspectFhirRequest, skewSeconds, nowSeconds, type CheckOptions, type Finding } from '../../conformance/index.ts';
import { explainingRules, specificCauses } from '../consistency.ts';
import { cluesIn } from '../evidence.ts';
import type { ReadExchange, ReceivedResponse } from '../exchange.ts';
import { ENDPOINT_WORDS, endpointNotFound, explained, notJson, saidTail } from '../explanations.ts';
import { type Analysis, type Candidate, inTier } from '../rank.ts';
import { codeOfRule, enrichSpecific, transportAnalysis } from './shared.ts';

/**
 * Resource servers: FHIR calls and the bulk export's kick-off, status and file requests when
 * they are refused (principle 6). The answer is read from `WWW-Authenticate` first, then an
 * OperationOutcome or text body ("Token expired", "insufficient scope"), then the token the
 * request carried: its `exp` and how it was presented.
 *
 * Nothing sent, nothing blamed: the token checks run only on a token that was presented, and
 * ERR-NO-AUTH-INFO ("no usable Authorization header") only heads when none was.
 */

/** The access token the request presented, as far as it can be read. */
interface Presented {
  sent: boolean;
  jwt?: string;
  exp?: number;
  claims?: Record<string, unknown>;
}

function presentedToken(x: ReadExchange): Presented {
  if (!x.request.bearerSent) return { sent: false };
  const ctx = x.input.context ?? {};
  const fromContext = typeof ctx.tokenResponse?.['access_token'] === 'string' ? ctx.tokenResponse['access_token'] : undefined;
  const jwt = x.request.bearer ?? fromContext;
  const decoded = jwt ? decodeJws(jwt) : undefined;
  const claims = decoded?.ok ? decoded.jws.payload : undefined;
  let exp = typeof claims?.['exp'] === 'number' ? claims['exp'] : undefined;
  const expiresIn = ctx.tokenResponse?.['expires_in'];
  if (exp === undefined && typeof ctx.tokenObtainedAt === 'number' && typeof expiresIn === 'number') exp = ctx.tokenObtainedAt + expiresIn;
  return { sent: true, ...(jwt ? { jwt } : {}), ...(exp !== undefined ? { exp } : {}), ...(claims ? { claims } : {}) };
}

/** AT-EXPIRED-AT-USE: the presented token's exp (or obtained-at + expires_in) is before the request. */
function expiredAtUse(p: Presented, opts?: CheckOptions): Finding[] {
  if (!p.sent || p.exp === undefined) return [];
  const now = nowSeconds(opts);
  if (p.exp > now) return [];
  const ago = now - p.exp;
  const when = new Date(p.exp * 1000).toISOString();
  return [finding('AT-EXPIRED-AT-USE', `the access token presented had expired at ${when}, ${ago} s before the request${ago <= skewSeconds(opts) ? ' (within the usual clock skew, so the clocks may disagree)' : ''}`)];
}

/** Checks of how the token was presented (BEARER-*, AT-JWT-*) and whether it had expired. */
export function presentedTokenChecks(x: ReadExchange, opts?: CheckOptions): Finding[] {
  const p = presentedToken(x);
  const ctx = x.input.context ?? {};
  const tokenResponse = p.jwt ? { ...(ctx.tokenResponse ?? {}), access_token: p.jwt } : {};
  const checks = inspectFhirRequest({ fhirBaseUrl: ctx.fhirBaseUrl ?? '', tokenResponse, request: { method: x.request.method, url: x.request.url, headers: x.request.headers } }, opts);
  const expired = expiredAtUse(p, opts);
  // AT-EXPIRED-AT-USE says it with the request's time; AT-JWT-EXPIRED would say it twice.
  return [...expired, ...checks.filter((f) => !(expired.length > 0 && f.rule === 'AT-JWT-EXPIRED'))];
}

/** The explanation of a status that carries no code the engine explains (5xx, 429, 400, 409 ...). */
export function statusFinding(x: ReadExchange, res: ReceivedResponse): Finding | undefined {
  const what = ENDPOINT_WORDS[x.input.endpoint];
  const said = res.outcome?.join('; ') ?? (res.shape === 'text' ? res.body.trim().slice(0, 200) : undefined);
  const msg = `the ${what} answered HTTP ${res.status}${said ? `: ${JSON.stringify(said.slice(0, 140))}` : ''}`;
  const s = res.status;
  if (s === 503 || s === 429) {
    return explained('ERR-TEMPORARILY-UNAVAILABLE', msg, `The ${what} is overloaded or in maintenance${s === 429 ? ' (too many requests)' : ''}.`,
      [`wait and retry${res.headers['retry-after'] ? ` (Retry-After: ${res.headers['retry-after']})` : ''}`, 'a rate limit of the server or of a gateway in front of it'], saidTail(res));
  }
  if (s >= 500) {
    return explained('ERR-SERVER-ERROR', msg, `The ${what} failed while handling the request.`,
      ['a bug or outage on the server side: retry later, and report it with the time of the request', 'unusual input triggered the failure (a very long URL, an unexpected search parameter or body)'], saidTail(res));
  }
  if (s >= 400) {
    return explained('ERR-INVALID-REQUEST', msg, `The ${what} refused the request itself, not the token.`,
      x.input.endpoint.startsWith('bulk')
        ? ['a kick-off parameter the server does not support (_type, _since, _typeFilter, _outputFormat, _elements)', 'the Prefer: respond-async or Accept: application/fhir+json header is missing', 'the export level (system, Patient, Group) is not supported by this server']
        : ['an unknown search parameter, an invalid value or an invalid body (read the OperationOutcome)', 'a wrong Content-Type for a write (application/fhir+json)', 'a version conflict (409/412) on a write'],
      saidTail(res));
  }
  return undefined;
}

/** Analyses a refused (or failed) resource-server exchange; `ok` answers are left to the caller. */
export function analyseRefusal(x: ReadExchange, sent: Finding[], opts?: CheckOptions): Analysis {
  const res = x.response;
  if (!res) return transportAnalysis(x, sent);
  const candidates: Candidate[] = [];
  const p = presentedToken(x);
  if (res.status === 404 || res.status === 405 || (res.status === 410 && x.input.endpoint.startsWith('bulk'))) candidates.push({ finding: endpointNotFound(x.input.endpoint, x.request.path, res, x.request.method), tier: 'wrong-url' });
  else if (res.shape === 'html' && !res.error) candidates.push({ finding: notJson(x.input.endpoint, x.request.path, res), tier: 'wrong-url' });
  const explainedFindings = explainOAuthError({
    endpoint: 'resource', status: res.status, headers: res.headers, rawBody: res.body,
    requestSummary: {
      method: x.request.method, url: x.request.url, token_sent: p.sent,
      ...(x.request.scheme ? { authorization: `${x.request.scheme === 'bearer' ? 'Bearer' : x.request.scheme} …` } : {}),
      ...(p.claims ? { access_token_claims: p.claims } : {}),
      ...(p.exp !== undefined ? { token_expires_at: p.exp } : {}),
      ...(typeof x.input.context?.tokenResponse?.['scope'] === 'string' ? { granted_scope: x.input.context.tokenResponse['scope'] } : {}),
      findings: sent,
    },
  }, opts);
  const codeFinding = explainedFindings.find((f) => codeOfRule(f.rule) !== undefined);
  const fallback = codeFinding || candidates.length > 0 ? undefined : statusFinding(x, res);
  const code = codeFinding ? codeOfRule(codeFinding.rule) : undefined;
  if (codeFinding && code) {
    const { specific, rest } = specificCauses(sent, explainingRules(code, { where: 'resource' }), cluesIn(res.words));
    candidates.push(...enrichSpecific(specific, res, ENDPOINT_WORDS[x.input.endpoint]), { finding: codeFinding, tier: 'code' }, ...inTier('sent', rest));
  } else {
    if (fallback) candidates.push({ finding: fallback, tier: 'code' });
    candidates.push(...inTier('sent', sent));
  }
  candidates.push(...inTier('remark', explainedFindings.filter((f) => f !== codeFinding)));
  return { outcome: 'failed', candidates };
}

/** FHIR calls: checks of the presented token; a refusal explained; a success quiet unless what was sent is wrong. */
export function analyseFhir(x: ReadExchange, opts?: CheckOptions): Analysis {
  const sent = presentedTokenChecks(x, opts);
  if (x.response && x.response.status < 400) return { outcome: 'ok', candidates: inTier('sent', sent) };
  return analyseRefusal(x, sent, opts);
}
