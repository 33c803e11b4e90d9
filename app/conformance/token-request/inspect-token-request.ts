import { inspectAssertion } from '../assertion/index.ts';
import { finding } from '../finding.ts';
import { checkClientAuth } from './auth.ts';
import { checkRepeatedParams, checkScopeEncoding, parseForm, TOKEN_REQUEST_PARAMS, type FormParam } from './form.ts';
import { checkGrant } from './grant.ts';
import type { CheckOptions, Finding, Headers, Jwks } from '../types.ts';
import { header, isObject, show } from '../values.ts';

/** What the token-request inspector receives (conformance-api.md, `inspectTokenRequest`). */
export interface TokenRequestInput {
  flow: 'backend' | 'authorization_code' | 'refresh_token';
  clientType: 'confidential-asymmetric' | 'confidential-symmetric' | 'public';
  clientId: string;
  tokenEndpoint: string;
  clientSecret?: string;
  registeredJwks?: Jwks;
  registeredJwksUrl?: string;
  discovery?: object | null;
  authorizeRequest?: { redirect_uri?: string; code_challenge?: string; code_challenge_method?: string; aud?: string; state?: string };
  originalGrantedScope?: string;
  /** The HTTP request as sent; `body` is the raw body text. */
  request: { method: string; url: string; headers: Headers; body: string };
}

const FORM = 'application/x-www-form-urlencoded';
const SECRET_QUERY_PARAMS = ['client_secret', 'client_assertion', 'code', 'refresh_token', 'code_verifier'];

/** How the body was read: as a form (encoding rules apply) or leniently from another format. */
interface BodyParams {
  kind: 'form' | 'json' | 'multipart';
  params: FormParam[];
}

function rawBodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null) return '';
  if (typeof body === 'object') {
    try {
      return JSON.stringify(body);
    } catch {
      return String(body);
    }
  }
  return String(body);
}

function asParam(name: string, v: unknown): FormParam {
  const value = typeof v === 'string' ? v : JSON.stringify(v) ?? String(v);
  return { name, value, rawName: name, rawValue: value, hasEquals: true };
}

/** Reads the parameters a lenient reader would find, so the values can still be checked. */
function readParams(body: string, contentType: string): BodyParams {
  const t = body.trim();
  if (t.startsWith('{')) {
    try {
      const json: unknown = JSON.parse(t);
      if (isObject(json)) return { kind: 'json', params: Object.entries(json).map(([k, v]) => asParam(k, v)) };
    } catch {
      // Not JSON after all: read it as a form below.
    }
  }
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (/^multipart\//i.test(contentType) && boundary) {
    const params: FormParam[] = [];
    for (const part of body.split(`--${boundary}`)) {
      const m = /name="([^"]*)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n?$/.exec(part);
      if (m) params.push(asParam(m[1] as string, m[2] as string));
    }
    return { kind: 'multipart', params };
  }
  return { kind: 'form', params: parseForm(body) };
}

function queryNames(url: unknown): string[] {
  if (typeof url !== 'string') return [];
  const q = url.split('#')[0]?.split('?').slice(1).join('?') ?? '';
  return q === '' ? [] : parseForm(q).map((p) => p.name);
}

function methodAndContentType(method: unknown, contentType: string | undefined, body: string, query: string[]): Finding[] {
  const problems: string[] = [];
  if (typeof method !== 'string' || method.toUpperCase() !== 'POST') problems.push(`method is ${show(method)}, not POST`);
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  if (contentType === undefined) problems.push('there is no Content-Type header');
  else if (media !== FORM) problems.push(`Content-Type is ${show(contentType)}, not ${FORM}`);
  const t = body.trim();
  if (media === FORM && (t.startsWith('{') || t.startsWith('['))) problems.push('the body is JSON although the header says form-encoded');
  const inQuery = query.filter((n) => TOKEN_REQUEST_PARAMS.has(n));
  if (inQuery.length > 0) problems.push(`parameters ${inQuery.map((n) => show(n)).join(', ')} are in the query string instead of the body`);
  if (problems.length === 0) return [];
  return [finding('TOKREQ-METHOD-CONTENT-TYPE', `token request: ${problems.join('; ')}`)];
}

function firstValues(params: FormParam[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of params) if (!m.has(p.name)) m.set(p.name, p.value);
  return m;
}

function stripQuery(url: unknown): unknown {
  return typeof url === 'string' ? url.split('#')[0]?.split('?')[0] : url;
}

/**
 * Inspects a token request exactly as sent (rules 49-66, plus the SCOPE-* grammar for the
 * requested scope, the PKCE pair and every rule of the client assertion it carries).
 *
 * The live flows call it on each real token request before (or after) sending it, and the
 * inspector on pasted requests, so `invalid_request` / `invalid_client` answers can be traced to
 * the form encoding, the credentials or the grant parameters. Resolves, never rejects.
 */
export async function inspectTokenRequest(input: TokenRequestInput, opts?: CheckOptions): Promise<Finding[]> {
  try {
    const inp: Partial<TokenRequestInput> = isObject(input) ? input : {};
    const req: Record<string, unknown> = isObject(inp.request) ? inp.request : {};
    const body = rawBodyText(req.body);
    const contentType = header(req.headers, 'content-type');
    const query = [...new Set([...queryNames(req.url), ...queryNames(inp.tokenEndpoint)])];
    const out: Finding[] = [...methodAndContentType(req.method, contentType, body, query)];
    const secretsInQuery = SECRET_QUERY_PARAMS.filter((n) => query.includes(n));
    if (secretsInQuery.length > 0) {
      out.push(finding('TOKREQ-CREDENTIALS-IN-QUERY', `the token URL's query string carries ${secretsInQuery.join(', ')}`));
    }
    const read = readParams(body, contentType ?? '');
    if (read.kind === 'form') out.push(...checkScopeEncoding(read.params), ...checkRepeatedParams(read.params));
    const params = firstValues(read.params);
    out.push(
      ...checkClientAuth({
        flow: inp.flow,
        clientType: inp.clientType,
        clientId: inp.clientId,
        clientSecret: inp.clientSecret,
        discovery: inp.discovery,
        params,
        authorization: header(req.headers, 'authorization'),
      }),
    );
    out.push(
      ...(await checkGrant({
        flow: inp.flow,
        params,
        discovery: inp.discovery,
        authorizeRequest: inp.authorizeRequest,
        originalGrantedScope: inp.originalGrantedScope,
      })),
    );
    const assertion = params.get('client_assertion');
    if (assertion !== undefined && assertion.trim() !== '') {
      const tokenEndpoint = typeof inp.tokenEndpoint === 'string' ? inp.tokenEndpoint : stripQuery(req.url);
      out.push(
        ...(await inspectAssertion(
          {
            jwt: assertion,
            flow: inp.flow === 'backend' ? 'backend' : 'authorization_code',
            clientId: inp.clientId as string,
            tokenEndpoint: tokenEndpoint as string,
            registeredJwks: inp.registeredJwks,
            registeredJwksUrl: inp.registeredJwksUrl,
            discovery: inp.discovery,
          },
          opts,
        )),
      );
    }
    return out;
  } catch (e) {
    return [finding('TOKREQ-METHOD-CONTENT-TYPE', `the token request could not be inspected: ${e instanceof Error ? e.message : String(e)}`)];
  }
}
