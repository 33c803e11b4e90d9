import { type DiscoveryView, present, SMART_CAPABILITIES } from './view.ts';
import { finding } from '../finding.ts';
import { parseScope } from '../scopes/index.ts';
import type { Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * Required and conditional fields of the SMART discovery document (rules 128-135, 142-144).
 *
 * These decide whether a client can use the server at all (token endpoint, grant types, PKCE)
 * and which features it may rely on (OpenID, scope syntax), so each rule names the field and value.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/conformance.html#metadata
 */

const FULL_URI = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;

function endpointFindings(v: DiscoveryView): Finding[] {
  const out: Finding[] = [];
  const { doc } = v;
  if (!present(doc['token_endpoint'])) {
    out.push(finding('DISC-TOKEN-ENDPOINT', doc['token_endpoint'] === undefined
      ? 'token_endpoint is missing'
      : `token_endpoint is ${show(doc['token_endpoint'])}; it must be a non-empty URL string`));
  }
  if (v.appLaunch && !present(doc['authorization_endpoint'])) {
    out.push(finding('DISC-AUTHZ-ENDPOINT',
      `the server advertises app launch (${[...v.caps].filter((c) => c.startsWith('launch-')).concat(v.grants.has('authorization_code') ? ['authorization_code'] : []).join(', ')}) but authorization_endpoint is ${doc['authorization_endpoint'] === undefined ? 'missing' : show(doc['authorization_endpoint'])}`));
  }
  return out;
}

function grantTypeFindings(v: DiscoveryView): Finding[] {
  const grants = v.doc['grant_types_supported'];
  if (!Array.isArray(grants)) {
    return [finding('DISC-GRANT-TYPES', grants === undefined ? 'grant_types_supported is missing' : `grant_types_supported is ${show(grants)}, not an array`)];
  }
  const launchCaps = [...v.caps].filter((c) => c === 'launch-ehr' || c === 'launch-standalone');
  if (launchCaps.length > 0 && !v.grants.has('authorization_code')) {
    return [finding('DISC-GRANT-TYPES', `capabilities include ${launchCaps.join(', ')} but grant_types_supported ${show(grants)} lacks "authorization_code"`)];
  }
  const asymmetric = v.caps.has('client-confidential-asymmetric') || (v.authMethods ?? []).includes('private_key_jwt');
  if (asymmetric && launchCaps.length === 0 && !v.grants.has('authorization_code') && !v.grants.has('client_credentials')) {
    return [finding('DISC-GRANT-TYPES', `asymmetric client authentication without app launch, but grant_types_supported ${show(grants)} lacks "client_credentials"`)];
  }
  return [];
}

function capabilityFindings(v: DiscoveryView): Finding[] {
  const caps = v.doc['capabilities'];
  if (!Array.isArray(caps)) {
    return [finding('DISC-CAPABILITIES', caps === undefined ? 'capabilities is missing' : `capabilities is ${show(caps)}, not an array of strings`)];
  }
  const out: Finding[] = [];
  const nonStrings = caps.filter((c) => typeof c !== 'string');
  if (nonStrings.length > 0) out.push(finding('DISC-CAPABILITIES', `capabilities contains non-string values: ${show(nonStrings)}`));
  for (const c of caps) {
    if (typeof c === 'string' && !SMART_CAPABILITIES.has(c) && !FULL_URI.test(c)) {
      out.push(finding('DISC-CAPABILITY-UNKNOWN', `capability ${show(c)} is not defined by SMART 2.2 and is not a full URI`));
    }
  }
  return out;
}

function pkceFindings(v: DiscoveryView): Finding[] {
  const methods = v.doc['code_challenge_methods_supported'];
  const out: Finding[] = [];
  const severity = v.backendOnly ? 'warning' : 'error';
  const context = v.backendOnly ? ' (backend-only server)' : '';
  if (!Array.isArray(methods)) {
    out.push(finding('DISC-PKCE-METHODS', `code_challenge_methods_supported is ${methods === undefined ? 'missing' : `${show(methods)}, not an array`}${context}`, severity));
    return out;
  }
  if (!methods.includes('S256')) out.push(finding('DISC-PKCE-METHODS', `code_challenge_methods_supported ${show(methods)} lacks "S256"${context}`, severity));
  if (methods.some((m) => typeof m === 'string' && m.toLowerCase() === 'plain')) {
    out.push(finding('DISC-PKCE-PLAIN', `code_challenge_methods_supported ${show(methods)} includes "plain"`));
  }
  return out;
}

function oidcFindings(v: DiscoveryView): Finding[] {
  const { doc } = v;
  if (v.caps.has('sso-openid-connect')) {
    const missing = ['issuer', 'jwks_uri'].filter((k) => !present(doc[k]));
    return missing.length > 0
      ? [finding('DISC-OIDC-FIELDS', `capabilities include sso-openid-connect but ${missing.map((k) => `${k} is ${doc[k] === undefined ? 'missing' : show(doc[k])}`).join(' and ')}`)]
      : [];
  }
  if (doc['issuer'] !== undefined && doc['issuer'] !== null) {
    return [finding('DISC-ISSUER-UNEXPECTED', `issuer ${show(doc['issuer'])} is present but capabilities do not include sso-openid-connect`)];
  }
  return [];
}

function scopeFindings(v: DiscoveryView): Finding[] {
  const out: Finding[] = [];
  const scopes = v.doc['scopes_supported'];
  if (!Array.isArray(scopes)) {
    out.push(finding('DISC-SCOPES-SUPPORTED', scopes === undefined
      ? 'scopes_supported is not published; the scopes you need cannot be pre-checked'
      : `scopes_supported is ${show(scopes)}, not an array of scope strings`));
  }
  const v1Cap = v.caps.has('permission-v1');
  const v2Cap = v.caps.has('permission-v2');
  if (!v1Cap && !v2Cap) {
    out.push(finding('DISC-PERMISSION-SCOPES', 'capabilities advertise neither permission-v1 nor permission-v2; the scope syntax to use is unknown'));
    return out;
  }
  const versions = new Set<string>();
  for (const s of Array.isArray(scopes) ? scopes : []) {
    if (typeof s !== 'string') continue;
    const p = parseScope(s);
    if (p.kind === 'resource') versions.add(p.version);
  }
  if (versions.size === 1 && versions.has('v1') && v2Cap && !v1Cap) {
    out.push(finding('DISC-PERMISSION-SCOPES', 'scopes_supported lists only v1 scopes (.read/.write) but capabilities advertise permission-v2 without permission-v1'));
  } else if (versions.size === 1 && versions.has('v2') && v1Cap && !v2Cap) {
    out.push(finding('DISC-PERMISSION-SCOPES', 'scopes_supported lists only v2 scopes (.rs/.cruds) but capabilities advertise permission-v1 without permission-v2'));
  }
  return out;
}

/** Rules 128-135 and 142-144 on a parsed discovery document. */
export function fieldFindings(v: DiscoveryView): Finding[] {
  return [
    ...endpointFindings(v),
    ...grantTypeFindings(v),
    ...capabilityFindings(v),
    ...pkceFindings(v),
    ...oidcFindings(v),
    ...scopeFindings(v),
  ];
}
