import { finding, inspectDiscovery, inspectJwks, type CheckOptions, type Finding } from '../../conformance/index.ts';
import { oauthUris } from '../../conformance/discovery/index.ts';
import { isSuccess, type ReadExchange } from '../exchange.ts';
import { endpointNotFound, notJson } from '../explanations.ts';
import { type Analysis, type Candidate, inTier } from '../rank.ts';
import { analyseRefusal } from './resource.ts';
import { transportAnalysis } from './shared.ts';

/**
 * The documents a client reads before it talks OAuth: discovery (SMART's smart-configuration,
 * OpenID's openid-configuration, RFC 8414's oauth-authorization-server, the CapabilityStatement)
 * and a JWK Set. A wrong URL heads; a usable document is checked field by field.
 */

const SMART_DOC = /\/\.well-known\/smart-configuration\/?$|\/metadata\/?$/;

/** The FHIR base a smart-configuration URL belongs to. */
function baseOf(url: string): string {
  return url.replace(/\/\.well-known\/smart-configuration\/?$/, '').replace(/\/metadata\/?$/, '');
}

/** RFC 8414 / OpenID metadata: the fields a client needs from it. */
function oauthMetadataFindings(json: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  if (typeof json['token_endpoint'] !== 'string') out.push(finding('DISC-TOKEN-ENDPOINT', 'the authorization server metadata has no token_endpoint'));
  if (typeof json['issuer'] !== 'string') out.push(finding('DISC-OIDC-FIELDS', 'the authorization server metadata has no issuer (RFC 8414 §2 requires it)'));
  return out;
}

/** The CapabilityStatement's SMART discovery (rules 146-148): its oauth-uris extension, or that it has none. */
function capabilityStatementChecks(cs: Record<string, unknown>, fhirBaseUrl: string): Finding[] {
  if (!oauthUris(cs, fhirBaseUrl)) {
    return [finding('DISC-CS-OAUTH-URIS', 'the CapabilityStatement has no SMART oauth-uris extension (rest.security), so it names no OAuth endpoints: discovery must come from .well-known/smart-configuration or the authorization server\'s metadata', 'warning')];
  }
  return inspectDiscovery({ fhirBaseUrl, capabilityStatement: cs }).filter((f) => f.rule.startsWith('DISC-CS-'));
}

/** Analyses a discovery exchange. */
export function analyseDiscovery(x: ReadExchange, opts?: CheckOptions): Analysis {
  const res = x.response;
  if (!res) return transportAnalysis(x, []);
  const url = x.request.path;
  const smart = SMART_DOC.test(url);
  const fhirBaseUrl = x.input.context?.fhirBaseUrl ?? baseOf(url);
  const checks = () => smart ? inspectDiscovery({ fhirBaseUrl, requestUrl: x.request.url, status: res.status, headers: res.headers, rawBody: res.body }) : [];
  if (res.status === 404 || res.status === 405) {
    return { outcome: 'failed', candidates: [{ finding: endpointNotFound('discovery', url, res, x.request.method), tier: 'wrong-url' }, ...inTier('response', checks())] };
  }
  if (!isSuccess(res.status)) return analyseRefusal(x, [], opts);
  if (res.shape !== 'json-object') {
    return { outcome: 'failed', candidates: [{ finding: notJson('discovery', url, res), tier: 'wrong-url' }, ...inTier('response', checks())] };
  }
  // A CapabilityStatement (the FHIR base's /metadata) is read for SMART 1.0's oauth-uris, not as a SMART configuration.
  if (res.json?.['resourceType'] === 'CapabilityStatement') return { outcome: 'ok', candidates: inTier('response', capabilityStatementChecks(res.json, fhirBaseUrl)) };
  const found = smart ? checks() : oauthMetadataFindings(res.json ?? {});
  return { outcome: 'ok', candidates: inTier('response', found) };
}

/** A JWK Set no key can be taken from. */
const UNUSABLE = new Set(['JWKS-NOT-SET', 'JWKS-EMPTY']);

/**
 * Analyses a JWKS exchange (a server's keys, or the client's published set). The set is checked;
 * its URL is not held to JWKS-URL (https, reachable from the server): that rule is about a URL a
 * client registers for the server to fetch, and this fetch, which reached it, says nothing about
 * that (a server's own jwks_uri on 127.0.0.1 is fine for a client on the same machine).
 */
export async function analyseJwks(x: ReadExchange, opts?: CheckOptions): Promise<Analysis> {
  const res = x.response;
  if (!res) return transportAnalysis(x, []);
  if (res.status === 404 || res.status === 405) return { outcome: 'failed', candidates: [{ finding: endpointNotFound('jwks', x.request.path, res, x.request.method), tier: 'wrong-url' }] };
  if (!isSuccess(res.status)) return analyseRefusal(x, [], opts);
  const checks = (await inspectJwks({ jwksUrl: x.request.url, status: res.status, headers: res.headers, rawBody: res.body }, opts)).filter((f) => f.rule !== 'JWKS-URL');
  const candidates: Candidate[] = [];
  if (res.shape === 'html' || res.shape === 'text' || res.shape === 'empty') candidates.push({ finding: notJson('jwks', x.request.path, res), tier: 'wrong-url' });
  const unusable = checks.filter((f) => UNUSABLE.has(f.rule));
  candidates.push(...inTier('code', unusable), ...inTier('response', checks.filter((f) => !UNUSABLE.has(f.rule))));
  return { outcome: candidates.some((c) => c.tier === 'wrong-url' || c.tier === 'code') ? 'failed' : 'ok', candidates };
}
