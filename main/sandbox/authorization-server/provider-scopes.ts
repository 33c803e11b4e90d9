/**
 * Which scopes the FHIR resource server "supports" for the request oidc-provider is handling.
 *
 * Why: oidc-provider only grants resource scopes its resource server lists, but SMART v2
 * scopes (`patient/Observation.rs?category=...`) cannot be enumerated up front. So the list is
 * computed per request: the well-formed SMART scopes the request (or the code / refresh token /
 * grant being exchanged) carries. Malformed or unknown scopes, scopes of the wrong context for
 * the grant type, and scopes outside the client's registration fail with `invalid_scope`.
 */
import type { Client, KoaContextWithOIDC } from 'oidc-provider';
import { errors } from './oidc.ts';
import { checkScopeString, parseResourceScope, scopeCoveredBy, type ResourceScope } from '../scopes.ts';

function split(scope: unknown): string[] {
  return typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
}

function registeredScopes(client: Client, isResourceType: (t: string) => boolean): ResourceScope[] | undefined {
  if (!client.scope) return undefined;
  return split(client.scope).flatMap((s) => parseResourceScope(s, isResourceType) ?? []);
}

/** Throw `invalid_scope` unless every requested scope is acceptable for this request. */
export function validateRequestedScope(
  scope: string | undefined,
  client: Client,
  flow: 'backend' | 'app',
  isResourceType: (t: string) => boolean,
): void {
  if (flow === 'backend' && !scope?.trim()) {
    throw new errors.InvalidScope('scope is required: request system/ scopes, e.g. system/Patient.rs', '');
  }
  const check = checkScopeString(scope, isResourceType);
  if (check.invalid.length) {
    throw new errors.InvalidScope(`unknown or malformed scope: ${check.invalid.join(' ')}`, check.invalid.join(' '));
  }
  if (flow === 'backend') {
    const wrong = check.valid.filter((s) => !s.startsWith('system/'));
    if (wrong.length) throw new errors.InvalidScope(`client_credentials grants only system/ scopes, not: ${wrong.join(' ')}`, wrong.join(' '));
  } else {
    const system = check.resource.filter((r) => r.context === 'system').map((r) => r.raw);
    if (system.length) throw new errors.InvalidScope(`system/ scopes are for backend services only: ${system.join(' ')}`, system.join(' '));
  }
  const registered = registeredScopes(client, isResourceType);
  if (registered) {
    const outside = check.resource.filter((r) => !scopeCoveredBy(r, registered)).map((r) => r.raw);
    if (outside.length) throw new errors.InvalidScope(`scope not allowed for this client: ${outside.join(' ')}`, outside.join(' '));
  }
}

/** The resource server's scope list for this request (see the module comment). */
export function resolveResourceServerScopes(
  ctx: KoaContextWithOIDC,
  indicator: string,
  client: Client,
  isResourceType: (t: string) => boolean,
): string {
  const params = (ctx.oidc.params ?? {}) as Record<string, unknown>;
  const requested = typeof params.scope === 'string' ? params.scope : undefined;
  const route = ctx.oidc.route;
  if (route === 'authorization' || route === 'pushed_authorization_request') {
    validateRequestedScope(requested, client, 'app', isResourceType);
  } else if (route === 'token' && params.grant_type === 'client_credentials') {
    validateRequestedScope(requested, client, 'backend', isResourceType);
  }
  const entities = ctx.oidc.entities as Record<string, { scope?: unknown; getResourceScope?: (r: string) => string } | undefined>;
  const candidates = new Set([
    ...split(requested),
    ...split(entities.AuthorizationCode?.scope),
    ...split(entities.RefreshToken?.scope),
    ...split(entities.Grant?.getResourceScope?.(indicator)),
  ]);
  return checkScopeString([...candidates].join(' '), isResourceType).valid.join(' ');
}
