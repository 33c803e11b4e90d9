import { useEffect, useState } from 'react';
import { inspectAssertion } from '../../../app/conformance/assertion/index.ts';
import type { Finding } from '../../../app/conformance/index.ts';

/** The time rules an assertion's lifetime and clock offset can break (the registry's, not restated here). */
const TIME_RULES = /^ASSERT-(EXP|IAT|NBF|LIFETIME)/;

const b64url = (o: object) => btoa(JSON.stringify(o)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * What the conformance engine says about an assertion built with this lifetime and clock offset
 * now, before anything is signed: the engine runs on a stand-in assertion with only those times
 * real, and only its time findings are kept.
 */
export async function assertionTimingFindings(lifetimeSeconds: number, clockOffsetSeconds: number, nowMs = Date.now()): Promise<Finding[]> {
  if (!Number.isFinite(lifetimeSeconds) || !Number.isFinite(clockOffsetSeconds)) return [];
  const iat = Math.floor(nowMs / 1000) + clockOffsetSeconds;
  const jwt = `${b64url({ alg: 'RS384', typ: 'JWT', kid: 'k' })}.${b64url({ iss: 'c', sub: 'c', aud: 'https://t', iat, exp: iat + lifetimeSeconds, jti: 'x'.repeat(32) })}.c2ln`;
  const findings = await inspectAssertion({ jwt, flow: 'backend', clientId: 'c', tokenEndpoint: 'https://t' }, { now: Math.floor(nowMs / 1000) });
  return findings.filter((f) => TIME_RULES.test(f.rule));
}

/** `assertionTimingFindings` as a hook: "RULE: message" lines, updated as the numbers change. */
export function useAssertionTiming(lifetimeSeconds: number, clockOffsetSeconds: number): string[] {
  const [lines, setLines] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    void assertionTimingFindings(lifetimeSeconds, clockOffsetSeconds).then((f) => { if (live) setLines(f.map((x) => `${x.rule} (${x.severity}): ${x.message}`)); });
    return () => { live = false; };
  }, [lifetimeSeconds, clockOffsetSeconds]);
  return lines;
}
