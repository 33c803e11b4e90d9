import { AppFailure } from '../../../../app/result/index.ts';
import type { Profile } from '../../../../app/profiles/index.ts';
import type { HttpClient } from '../../../http/index.ts';
import { snippet } from '../http/index.ts';

/**
 * Gets an EHR `launch` value from the local sandbox's simulated EHR (`POST /sandbox/launch`).
 *
 * A real EHR hands the app `iss` and `launch` when it opens it; the sandbox plays that EHR so
 * the EHR launch flow can be tried without one. Other servers have no such endpoint, and the
 * answer says so instead of failing obscurely.
 */
export async function requestSandboxLaunch(http: HttpClient, profile: Profile, patient: string, encounter?: string): Promise<{ launch: string; patient: string }> {
  const origin = new URL(profile.fhirBaseUrl).origin;
  const res = await http.send({
    method: 'POST', url: `${origin}/sandbox/launch`, headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(encounter ? { patient, encounter } : { patient }), purpose: 'other', profileId: profile.id, timeoutMs: 10_000,
  });
  let body: { launch?: unknown; patient?: unknown; error_description?: unknown } = {};
  try {
    body = JSON.parse(res.bodyText) as typeof body;
  } catch {
    // handled below: a server that is not the sandbox answers with something else
  }
  if (res.status === 201 && typeof body.launch === 'string') return { launch: body.launch, patient: typeof body.patient === 'string' ? body.patient : patient };
  if (res.status === 400 && typeof body.error_description === 'string') throw new AppFailure('INVALID_INPUT', `The sandbox refused: ${body.error_description}.`);
  throw new AppFailure('NOT_SUPPORTED', `${origin} is not the local sandbox (POST /sandbox/launch answered HTTP ${res.status}${res.bodyText ? `: "${snippet(res.bodyText, 60)}"` : ''}). Paste the launch value your EHR gave the app instead.`);
}
