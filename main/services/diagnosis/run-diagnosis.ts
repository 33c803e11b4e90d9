import { diagnose, type Diagnosis } from '../../../app/diagnosis/index.ts';
import { exchangeInput, type ExchangeFacts } from './exchange-input.ts';
import { scrubSecrets } from './scrub-secrets.ts';

/**
 * diagnose() for an exchange main made: the input built with secrets masked, the time of the
 * request as the evaluation time, and every credential value scrubbed from the words that leave
 * main (a check may quote part of a token it looked at).
 */
export async function diagnoseExchange(facts: ExchangeFacts, opts: { nowMs: number; secrets?: readonly string[]; clockSkewSeconds?: number }): Promise<Diagnosis> {
  const d = await diagnose(exchangeInput(facts), { now: Math.floor(opts.nowMs / 1000), ...(opts.clockSkewSeconds !== undefined ? { clockSkewSeconds: opts.clockSkewSeconds } : {}) });
  return scrubDiagnosis(d, opts.secrets ?? []);
}

/** The diagnosis with every secret value removed from messages and explanations (causes[0] stays the headline). */
export function scrubDiagnosis(d: Diagnosis, secrets: readonly string[]): Diagnosis {
  const usable = secrets.filter((s) => s && s.length > 3);
  if (usable.length === 0) return d;
  const scrubbed = new Map(d.findings.map((f) => [f, { ...f, message: scrubSecrets(f.message, usable), ...(f.explanation !== undefined ? { explanation: scrubSecrets(f.explanation, usable) } : {}) }]));
  const one = (f: Diagnosis['findings'][number]) => scrubbed.get(f) ?? { ...f, message: scrubSecrets(f.message, usable) };
  const causes = d.causes.map(one);
  return { outcome: d.outcome, headline: causes[0] ?? (d.headline ? one(d.headline) : null), causes, findings: d.findings.map(one) };
}
