import { explainOAuthError, inspectAuthorizeRequest, parseCallbackQuery, type CheckOptions } from '../../conformance/index.ts';
import { explainingRules, specificCauses } from '../consistency.ts';
import { cluesIn } from '../evidence.ts';
import type { ReadExchange } from '../exchange.ts';
import { type Analysis, type Candidate, inTier } from '../rank.ts';
import { clientTypeOf } from './sent-checks.ts';
import { codeOfRule, transportAnalysis } from './shared.ts';

/**
 * The authorize step: the request the browser was sent with, and the query that came back on
 * the redirect URI (a code, or an error). An error page the authorization server showed in the
 * browser (no redirect) is read for its code too.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 */

const OAUTH_CODES = /\b(invalid_request|invalid_client|unauthorized_client|access_denied|unsupported_response_type|invalid_scope|server_error|temporarily_unavailable|invalid_redirect_uri|invalid_target|login_required|consent_required|interaction_required)\b/;

/** The redirect query, or an equivalent one read from an error page the server rendered. */
function callbackOf(x: ReadExchange): string | undefined {
  if (typeof x.input.redirectQuery === 'string') return x.input.redirectQuery;
  const res = x.response;
  if (!res || res.status < 400) return undefined;
  const code = res.error?.code ?? OAUTH_CODES.exec(res.words)?.[1];
  if (!code) return undefined;
  const mapped = code === 'invalid_redirect_uri' ? 'invalid_request' : code;
  return new URLSearchParams({ error: mapped, error_description: res.error?.description ?? res.words.slice(0, 200) }).toString();
}

/** Analyses an authorize exchange. */
export function analyseAuthorize(x: ReadExchange, opts?: CheckOptions): Analysis {
  const ctx = x.input.context ?? {};
  const query = new URL(x.request.url || 'http://invalid/').searchParams;
  const params: Record<string, string> = {};
  for (const [k, v] of query) if (params[k] === undefined) params[k] = v;
  const callback = callbackOf(x);
  const redirect = params['redirect_uri'];
  const sent = inspectAuthorizeRequest({
    launchMode: x.input.launchMode ?? (params['launch'] ? 'ehr' : 'standalone'), fhirBaseUrl: ctx.fhirBaseUrl ?? params['aud'],
    authorizationEndpoint: x.request.path, tokenEndpoint: ctx.discovery?.['token_endpoint'], clientType: clientTypeOf(x),
    // The registration is not known here: what was sent stands for it, so only its form is judged.
    registeredRedirectUris: redirect ? [redirect] : [], params,
    ...(typeof x.input.redirectQuery === 'string' ? { callbackQuery: x.input.redirectQuery } : {}),
  }, opts);
  if (callback === undefined) {
    if (!x.response && x.input.networkError) return transportAnalysis(x, sent);
    return { outcome: 'ok', candidates: inTier('sent', sent) };
  }
  const back = parseCallbackQuery(callback);
  if (!back.has('error')) return { outcome: 'ok', candidates: inTier('sent', sent) };
  const explained = explainOAuthError({ endpoint: 'authorize-redirect', redirectQuery: callback, requestSummary: { params, client_auth: x.input.client?.auth ?? 'none', client_type: x.input.client?.type, findings: sent } }, opts);
  const codeFinding = explained.find((f) => codeOfRule(f.rule) !== undefined);
  const code = codeFinding ? codeOfRule(codeFinding.rule) : undefined;
  const candidates: Candidate[] = [];
  if (codeFinding && code) {
    const words = `${back.get('error_description') ?? ''}`.toLowerCase();
    const { specific, rest } = specificCauses(sent, explainingRules(code, { where: 'authorize' }), cluesIn(words));
    candidates.push(...specific, { finding: codeFinding, tier: 'code' }, ...inTier('sent', rest));
  } else candidates.push(...inTier('sent', sent));
  candidates.push(...inTier('remark', explained.filter((f) => f !== codeFinding)));
  return { outcome: 'failed', candidates };
}
