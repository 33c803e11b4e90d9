/**
 * Facts derived once from a `.well-known/smart-configuration` document.
 *
 * Several discovery rules depend on the same context (does the server claim app launch? is it
 * backend-only? which auth methods does it list, under the 2.x or the legacy name?), so they are
 * computed here once and every rule reads the same answer.
 */

/** The SMART 2.2 capability strings (conformance.md rule 142). */
export const SMART_CAPABILITIES: ReadonlySet<string> = new Set([
  'launch-ehr', 'launch-standalone', 'authorize-post', 'client-public', 'client-confidential-symmetric',
  'client-confidential-asymmetric', 'sso-openid-connect', 'context-banner', 'context-style', 'context-ehr-patient',
  'context-ehr-encounter', 'context-standalone-patient', 'context-standalone-encounter', 'permission-offline',
  'permission-online', 'permission-patient', 'permission-user', 'permission-v1', 'permission-v2', 'smart-app-state',
]);

/** Pre-2.0 field names and the 2.x names that replaced them (DISC-LEGACY-FIELD). */
export const LEGACY_FIELDS: Readonly<Record<string, string>> = {
  token_endpoint_auth_methods: 'token_endpoint_auth_methods_supported',
  token_endpoint_auth_signing_alg_values: 'token_endpoint_auth_signing_alg_values_supported',
  grant_types: 'grant_types_supported',
  code_challenge_methods: 'code_challenge_methods_supported',
};

/** Derived context of one discovery document. */
export interface DiscoveryView {
  doc: Record<string, unknown>;
  /** String entries of `capabilities` (empty when missing or not an array). */
  caps: Set<string>;
  /** String entries of `grant_types_supported`. */
  grants: Set<string>;
  /** Auth methods from the 2.x field, else from the legacy field; undefined when neither is an array. */
  authMethods: string[] | undefined;
  /** Claims SMART App Launch: a `launch-*` capability or the `authorization_code` grant. */
  appLaunch: boolean;
  /** Backend Services only: client credentials or asymmetric auth, and no app launch. */
  backendOnly: boolean;
}

function stringSet(v: unknown): Set<string> {
  return new Set(Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
}

/** Builds the derived view of a discovery document. */
export function discoveryView(doc: Record<string, unknown>): DiscoveryView {
  const caps = stringSet(doc['capabilities']);
  const grants = stringSet(doc['grant_types_supported']);
  const authMethods = stringList(doc['token_endpoint_auth_methods_supported']) ?? stringList(doc['token_endpoint_auth_methods']);
  const launchCap = caps.has('launch-ehr') || caps.has('launch-standalone');
  const appLaunch = launchCap || grants.has('authorization_code');
  const backendOnly = !appLaunch && (grants.has('client_credentials') || caps.has('client-confidential-asymmetric'));
  return { doc, caps, grants, authMethods, appLaunch, backendOnly };
}

/** True for a non-empty string. */
export function present(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}
