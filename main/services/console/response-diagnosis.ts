import type { HeaderList } from '../../../app/activity/index.ts';
import type { ConsoleDiagnosis } from '../../../app/contract/index.ts';
import { isAuthCode, type Profile } from '../../../app/profiles/index.ts';
import { diagnoseExchange } from '../diagnosis/index.ts';
import { clientAuthKind } from '../tokens/flows/index.ts';
import { clockSkewSeconds } from '../tokens/lifecycle/index.ts';
import { headersRecord } from '../tokens/http/index.ts';
import type { AccessToken } from '../tokens/index.ts';

/**
 * The diagnosis of one console exchange: diagnose() for a FHIR call, told what main knows of the
 * token it attached (its response, when it was obtained) and the server's clock skew.
 *
 * Why: a 401 or 403 from a FHIR server says little ("invalid_token"); the developer needs the
 * likeliest cause, ranked by what was actually sent, right next to the answer. The real token
 * stays in main; every value of it is scrubbed from the words that leave.
 */

/** The part of a failed body the diagnosis reads (an OperationOutcome or OAuth JSON fits easily). */
export const DIAGNOSIS_BODY_BYTES = 64 * 1024;

/** One exchange as main saw it. */
export interface ConsoleExchange {
  profile: Profile;
  /** The request exactly as sent, Authorization header included (main only). */
  request: { method: string; url: string; headers: Record<string, string> };
  /** The profile's token, when one was attached. */
  token?: AccessToken;
  /** Undefined when no answer arrived (refused, reset, timed out). */
  response?: { status: number; headers: HeaderList; body: Buffer; receivedAtMs: number };
  /** Why no answer arrived (the HttpClient's failure, with Node's error code). */
  failure?: { code?: string; message?: string; networkError?: { code: string; message: string } };
  /** Main's clock (epoch ms): the time every expiry check uses. */
  nowMs: number;
}

const flowOf = (p: Profile) => (p.authMethod === 'none' ? undefined : isAuthCode(p.authMethod) ? 'authorization_code' as const : 'backend' as const);

/** Every credential value the request carried: the profile's token and a typed Authorization header's. */
export function secretsOf(x: Pick<ConsoleExchange, 'request' | 'token'>): string[] {
  const out = x.token ? [x.token.accessToken] : [];
  const typed = headersRecord(x.request.headers)['authorization'];
  const credential = typed ? /^\s*\S+\s+(.+)$/.exec(typed)?.[1]?.trim() ?? typed.trim() : undefined;
  if (credential) out.push(credential);
  return out;
}

/** The token response as far as the console knows it (main only: it carries the token). */
function tokenResponseOf(token: AccessToken | undefined, nowMs: number): Record<string, unknown> | undefined {
  if (!token) return undefined;
  const out: Record<string, unknown> = { ...(token.response ?? {}), access_token: token.accessToken, token_type: token.tokenType };
  if (token.scope !== undefined) out['scope'] = token.scope;
  if (token.expiresAt !== undefined) out['expires_in'] = Math.round((token.expiresAt - nowMs) / 1000);
  return out;
}

/**
 * The diagnosis of one console exchange, or undefined when there is nothing to say: a failed
 * answer or a transport failure always gets one; a success only when something is worth saying
 * first (a request check that warns).
 */
export async function diagnoseConsoleExchange(x: ConsoleExchange): Promise<ConsoleDiagnosis | undefined> {
  const { profile, request, token, response: res } = x;
  const tokenResponse = tokenResponseOf(token, x.nowMs);
  const flow = flowOf(profile);
  const d = await diagnoseExchange({
    endpoint: 'fhir', ...(flow ? { flow } : {}), client: { id: profile.clientId, auth: clientAuthKind(profile.authMethod) },
    request: { method: request.method, url: request.url, headers: request.headers },
    ...(res ? { response: { status: res.status, headers: res.headers, bodyText: res.body.subarray(0, DIAGNOSIS_BODY_BYTES).toString('utf8') } } : x.failure ? { failure: x.failure } : {}),
    context: {
      fhirBaseUrl: profile.fhirBaseUrl,
      ...(tokenResponse ? { tokenResponse } : {}),
      // expires_in above is counted from now, so "obtained" is now.
      ...(tokenResponse && token?.expiresAt !== undefined ? { tokenObtainedAt: Math.floor(x.nowMs / 1000) } : {}),
    },
  }, { nowMs: x.nowMs, secrets: secretsOf(x) });
  if (d.outcome === 'ok' && !d.headline) return undefined;
  const skew = res && res.status >= 400 ? clockSkewSeconds(headersRecord(res.headers)['date'], res.receivedAtMs) : undefined;
  return { ...d, ...(skew !== undefined ? { clockSkewSeconds: skew } : {}) };
}

/** The headline of a transport failure's diagnosis as one sentence, for the failure's message. */
export function headlineSentence(d: ConsoleDiagnosis | undefined): string {
  const h = d?.headline;
  if (!h) return '';
  const rest = d.causes.slice(1).filter((f) => f.severity !== 'info');
  return ` Diagnosis: ${h.rule}: ${h.message}.${rest.length ? ` Also wrong in what was sent: ${rest.map((f) => `${f.rule}: ${f.message}`).join('; ')}.` : ''}`;
}
