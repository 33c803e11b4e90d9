/**
 * The gate in front of every protected FHIR and bulk-export request: bearer token, per-client
 * failure modes, and the RFC 6750 / OperationOutcome refusals.
 *
 * Why: the FHIR API and the bulk-export status and file endpoints must refuse requests the same
 * way (401 `invalid_token`, 403 `insufficient_scope`, simulated 5xx), and failure modes
 * registered on a client only become known once its token is verified.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Provider from 'oidc-provider';
import type { AccessTokenClaims, AccessTokenVerifier } from '../authorization-server/index.ts';
import {
  applyTimingModes,
  clientFailureModes,
  findMode,
  mergeFailureModes,
  serverErrorStatus,
  type FailureMode,
} from '../failure-simulation/index.ts';
import { sendOutcome } from '../http-util.ts';
import type { AccessGrant } from './scopes-enforcement.ts';
import { grantedResourceScopes } from '../scopes.ts';

/** A request that passed the gate. */
export interface AuthorizedRequest {
  claims: AccessTokenClaims;
  grant: AccessGrant;
  modes: readonly FailureMode[];
}

/** What the gate needs. */
export interface FhirAuthDeps {
  verifier: AccessTokenVerifier;
  provider: Provider;
  isResourceType: (t: string) => boolean;
}

/** 403 with `WWW-Authenticate: Bearer error="insufficient_scope"` and an OperationOutcome. */
export function sendInsufficientScope(res: ServerResponse, verifier: AccessTokenVerifier, description: string, scope?: string): void {
  const challenge = verifier.challenge('insufficient_scope', description) + (scope ? `, scope="${scope}"` : '');
  sendOutcome(res, 403, 'forbidden', description, { 'www-authenticate': challenge });
}

async function clientModes(provider: Provider, clientId: string | undefined): Promise<FailureMode[]> {
  if (!clientId) return [];
  try {
    return clientFailureModes(await provider.Client.find(clientId));
  } catch {
    return [];
  }
}

/**
 * Verify the request's bearer token and apply failure modes. On refusal the response is sent
 * and undefined is returned.
 */
export async function authorizeFhirRequest(
  deps: FhirAuthDeps,
  req: IncomingMessage,
  res: ServerResponse,
  requestModes: readonly FailureMode[],
): Promise<AuthorizedRequest | undefined> {
  const check = await deps.verifier.verify(req.headers.authorization);
  const modes = mergeFailureModes(check.ok ? await clientModes(deps.provider, check.claims.client_id) : [], [...requestModes]);
  await applyTimingModes(res, modes);
  const status = serverErrorStatus(modes);
  if (status !== undefined) {
    sendOutcome(res, status, status === 503 ? 'transient' : 'exception', `sandbox failure mode: server-error=${status}`,
      status === 503 ? { 'retry-after': '5' } : {});
    return undefined;
  }
  if (findMode(modes, 'fhir-401')) {
    const description = 'sandbox failure mode fhir-401: the token is treated as invalid';
    sendOutcome(res, 401, 'login', description, { 'www-authenticate': deps.verifier.challenge('invalid_token', description) });
    return undefined;
  }
  if (!check.ok) {
    sendOutcome(res, 401, 'login', check.description, { 'www-authenticate': check.wwwAuthenticate });
    return undefined;
  }
  const grant: AccessGrant = {
    scopes: grantedResourceScopes(check.claims.scope, deps.isResourceType),
    patient: typeof check.claims.patient === 'string' ? check.claims.patient : undefined,
  };
  return { claims: check.claims, grant, modes };
}
