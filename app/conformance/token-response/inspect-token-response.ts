import { finding } from '../finding.ts';
import { checkIdToken } from '../tokens/index.ts';
import {
  fhirContextFindings, grantFindings, launchContextFindings, refreshAndIdentityFindings, scopeView,
} from './context.ts';
import { cacheHeaderFindings, contentTypeProblem, fieldFindings, flowKind } from './fields.ts';
import type { CheckOptions, Finding, Headers, Jwks } from '../types.ts';
import { isObject, readBody, show } from '../values.ts';

/**
 * The token-response inspector (section 5 of conformance.md), called on every live token
 * response and by the token-response inspector view. Severities depend on the flow
 * (backend = client_credentials, code = authorization_code, refresh = refresh_token).
 */

/** Input of inspectTokenResponse (conformance-api.md). */
export interface TokenResponseInput {
  flow: string;
  clientId: string;
  fhirBaseUrl: string;
  issuer?: string;
  requestedScope: string | null;
  originalGrantedScope?: string;
  status: number;
  headers: Headers;
  body?: unknown;
  rawBody?: string;
  serverJwks?: Jwks;
  serverJwksUri?: string;
}

function isSuccess(status: unknown): boolean {
  return typeof status !== 'number' || !Number.isFinite(status) || (status >= 200 && status < 300);
}

async function inspect(input: TokenResponseInput, opts?: CheckOptions): Promise<Finding[]> {
  const flow = flowKind(input.flow);
  const read = readBody(input);
  const body = read.kind === 'json' && isObject(read.value) ? read.value : undefined;

  if (!isSuccess(input.status)) {
    // An error response (RFC 6749 §5.2): explainOAuthError explains it; here it only means "no token".
    const err = body && typeof body.error === 'string' ? ` with error ${show(body.error)}` : '';
    return [finding('TOKRESP-ACCESS-TOKEN', `no access token: the token endpoint answered HTTP ${input.status}${err}`)];
  }

  const out: Finding[] = [];
  const notJson: string[] = [];
  if (!body) {
    notJson.push(
      read.kind === 'invalid' ? `the body is not JSON: ${show(read.raw, 60)}` : read.kind === 'absent' ? 'the body is empty' : `the body is ${show(read.value)}, not a JSON object`,
    );
  }
  const ct = contentTypeProblem(input.headers);
  if (ct) notJson.push(ct);
  if (notJson.length > 0) out.push(finding('TOKRESP-NOT-JSON', notJson.join('; ')));
  out.push(...cacheHeaderFindings(input.headers));
  if (!body) return out;

  out.push(...fieldFindings(body, flow));
  const view = scopeView(body, flow, input.requestedScope, input.originalGrantedScope);
  out.push(...grantFindings(view), ...refreshAndIdentityFindings(body, view), ...launchContextFindings(body, view), ...fhirContextFindings(body));

  if (body.id_token !== undefined && body.id_token !== null) {
    out.push(
      ...(await checkIdToken(
        {
          token: body.id_token as string,
          clientId: input.clientId,
          fhirBaseUrl: input.fhirBaseUrl,
          issuer: input.issuer,
          serverJwks: input.serverJwks,
          serverJwksUri: input.serverJwksUri,
          tokenResponse: body,
          requestedScope: view.requested,
        },
        opts,
      )),
    );
  }
  return out;
}

/**
 * Inspects a token endpoint response: JSON envelope and cache headers, required fields with
 * flow-dependent severities, granted vs requested scope (Appendix A), refresh and launch context,
 * and the `id_token` when present. Resolves, never rejects.
 */
export async function inspectTokenResponse(input: TokenResponseInput, opts?: CheckOptions): Promise<Finding[]> {
  try {
    if (!isObject(input)) return [finding('TOKRESP-NOT-JSON', `no token response to inspect (got ${show(input)})`)];
    return await inspect(input, opts);
  } catch (e) {
    return [finding('TOKRESP-NOT-JSON', `the token response could not be inspected: ${e instanceof Error ? e.message : String(e)}`)];
  }
}
