import { bySeverity, uniqueFindings, compareScopes, explainOAuthError, inspectAssertion, inspectTokenRequest, inspectTokenResponse, type Finding, type Jwks } from '../../../../app/conformance/index.ts';
import type { ClientAuthKind, TokenFlow } from '../../../../app/contract/index.ts';
import { clientTypeOf } from '../flows/index.ts';
import { headersRecord, type Exchange } from '../http/index.ts';

/**
 * Runs the conformance engine on one token exchange: what was sent (request, assertion), what
 * came back (response, scopes) and, on failure, the ranked explanation of the error.
 *
 * Nothing here implements a rule; it only feeds the engine what the live flow has and orders the
 * findings so the likeliest cause of a failure is read first.
 */

/** Everything the engine can be told about one exchange. */
export interface DiagnoseInput {
  flow: TokenFlow;
  launchMode?: 'standalone' | 'ehr';
  clientId: string;
  fhirBaseUrl: string;
  clientAuth: ClientAuthKind;
  tokenEndpoint: string;
  clientSecret?: string;
  registeredJwks?: Jwks;
  registeredJwksUrl?: string;
  discovery?: Record<string, unknown>;
  issuer?: string;
  authorizeRequest?: { redirect_uri?: string; code_challenge?: string; code_challenge_method?: string; aud?: string; state?: string };
  originalGrantedScope?: string;
  requestedScope: string;
  assertionJwt?: string;
  previousJtis?: string[];
  serverJwks?: Jwks;
  exchange: Exchange;
  nowMs: number;
}

/** The findings, likeliest first, plus what is not a registry rule. */
export interface Diagnosis {
  findings: Finding[];
  scopeComparison?: { missing: string[]; partial: string[]; narrowed: string[]; extra: string[] };
  clockSkewSeconds?: number;
  notes: string[];
}



/** Server Date header minus the local clock at receipt, in whole seconds. */
export function clockSkewSeconds(dateHeader: string | undefined, receivedAtMs: number | undefined): number | undefined {
  if (!dateHeader || receivedAtMs === undefined) return undefined;
  const server = Date.parse(dateHeader);
  if (!Number.isFinite(server)) return undefined;
  // The Date header has one-second resolution: compare at that resolution.
  return Math.round((server - Math.floor(receivedAtMs / 1000) * 1000) / 1000);
}

const engineFlow = (f: TokenFlow) => (f === 'client_credentials' ? 'backend' : f);
const scopeFlow = (i: DiagnoseInput) => (i.flow === 'client_credentials' ? 'backend' : i.launchMode === 'ehr' ? 'app-launch-ehr' : 'app-launch-standalone');

/** The form body with credentials masked, kept parseable for the error explainer's ranking. */
function summaryBody(body: string | undefined): string {
  const form = new URLSearchParams(body ?? '');
  for (const k of ['client_secret', 'code', 'code_verifier', 'refresh_token', 'token']) if (form.has(k)) form.set(k, 'redacted');
  return form.toString();
}

/** Runs every applicable inspector on a token exchange. */
export async function diagnoseExchange(i: DiagnoseInput): Promise<Diagnosis> {
  const opts = { now: Math.floor(i.nowMs / 1000) };
  const { request, response, failure } = i.exchange;
  const headers = headersRecord(request.headers);
  const notes: string[] = [];

  const preflight: Finding[] = [];
  if (i.assertionJwt) {
    preflight.push(...(await inspectAssertion({
      jwt: i.assertionJwt, flow: i.flow === 'client_credentials' ? 'backend' : 'authorization_code', clientId: i.clientId,
      tokenEndpoint: i.tokenEndpoint, registeredJwks: i.registeredJwks, registeredJwksUrl: i.registeredJwksUrl,
      discovery: i.discovery ?? null, previousJtis: i.previousJtis,
    }, opts)));
  }
  preflight.push(...(await inspectTokenRequest({
    flow: engineFlow(i.flow), clientType: clientTypeOf(i.clientAuth), clientId: i.clientId, tokenEndpoint: i.tokenEndpoint,
    clientSecret: i.clientSecret, registeredJwks: i.registeredJwks, registeredJwksUrl: i.registeredJwksUrl, discovery: i.discovery ?? null,
    authorizeRequest: i.authorizeRequest, originalGrantedScope: i.originalGrantedScope,
    request: { method: request.method, url: request.url, headers, body: request.body ?? '' },
  }, opts)));

  const skew = response ? clockSkewSeconds(response.header('date'), i.exchange.receivedAt) : undefined;
  if (skew !== undefined && Math.abs(skew) > 60) {
    notes.push(`The server's clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} this computer's (its Date header says ${response?.header('date')}). `
      + 'Servers judge assertion iat/exp and token expiry by their own clock; beyond about 60 s this causes "expired" or "issued in the future" rejections. Sync this computer with NTP, or tell the server operator.');
  }

  if (!response) return { findings: bySeverity(uniqueFindings(preflight)), notes, ...(skew !== undefined ? { clockSkewSeconds: skew } : {}) };

  const responseHeaders = headersRecord(response.headers);
  const after = await inspectTokenResponse({
    flow: engineFlow(i.flow), clientId: i.clientId, fhirBaseUrl: i.fhirBaseUrl, issuer: i.issuer, requestedScope: i.requestedScope || null,
    originalGrantedScope: i.originalGrantedScope, status: response.status, headers: responseHeaders, rawBody: response.bodyText,
    serverJwks: i.serverJwks, serverJwksUri: typeof i.discovery?.['jwks_uri'] === 'string' ? i.discovery['jwks_uri'] : undefined,
  }, opts);

  let scopeComparison: Diagnosis['scopeComparison'];
  const granted = i.exchange.fields?.scope;
  if (i.exchange.fields && granted !== undefined && i.flow !== 'refresh_token') {
    const c = compareScopes({ flow: scopeFlow(i), requested: i.requestedScope, granted }, opts);
    scopeComparison = { missing: c.missing, partial: c.partial, narrowed: c.narrowed, extra: c.extra };
    after.push(...c.findings);
  }

  let explained: Finding[] = [];
  if (failure) {
    explained = explainOAuthError({
      endpoint: 'token', status: response.status, headers: responseHeaders, rawBody: response.bodyText,
      requestSummary: {
        flow: engineFlow(i.flow), grant_type: new URLSearchParams(request.body ?? '').get('grant_type') ?? undefined,
        client_auth: i.clientAuth, scope: i.requestedScope, content_type: headers['content-type'], token_endpoint: i.tokenEndpoint,
        url: request.url, method: request.method, client_id: i.clientId, body: summaryBody(request.body), client_assertion: i.assertionJwt,
        authorization: headers['authorization'] ? headers['authorization'].split(' ')[0] + ' …' : undefined,
        granted_scope: i.originalGrantedScope, findings: preflight,
      },
    }, opts);
  }
  // On failure the explanation comes first, then what the pre-flight checks found wrong in what was
  // sent (most likely the cause), then everything else; on success, simply by severity.
  const findings = failure
    ? uniqueFindings([...explained, ...bySeverity(preflight.filter((f) => f.severity === 'error')), ...bySeverity([...preflight.filter((f) => f.severity !== 'error'), ...after])])
    : bySeverity(uniqueFindings([...preflight, ...after]));
  return { findings, notes, ...(scopeComparison ? { scopeComparison } : {}), ...(skew !== undefined ? { clockSkewSeconds: skew } : {}) };
}
