import { finding, inspectAssertion, inspectTokenRequest, parseScope, tokenizeScopes, type CheckOptions, type Finding } from '../../conformance/index.ts';
import { isMasked, type ReadExchange } from '../exchange.ts';
import type { ClientType, Flow } from '../types.ts';

/**
 * Checks of what a request to the authorization server carried (token, introspection and
 * revocation requests): the form, the client authentication, the client assertion with the key
 * set the server holds and the jti values used before, and the requested scope against the
 * server's `scopes_supported`.
 *
 * A value the caller masked ('***', a redacted signature) was sent but cannot be checked, so the
 * checks that would need it are left out instead of blaming it.
 */

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The grant of a token request: the caller's word, else the grant_type sent. */
export function flowOf(x: ReadExchange): Flow {
  if (x.input.flow) return x.input.flow;
  const g = x.request.params['grant_type'];
  if (g === 'authorization_code') return 'authorization_code';
  if (g === 'refresh_token') return 'refresh_token';
  return 'backend';
}

/** The client type: the caller's word, else read from how the client authenticated. */
export function clientTypeOf(x: ReadExchange): ClientType {
  if (x.input.client?.type) return x.input.client.type;
  const auth = x.request.auth ?? x.input.client?.auth;
  if (auth === 'private_key_jwt') return 'confidential-asymmetric';
  if (auth === 'client_secret_basic' || auth === 'client_secret_post') return 'confidential-symmetric';
  return 'public';
}

/** The token endpoint an assertion must name: discovery's when known, else where the request went. */
export function tokenEndpointOf(x: ReadExchange): string {
  return str(x.input.context?.discovery?.['token_endpoint']) ?? x.request.path;
}

/** The client assertion with a masked signature replaced, and whether it was. */
function checkableAssertion(x: ReadExchange): { body: string; signatureMasked: boolean; wholeMasked: boolean } {
  const raw = x.request.params['client_assertion'];
  if (raw === undefined) return { body: x.request.body, signatureMasked: false, wholeMasked: false };
  if (isMasked(raw)) return { body: x.request.body, signatureMasked: true, wholeMasked: true };
  const parts = raw.split('.');
  const signatureMasked = parts.length === 3 && !/^[A-Za-z0-9_-]+$/.test(parts[2] ?? '');
  if (!signatureMasked) return { body: x.request.body, signatureMasked: false, wholeMasked: false };
  const form = new URLSearchParams(x.request.body);
  form.set('client_assertion', `${parts[0]}.${parts[1]}.AA`);
  return { body: form.toString(), signatureMasked: true, wholeMasked: false };
}

/** Findings that would judge a masked value, which the request did send. */
function aboutMasked(f: Finding, m: { signatureMasked: boolean; wholeMasked: boolean; basicMasked: boolean; verifierMasked: boolean }): boolean {
  if (m.basicMasked && f.rule === 'TOKREQ-BASIC-ENCODING') return true;
  if (m.verifierMasked && f.rule.startsWith('PKCE-')) return true;
  if (m.wholeMasked && (f.rule.startsWith('ASSERT-') || f.rule === 'TOKREQ-ASSERTION-MISSING' || f.rule.startsWith('KEY-'))) return true;
  if (m.signatureMasked && ['ASSERT-SIG-INVALID', 'ASSERT-ECDSA-DER'].includes(f.rule)) return true;
  return false;
}

/** SMART resource scopes are judged by their context only ("system/" listed covers system/Patient.rs). */
function supportedBy(token: string, listed: string[]): boolean {
  if (listed.includes(token)) return true;
  const p = parseScope(token);
  if (p.kind !== 'resource') return false;
  return listed.some((l) => l.startsWith(`${token.split('/')[0]}/`));
}

/** DISC-SCOPES-SUPPORTED for each requested scope the server's `scopes_supported` does not list. */
export function scopesSupportedFindings(requested: string | undefined, discovery: Record<string, unknown> | null | undefined): Finding[] {
  const listed = discovery?.['scopes_supported'];
  if (!requested || !Array.isArray(listed) || listed.length === 0) return [];
  const names = listed.filter((s): s is string => typeof s === 'string');
  const missing = tokenizeScopes(requested).tokens.filter((t) => !supportedBy(t, names));
  return missing.map((t) => finding('DISC-SCOPES-SUPPORTED', `requested scope ${JSON.stringify(t)} is not in the server's scopes_supported (${names.slice(0, 12).join(' ')}${names.length > 12 ? ' …' : ''})`));
}

/** Every check of a token-endpoint-style request as sent (form, client authentication, assertion, scope). */
export async function checkSentTokenRequest(x: ReadExchange, opts?: CheckOptions): Promise<Finding[]> {
  const ctx = x.input.context ?? {};
  const flow = flowOf(x);
  const clientId = x.input.client?.id ?? x.request.clientId ?? '';
  const tokenEndpoint = tokenEndpointOf(x);
  const masked = {
    ...checkableAssertion(x),
    basicMasked: x.request.scheme === 'basic' && isMasked(x.request.authorization?.trim().split(/\s+/)[1]),
    verifierMasked: isMasked(x.request.params['code_verifier']),
  };
  const request = { method: x.request.method, url: x.request.url, headers: x.request.headers, body: masked.body };
  const out: Finding[] = [];
  if (x.input.endpoint === 'token') {
    out.push(...(await inspectTokenRequest({
      flow, clientType: clientTypeOf(x), clientId, tokenEndpoint, discovery: ctx.discovery ?? null, request,
      ...(ctx.registeredJwks ? { registeredJwks: ctx.registeredJwks } : {}),
      ...(ctx.authorizeRequest ? { authorizeRequest: ctx.authorizeRequest } : {}),
      ...(typeof ctx.tokenResponse?.['scope'] === 'string' && flow === 'refresh_token' ? { originalGrantedScope: ctx.tokenResponse['scope'] } : {}),
    }, opts)));
  }
  const assertion = new URLSearchParams(masked.body).get('client_assertion');
  if (assertion && !masked.wholeMasked && (x.input.endpoint !== 'token' || (ctx.previousJtis?.length ?? 0) > 0)) {
    const checked = await inspectAssertion({
      jwt: assertion, flow: flow === 'backend' ? 'backend' : 'authorization_code', clientId, tokenEndpoint,
      discovery: ctx.discovery ?? null, previousJtis: ctx.previousJtis ?? [],
      ...(ctx.registeredJwks ? { registeredJwks: ctx.registeredJwks } : {}),
    }, opts);
    // At the token endpoint only the replay check is new (inspectTokenRequest ran the rest).
    out.push(...(x.input.endpoint === 'token' ? checked.filter((f) => f.rule === 'ASSERT-JTI-REUSED') : checked));
  }
  if (x.input.endpoint === 'token') out.push(...scopesSupportedFindings(x.request.params['scope'] ?? ctx.requestedScope, ctx.discovery));
  return out.filter((f) => !aboutMasked(f, masked));
}
