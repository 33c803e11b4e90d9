import { finding } from '../finding.ts';
import { checkPkce } from '../pkce/index.ts';
import { coveredBy, resourceScopes, checkScopeString, parseScope, tokenizeScopes } from '../scopes/index.ts';
import type { Finding } from '../types.ts';
import { isObject, show } from '../values.ts';

/**
 * Grant-specific token-request rules: `grant_type` per flow (50), `scope` (53, 64 and the SCOPE-*
 * grammar), and the authorization-code exchange (62, 63, plus the PKCE pair rules 150-152).
 */

/** The parts of a token request the grant rules look at. */
export interface GrantView {
  flow: unknown;
  params: Map<string, string>;
  discovery: unknown;
  authorizeRequest: unknown;
  originalGrantedScope: unknown;
}

const GRANT_FOR_FLOW: Record<string, string> = {
  backend: 'client_credentials',
  authorization_code: 'authorization_code',
  refresh_token: 'refresh_token',
};

/**
 * SCOPE-* rules that judge a scope as a complete app-launch request (launch context, identity,
 * standalone vs EHR). A refresh or code-exchange `scope` is not one, so only grammar rules apply.
 */
const LAUNCH_REQUEST_RULES = new Set(['SCOPE-PATIENT-WITHOUT-LAUNCH', 'SCOPE-ONLINE-ACCESS-STANDALONE', 'SCOPE-FHIRUSER-WITHOUT-OPENID', 'SCOPE-NOT-SYSTEM', 'SCOPE-WRITE-BACKEND']);

function grantTypeFindings(v: GrantView): Finding[] {
  const want = typeof v.flow === 'string' ? GRANT_FOR_FLOW[v.flow] : undefined;
  if (want === undefined) return [];
  const got = v.params.get('grant_type');
  if (got === want) return [];
  if (got === undefined || got === '') return [finding('TOKREQ-GRANT-TYPE', `grant_type is ${got === undefined ? 'missing' : 'empty'}; this flow needs grant_type=${want}`)];
  if (got === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
    return [finding('TOKREQ-GRANT-TYPE', `grant_type is the RFC 7523 JWT-bearer authorization grant; SMART needs grant_type=${want}${want === 'client_credentials' ? ' plus a client_assertion' : ''}`)];
  }
  return [finding('TOKREQ-GRANT-TYPE', `grant_type is ${show(got)}; this flow needs grant_type=${want}`)];
}

function scopeFindings(v: GrantView, isRefresh: boolean): Finding[] {
  const out: Finding[] = [];
  const scope = v.params.get('scope');
  const backend = v.flow === 'backend';
  if (backend && (scope === undefined || scope.trim() === '')) {
    out.push(finding('TOKREQ-SCOPE-MISSING', `a Backend Services request needs system/ scopes; scope is ${scope === undefined ? 'missing' : 'blank'}`));
  }
  if (scope === undefined || scope.trim() === '') return out;
  if (backend) out.push(...checkScopeString(scope, { flow: 'backend', discovery: v.discovery }));
  else out.push(...checkScopeString(scope, { flow: 'app-launch-standalone', discovery: v.discovery }).filter((f) => !LAUNCH_REQUEST_RULES.has(f.rule)));
  const granted = v.originalGrantedScope;
  if (isRefresh && typeof granted === 'string') {
    const grantedTokens = tokenizeScopes(granted).tokens;
    const grantedResources = resourceScopes(grantedTokens.map(parseScope));
    const expanded = tokenizeScopes(scope).tokens.filter((t) => {
      const p = parseScope(t);
      return p.kind === 'resource' ? !coveredBy(p, grantedResources) : !grantedTokens.includes(t);
    });
    if (expanded.length > 0) {
      out.push(finding('TOKREQ-REFRESH-SCOPE-EXPANSION', `refresh asks for ${expanded.map((t) => show(t)).join(', ')}, not covered by the original grant ${show(granted)}`));
    }
  }
  return out;
}

async function codeExchangeFindings(v: GrantView): Promise<Finding[]> {
  const out: Finding[] = [];
  const verifier = v.params.get('code_verifier');
  if (verifier === undefined || verifier === '') {
    out.push(finding('TOKREQ-CODE-VERIFIER-MISSING', `grant_type=authorization_code without ${verifier === undefined ? 'a' : 'a non-empty'} code_verifier`));
  }
  const authz = isObject(v.authorizeRequest) ? v.authorizeRequest : undefined;
  const redirect = v.params.get('redirect_uri');
  const sent = authz?.redirect_uri;
  if (redirect === undefined) out.push(finding('TOKREQ-REDIRECT-URI-MISMATCH', 'redirect_uri is missing from the code exchange'));
  else if (typeof sent === 'string' && redirect !== sent) {
    out.push(finding('TOKREQ-REDIRECT-URI-MISMATCH', `redirect_uri ${show(redirect)} is not the ${show(sent)} sent in the authorize request`));
  }
  if (verifier !== undefined && verifier !== '') {
    const challenge = authz?.code_challenge;
    const method = authz?.code_challenge_method;
    const pkce = await checkPkce({ codeVerifier: verifier, codeChallenge: typeof challenge === 'string' ? challenge : undefined, codeChallengeMethod: method });
    // PKCE-METHOD only when the authorize request is known to have sent a wrong method: an
    // absent field here may simply not have been recorded.
    out.push(...pkce.filter((f) => f.rule !== 'PKCE-METHOD' || (method !== undefined && method !== null)));
  }
  return out;
}

/** Checks grant_type, scope and the code exchange of a token request against its flow. */
export async function checkGrant(v: GrantView): Promise<Finding[]> {
  const grant = v.params.get('grant_type');
  const isCode = grant === 'authorization_code' || v.flow === 'authorization_code';
  const isRefresh = grant === 'refresh_token' || v.flow === 'refresh_token';
  const out = [...grantTypeFindings(v), ...scopeFindings(v, isRefresh)];
  if (isCode) out.push(...(await codeExchangeFindings(v)));
  return out;
}
