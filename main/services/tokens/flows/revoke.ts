import type { RevokeResult, TokenStep } from '../../../../app/contract/index.ts';
import type { Finding } from '../../../../app/conformance/index.ts';
import type { Diagnosis } from '../../../../app/diagnosis/index.ts';
import { diagnoseExchange, type DiagnosisNotes } from '../../diagnosis/index.ts';
import type { Profile } from '../../../../app/profiles/index.ts';
import { applyClientAuth, clientTypeOf, sensitiveValues, type ClientAuthOptions } from './client-auth.ts';
import { postForm } from '../http/index.ts';
import { credentialsFor, type TokenRequestDeps } from './token-request.ts';

/**
 * Token revocation (RFC 7009): the client tells the server a token is no longer needed.
 *
 * The refresh token goes first, because revoking it usually revokes the access tokens issued
 * from it, and a leaked refresh token is the more dangerous of the two.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.1
 */

/** One token to revoke with its type hint. */
export interface RevokeTarget { value: string; hint: 'access_token' | 'refresh_token' }

/** Sends one revocation request per token; reports what was revoked and explains what failed. */
export async function revokeTokens(deps: TokenRequestDeps & { notes?: DiagnosisNotes }, input: {
  profile: Profile;
  revocationEndpoint: string;
  tokenEndpoint: string;
  targets: RevokeTarget[];
  /** Another client authentication than the profile's, or the run's assertion controls. */
  auth?: ClientAuthOptions;
}): Promise<RevokeResult> {
  const steps: TokenStep[] = [];
  const findings: Finding[] = [];
  const revoked: RevokeResult['revoked'] = [];
  let diagnosis: Diagnosis | undefined;
  const problems: string[] = [];
  for (const target of input.targets) {
    const { creds, step } = await credentialsFor(deps, input.profile, input.tokenEndpoint, input.auth);
    if (step) steps.push(step());
    const form = new URLSearchParams({ token: target.value, token_type_hint: target.hint });
    const headers: Record<string, string> = {};
    applyClientAuth(input.profile.clientId, creds, form, headers);
    const sensitive = [...sensitiveValues(creds), target.value];
    const ex = await postForm(deps.http, {
      url: input.revocationEndpoint, form, headers, profileId: input.profile.id, purpose: 'revoke', sensitive,
      title: `Revoke the ${target.hint.replace('_', ' ')}`, now: () => deps.clock.now(), read: false,
    });
    steps.push(ex.step);
    if (!ex.failure) {
      revoked.push(target.hint);
      continue;
    }
    problems.push(`${target.hint}: ${ex.failure.message}`);
    // Explained at the revocation endpoint (RFC 7009: unsupported_token_type, client authentication there).
    const d = await diagnoseExchange({
      endpoint: 'revocation', client: { id: input.profile.clientId, type: clientTypeOf(creds.kind), auth: creds.kind },
      request: { method: 'POST', url: input.revocationEndpoint, headers: ex.request.headers, ...(ex.request.body !== undefined ? { body: ex.request.body } : {}) },
      ...(ex.response ? { response: { status: ex.response.status, headers: ex.response.headers, bodyText: ex.response.bodyText } } : { failure: ex.failure }),
      context: { discovery: { token_endpoint: input.tokenEndpoint, revocation_endpoint: input.revocationEndpoint } },
    }, { nowMs: deps.clock.now(), secrets: sensitive });
    diagnosis ??= d;
    if (ex.response?.activityId) deps.notes?.note(ex.response.activityId, d);
    findings.push(...d.findings);
  }
  const message = problems.length
    ? `Revocation failed for ${problems.join('; ')}`
    : `Revoked the ${revoked.map((r) => r.replace('_', ' ')).join(' and the ')}. The server answered 200, which RFC 7009 also uses for tokens it did not know.`;
  return { revoked, steps, findings, message, ...(diagnosis ? { diagnosis } : {}) };
}
