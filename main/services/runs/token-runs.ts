import type { TokenRun } from '../../../app/contract/index.ts';
import type { RunToKeep } from './run-history.ts';

/**
 * A finished token run as the run history keeps it. The run is already what the renderer sees:
 * request and response bodies redacted, raw tokens absent (TokenSummary carries claims, with
 * those named like secrets masked), so it is stored as is.
 */
export function tokenRunToKeep(run: TokenRun): RunToKeep | undefined {
  if (run.status !== 'succeeded' && run.status !== 'failed' && run.status !== 'cancelled') return undefined;
  const url = [...run.steps].reverse().find((s) => s.kind === 'token' && s.request)?.request?.url;
  const headline = run.diagnosis?.headline;
  return {
    kind: 'token', id: run.id, profileId: run.profileId, startedAt: run.startedAt, outcome: run.status,
    title: `${run.flow.replaceAll('_', ' ')} (${run.clientAuth})${url ? ` at ${url}` : ''}`,
    ...(run.finishedAt ? { finishedAt: run.finishedAt } : {}),
    ...(headline ? { headline: { rule: headline.rule, severity: headline.severity, message: headline.message } } : {}),
    run,
  };
}
