import { compareScopes, type Finding, type Jwks } from '../../../../app/conformance/index.ts';
import type { ClientAuthKind, TokenFlow } from '../../../../app/contract/index.ts';
import type { Diagnosis } from '../../../../app/diagnosis/index.ts';
import { diagnoseExchange as diagnoseInMain } from '../../diagnosis/index.ts';
import { clientTypeOf } from '../flows/index.ts';
import type { Exchange } from '../http/index.ts';

/**
 * The diagnosis of one token exchange (diagnose() of app/diagnosis, with what the run knows:
 * discovery, the key set the server holds for the client, the jti values used before), plus
 * what is not a registry rule: the requested-vs-granted scope table and the server's clock skew.
 *
 * Nothing here ranks: the diagnosis says which cause comes first.
 */

/** Everything a run can tell the diagnosis about one token exchange. */
export interface DiagnoseInput {
  flow: TokenFlow;
  launchMode?: 'standalone' | 'ehr';
  clientId: string;
  fhirBaseUrl: string;
  clientAuth: ClientAuthKind;
  tokenEndpoint: string;
  /** Values that must never appear in what leaves main (the client secret, tokens). */
  secrets: string[];
  /** The key set the server holds for the client (its registration), or the app's own key when unknown. */
  registeredJwks?: Jwks;
  discovery?: Record<string, unknown>;
  authorizeRequest?: { redirect_uri?: string; code_challenge?: string; code_challenge_method?: string; aud?: string; state?: string };
  originalGrantedScope?: string;
  requestedScope: string;
  previousJtis?: string[];
  serverJwks?: Jwks;
  exchange: Exchange;
  nowMs: number;
}

/** The diagnosis plus what is shown beside it. */
export interface RunDiagnosis {
  diagnosis: Diagnosis;
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

/** Diagnoses a token exchange. */
export async function diagnoseTokenExchange(i: DiagnoseInput): Promise<RunDiagnosis> {
  const { request, response, failure } = i.exchange;
  const notes: string[] = [];
  const diagnosis = await diagnoseInMain({
    endpoint: 'token', flow: engineFlow(i.flow), ...(i.launchMode ? { launchMode: i.launchMode } : {}),
    client: { id: i.clientId, type: clientTypeOf(i.clientAuth), auth: i.clientAuth },
    request: { method: request.method, url: request.url, headers: request.headers, ...(request.body !== undefined ? { body: request.body } : {}) },
    ...(response ? { response: { status: response.status, headers: response.headers, bodyText: response.bodyText } } : failure ? { failure } : {}),
    context: {
      fhirBaseUrl: i.fhirBaseUrl, requestedScope: i.requestedScope, discovery: i.discovery ?? { token_endpoint: i.tokenEndpoint },
      ...(i.registeredJwks ? { registeredJwks: i.registeredJwks } : {}),
      ...(i.serverJwks ? { serverJwks: i.serverJwks } : {}),
      ...(i.previousJtis ? { previousJtis: i.previousJtis } : {}),
      ...(i.originalGrantedScope !== undefined ? { tokenResponse: { scope: i.originalGrantedScope } } : {}),
      ...(i.authorizeRequest ? { authorizeRequest: i.authorizeRequest } : {}),
    },
  }, { nowMs: i.nowMs, secrets: i.secrets });

  const skew = response ? clockSkewSeconds(response.header('date'), i.exchange.receivedAt) : undefined;
  if (skew !== undefined && Math.abs(skew) > 60) {
    notes.push(`The server's clock is ${Math.abs(skew)} s ${skew > 0 ? 'ahead of' : 'behind'} this computer's (its Date header says ${response?.header('date')}). `
      + 'Servers judge assertion iat/exp and token expiry by their own clock; beyond about 60 s this causes "expired" or "issued in the future" rejections. Sync this computer with NTP, or tell the server operator.');
  }
  let scopeComparison: RunDiagnosis['scopeComparison'];
  const granted = i.exchange.fields?.scope;
  if (i.exchange.fields && granted !== undefined && i.flow !== 'refresh_token') {
    const c = compareScopes({ flow: scopeFlow(i), requested: i.requestedScope, granted }, { now: Math.floor(i.nowMs / 1000) });
    scopeComparison = { missing: c.missing, partial: c.partial, narrowed: c.narrowed, extra: c.extra };
  }
  return { diagnosis, notes, ...(scopeComparison ? { scopeComparison } : {}), ...(skew !== undefined ? { clockSkewSeconds: skew } : {}) };
}

/** The run's findings: the diagnosis's (causes first), then earlier checks (authorize request, PKCE) it did not repeat. */
export function runFindings(d: Diagnosis, earlier: Finding[] = []): Finding[] {
  return [...d.findings, ...earlier.filter((f) => !d.findings.some((g) => g.rule === f.rule && g.message === f.message))];
}
