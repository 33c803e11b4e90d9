import { finding } from '../finding.ts';
import { checkAccessToken } from '../tokens/index.ts';
import type { CheckOptions, Finding, Headers } from '../types.ts';
import { header, isObject, show } from '../values.ts';

/**
 * Bearer-usage rules for a FHIR API request (189-190 of conformance.md): how the access token
 * travels to the resource server.
 */

/** Input of inspectFhirRequest (conformance-api.md). */
export interface FhirRequestInput {
  fhirBaseUrl: string;
  tokenResponse: object;
  request: { method: string; url: string; headers: Headers };
}

function paramName(pair: string): string {
  const name = pair.split('=')[0] ?? '';
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

function queryPairs(url: string): string[] {
  const q = url.indexOf('?');
  if (q < 0) return [];
  return (url.slice(q + 1).split('#')[0] ?? '').split('&');
}

function queryCarriesToken(url: string): boolean {
  return queryPairs(url).some((pair) => paramName(pair) === 'access_token' && pair.includes('='));
}

/** The URL with the token value replaced, so messages never repeat a credential. */
function redacted(url: string): string {
  const q = url.indexOf('?');
  const pairs = queryPairs(url).map((p) => (paramName(p) === 'access_token' ? `${p.split('=')[0]}=…` : p));
  return `${url.slice(0, q)}?${pairs.join('&')}`;
}

const CANONICAL = /^Bearer [^\s"]+$/;

function schemeFinding(auth: string): Finding[] {
  if (CANONICAL.test(auth)) return [];
  const problems: string[] = [];
  const m = /^\s*(\S+)/.exec(auth);
  const scheme = m?.[1] ?? '';
  if (scheme !== 'Bearer') problems.push(`scheme ${show(scheme)} instead of "Bearer"`);
  if (auth.includes('"')) problems.push('quotes around the token');
  if (/^\s|\s$|\s\s|\t/.test(auth) || auth.trim().split(/\s+/).length > 2) problems.push('extra whitespace');
  if (auth.trim().split(/\s+/).length < 2) problems.push('no token after the scheme');
  return [finding('BEARER-SCHEME', `Authorization header ${show(auth.replace(/(\S{12})\S+/g, '$1…'))} is not "Bearer <access_token>": ${problems.join(', ') || 'non-canonical form'}`)];
}

/** Rules about the presented JWT access token that predict a 401 from this FHIR server. */
const USAGE_RULES = new Set(['AT-JWT-EXPIRED', 'AT-JWT-AUD']);

function presentedTokenFindings(input: FhirRequestInput, opts?: CheckOptions): Finding[] {
  const response = isObject(input.tokenResponse) ? input.tokenResponse : undefined;
  const token = response?.access_token;
  if (typeof token !== 'string' || token.split('.').length !== 3) return [];
  return checkAccessToken({ token, clientId: '', fhirBaseUrl: input.fhirBaseUrl }, opts).filter((f) => USAGE_RULES.has(f.rule));
}

/**
 * Inspects how a FHIR request presents the access token (query parameter vs Authorization header,
 * exact Bearer form) and whether a JWT access token is already expired or meant for another
 * server; never throws.
 */
export function inspectFhirRequest(input: FhirRequestInput, opts?: CheckOptions): Finding[] {
  try {
    const request = isObject(input) && isObject(input.request) ? input.request : undefined;
    if (!request) return [finding('BEARER-SCHEME', `no FHIR request to inspect (got ${show(isObject(input) ? input.request : input)})`)];
    const out: Finding[] = [];
    const inQuery = typeof request.url === 'string' && queryCarriesToken(request.url);
    if (inQuery) {
      out.push(finding('BEARER-QUERY-PARAM', `the request URL carries the token as a query parameter: ${show(redacted(request.url), 120)}`));
    }
    const auth = header(request.headers, 'authorization');
    if (auth !== undefined) out.push(...schemeFinding(auth));
    else if (!inQuery) out.push(finding('BEARER-SCHEME', 'the request has no Authorization header, so the server sees no access token'));
    out.push(...presentedTokenFindings(input, opts));
    return out;
  } catch (e) {
    return [finding('BEARER-SCHEME', `the FHIR request could not be inspected: ${e instanceof Error ? e.message : String(e)}`)];
  }
}
