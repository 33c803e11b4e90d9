import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose, type ExchangeInput } from '../../app/diagnosis/index.ts';
import { makeKit, NOW, RECORDED_ANSWERS, type FixtureKit } from './recorded/index.ts';

/**
 * Recorded answers of real servers (SMART's bulk-data-server and launcher, Keycloak, Medplum,
 * HAPI FHIR, Epic, Oracle Health, athenahealth), each naming its source: every one diagnosed with
 * the right headline.
 */

let kit: FixtureKit;
const built = new Map<string, ExchangeInput>();

beforeAll(async () => {
  kit = await makeKit();
  for (const a of RECORDED_ANSWERS) built.set(a.name + a.server, await a.build(kit));
});

describe('recorded answers of real servers', () => {
  it('has at least 40, each naming its source', () => {
    expect(RECORDED_ANSWERS.length).toBeGreaterThanOrEqual(40);
    for (const a of RECORDED_ANSWERS) expect(a.source.length, a.name).toBeGreaterThan(10);
    expect(new Set(RECORDED_ANSWERS.map((a) => a.name + a.server)).size).toBe(RECORDED_ANSWERS.length);
  });

  it.each(RECORDED_ANSWERS.map((a) => [`${a.server}: ${a.name}`, a] as const))('%s', async (_label, a) => {
    const d = await diagnose(built.get(a.name + a.server) as ExchangeInput, { now: NOW });
    expect(d.outcome).toBe('failed');
    expect(d.headline).toBe(d.causes[0]);
    expect(`${d.headline?.rule}: ${d.headline?.message}`).toMatch(new RegExp(`^${a.expected}:`));
  });
});
