import { type DiscoveryView, LEGACY_FIELDS } from './view.ts';
import { finding } from '../finding.ts';
import type { Finding } from '../types.ts';
import { show } from '../values.ts';

/**
 * Client-authentication advertising in the discovery document (rules 138-141, 145).
 *
 * Tells the developer, before the first token request, whether the server will accept the key
 * pair or secret they registered, and how a generic SMART client will read the metadata.
 * @see https://hl7.org/fhir/smart-app-launch/STU2.2/client-confidential-asymmetric.html#advertising-server-support-for-this-profile
 */

const SMART_METHODS = new Set(['client_secret_post', 'client_secret_basic', 'private_key_jwt']);
/** Registered OAuth methods outside SMART's list: legal, so reported for information only. */
const OTHER_OAUTH_METHODS = new Set(['none', 'client_secret_jwt', 'tls_client_auth', 'self_signed_tls_client_auth']);

function authMethodsField(v: DiscoveryView): { name: string; value: unknown } | undefined {
  for (const name of ['token_endpoint_auth_methods_supported', 'token_endpoint_auth_methods']) {
    if (v.doc[name] !== undefined) return { name, value: v.doc[name] };
  }
  return undefined;
}

function asymmetricFindings(v: DiscoveryView): Finding[] {
  if (!v.caps.has('client-confidential-asymmetric') && !v.grants.has('client_credentials')) return [];
  const problems: string[] = [];
  if (!(v.authMethods ?? []).includes('private_key_jwt')) {
    problems.push(v.authMethods === undefined
      ? 'token_endpoint_auth_methods_supported is missing'
      : `token_endpoint_auth_methods_supported ${show(v.authMethods)} lacks "private_key_jwt"`);
  }
  const algs = v.doc['token_endpoint_auth_signing_alg_values_supported'];
  if (!Array.isArray(algs)) {
    problems.push(algs === undefined ? 'token_endpoint_auth_signing_alg_values_supported is missing' : `token_endpoint_auth_signing_alg_values_supported is ${show(algs)}, not an array`);
  } else if (!algs.includes('RS384') && !algs.includes('ES384')) {
    problems.push(`token_endpoint_auth_signing_alg_values_supported ${show(algs)} includes neither RS384 nor ES384`);
  }
  return problems.length > 0
    ? [finding('DISC-ASYMMETRIC-ADVERTISING', `the server supports asymmetric client authentication but ${problems.join('; ')}`)]
    : [];
}

function methodValueFindings(v: DiscoveryView): Finding[] {
  const field = authMethodsField(v);
  if (!field) return [];
  if (!Array.isArray(field.value) || field.value.some((m) => typeof m !== 'string')) {
    return [finding('DISC-AUTH-METHODS-VALUES', `${field.name} is ${show(field.value)}, not an array of strings`)];
  }
  const out: Finding[] = [];
  for (const m of field.value as string[]) {
    if (SMART_METHODS.has(m)) continue;
    if (OTHER_OAUTH_METHODS.has(m)) {
      out.push(finding('DISC-AUTH-METHODS-VALUES', `${field.name} lists ${show(m)}, a registered OAuth method outside SMART's list`, 'info'));
    } else {
      out.push(finding('DISC-AUTH-METHODS-VALUES', `${field.name} lists ${show(m)}, which is not a client authentication method name (expected client_secret_basic, client_secret_post or private_key_jwt)`));
    }
  }
  return out;
}

function symmetricFindings(v: DiscoveryView): Finding[] {
  if (!v.caps.has('client-confidential-symmetric') || v.authMethods === undefined) return [];
  return v.authMethods.includes('client_secret_basic')
    ? []
    : [finding('DISC-SYMMETRIC-BASIC', `capabilities include client-confidential-symmetric but the auth methods ${show(v.authMethods)} lack "client_secret_basic"`)];
}

function legacyFindings(v: DiscoveryView): Finding[] {
  const out: Finding[] = [];
  for (const [legacy, current] of Object.entries(LEGACY_FIELDS)) {
    if (v.doc[legacy] !== undefined && v.doc[current] === undefined) {
      out.push(finding('DISC-LEGACY-FIELD', `the document uses the pre-2.0 field ${legacy} instead of ${current}`));
    }
  }
  return out;
}

function backendFindings(v: DiscoveryView): Finding[] {
  if (!v.grants.has('client_credentials')) return [];
  if (v.caps.has('client-confidential-asymmetric') || (v.authMethods ?? []).includes('private_key_jwt')) return [];
  return [finding('DISC-BACKEND-READINESS',
    `client_credentials is advertised without client-confidential-asymmetric or private_key_jwt (auth methods: ${show(v.authMethods ?? 'none listed')})`)];
}

/** Rules 138-141 and 145 on a parsed discovery document. */
export function authFindings(v: DiscoveryView): Finding[] {
  return [...asymmetricFindings(v), ...methodValueFindings(v), ...symmetricFindings(v), ...legacyFindings(v), ...backendFindings(v)];
}
