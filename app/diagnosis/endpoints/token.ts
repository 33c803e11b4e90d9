import { explainOAuthError, inspectTokenResponse, type CheckOptions, type Finding } from '../../conformance/index.ts';
import { explainingRules, specificCauses } from '../consistency.ts';
import { cluesIn } from '../evidence.ts';
import { isSuccess, type ReadExchange, type ReceivedResponse } from '../exchange.ts';
import { endpointNotFound, explained, notJson } from '../explanations.ts';
import { type Analysis, type Candidate, inTier } from '../rank.ts';
import { checkSentTokenRequest, flowOf, tokenEndpointOf } from './sent-checks.ts';
import { statusFinding } from './resource.ts';
import { codeOfRule, enrichSpecific, transportAnalysis } from './shared.ts';

/**
 * The token endpoint: client credentials, code exchange and refresh.
 *
 * What was sent is checked first (form, client authentication, assertion, scope); a failed answer
 * is explained by its code, and a check of what was sent that explains that code heads the
 * diagnosis (an expired assertion behind oidc-provider's one `invalid_client` body). A success is
 * checked as a token response (fields, granted scope, id_token).
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** What explainOAuthError needs to know about the request (credentials left out). */
function requestSummary(x: ReadExchange, sent: Finding[]): Record<string, unknown> {
  const ctx = x.input.context ?? {};
  const form = new URLSearchParams(x.request.formBody ? x.request.body : '');
  for (const k of ['client_secret', 'code', 'code_verifier', 'refresh_token', 'token']) if (form.has(k)) form.set(k, 'redacted');
  return {
    flow: flowOf(x), grant_type: x.request.params['grant_type'], client_auth: x.request.auth ?? x.input.client?.auth,
    scope: x.request.params['scope'] ?? ctx.requestedScope, content_type: x.request.headers['content-type'], token_endpoint: tokenEndpointOf(x),
    url: x.request.url, method: x.request.method, client_id: x.input.client?.id ?? x.request.clientId, body: form.toString(),
    ...(x.request.assertion ? { client_assertion: x.request.assertion } : {}),
    ...(x.request.scheme ? { authorization: `${x.request.scheme === 'basic' ? 'Basic' : x.request.scheme} …` } : {}),
    ...(typeof ctx.tokenResponse?.['scope'] === 'string' ? { granted_scope: ctx.tokenResponse['scope'] } : {}),
    findings: sent,
  };
}

/** A token response the client can use: 2xx, JSON, an access_token and no error. */
const usableToken = (res: ReceivedResponse) => isSuccess(res.status) && !!res.json && typeof res.json['access_token'] === 'string' && res.json['error'] === undefined;

async function success(x: ReadExchange, res: ReceivedResponse, sent: Finding[], opts?: CheckOptions): Promise<Analysis> {
  const ctx = x.input.context ?? {};
  const discovery = ctx.discovery ?? undefined;
  const flow = flowOf(x);
  const response = await inspectTokenResponse({
    flow, clientId: x.input.client?.id ?? x.request.clientId ?? '', fhirBaseUrl: ctx.fhirBaseUrl ?? '',
    requestedScope: x.request.params['scope'] ?? ctx.requestedScope ?? null, status: res.status, headers: res.headers, rawBody: res.body,
    ...(str(discovery?.['issuer']) ? { issuer: str(discovery?.['issuer']) } : {}),
    ...(flow === 'refresh_token' && typeof ctx.tokenResponse?.['scope'] === 'string' ? { originalGrantedScope: ctx.tokenResponse['scope'] } : {}),
    ...(ctx.serverJwks ? { serverJwks: ctx.serverJwks } : {}),
    ...(str(discovery?.['jwks_uri']) ? { serverJwksUri: str(discovery?.['jwks_uri']) } : {}),
  }, opts);
  return { outcome: 'ok', candidates: [...inTier('sent', sent), ...inTier('response', response)] };
}

/** ERR-OPERATIONOUTCOME (the FHIR server's form) for a token request a resource server answered. */
function resourceServerAnswered(x: ReadExchange, res: ReceivedResponse): Finding {
  const said = res.error?.description ?? res.outcome?.join('; ');
  return explained('ERR-OPERATIONOUTCOME',
    `the token endpoint ${x.request.path} answered HTTP ${res.status} as a FHIR resource server (WWW-Authenticate: Bearer${res.error ? ` error="${res.error.code}"` : ''}${res.json?.['resourceType'] === 'OperationOutcome' ? ', an OperationOutcome' : ''}): it asks for an access token, so this URL is not the token endpoint`,
    'A token endpoint authenticates the client (Basic, or credentials or an assertion in the body); it never asks for a Bearer access token. The FHIR API answered instead.',
    [
      'the token endpoint is set to a FHIR URL (the FHIR base, or a resource such as /Patient) instead of token_endpoint from discovery',
      'a profile\'s token endpoint override points at the FHIR server; clear it and run discovery',
      'a gateway routes this path to the FHIR API',
    ], [said ? `The server said: ${JSON.stringify(said)}` : undefined]);
}

/** Analyses a token-endpoint exchange. */
export async function analyseToken(x: ReadExchange, opts?: CheckOptions): Promise<Analysis> {
  const sent = await checkSentTokenRequest(x, opts);
  const res = x.response;
  if (!res) return transportAnalysis(x, sent);
  if (usableToken(res)) return success(x, res, sent, opts);

  // A Bearer challenge asks for an access token: a resource server (the FHIR API) answered, not a
  // token endpoint (whose clients authenticate with Basic or in the body). The URL is wrong.
  if (res.challenge && res.error?.from !== 'body' && (!res.error || res.error.code === 'invalid_token' || res.error.code === 'insufficient_scope')) {
    const remarks = explainOAuthError({ endpoint: 'token', status: res.status, headers: res.headers, rawBody: res.body, requestSummary: requestSummary(x, sent) }, opts);
    return { outcome: 'failed', candidates: [{ finding: resourceServerAnswered(x, res), tier: 'wrong-url' }, ...inTier('sent', sent), ...inTier('remark', remarks)] };
  }
  const candidates: Candidate[] = [];
  const explained = explainOAuthError({ endpoint: 'token', status: res.status, headers: res.headers, rawBody: res.body, requestSummary: requestSummary(x, sent) }, opts);
  const codeFinding = explained.find((f) => codeOfRule(f.rule) !== undefined);
  const code = codeFinding ? codeOfRule(codeFinding.rule) : undefined;
  const named = res.error !== undefined;
  // A rate limit or an outage without an OAuth code: the status says it (athenahealth answers 429 past its token quota).
  const busy = !named && (res.status === 429 || res.status >= 500) && !codeFinding ? statusFinding(x, res) : undefined;
  if (busy) candidates.push({ finding: busy, tier: 'code' });
  else if (res.status === 404 || res.status === 405) candidates.push({ finding: endpointNotFound('token', x.request.path, res, x.request.method), tier: 'wrong-url' });
  else if (!named && (res.shape === 'html' || (res.shape === 'text' && !codeFinding) || (res.shape === 'empty' && res.status < 500))) {
    candidates.push({ finding: notJson('token', x.request.path, res), tier: 'wrong-url' });
  }
  for (const f of explained) {
    if (f === codeFinding) continue;
    if (f.rule === 'ERR-NOT-JSON' && candidates.some((c) => c.finding.rule === 'ERR-NOT-JSON')) continue;
    // An OperationOutcome without an OAuth error: a FHIR server answered, not the token endpoint.
    candidates.push({ finding: f, tier: f.rule === 'ERR-OPERATIONOUTCOME' && !named ? 'wrong-url' : 'remark' });
  }
  if (codeFinding && code) {
    const { specific, rest } = specificCauses(sent, explainingRules(code, { where: 'token', auth: x.request.auth ?? x.input.client?.auth, flow: flowOf(x) }), cluesIn(res.words));
    candidates.push(...enrichSpecific(specific, res, 'token endpoint'), { finding: codeFinding, tier: 'code' }, ...inTier('sent', rest));
  } else {
    if (isSuccess(res.status)) {
      // A 2xx without a usable token: the token response check says what is missing.
      const response = await inspectTokenResponse({ flow: flowOf(x), clientId: '', fhirBaseUrl: '', requestedScope: null, status: res.status, headers: res.headers, rawBody: res.body }, opts);
      candidates.push(...inTier('code', response.filter((f) => f.severity === 'error')), ...inTier('response', response.filter((f) => f.severity !== 'error')));
    }
    candidates.push(...inTier('sent', sent));
  }
  return { outcome: 'failed', candidates };
}
