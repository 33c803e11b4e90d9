import { describe, expect, it } from 'vitest';
import { assertionTimingFindings } from './assertion-timing.ts';

describe('assertion timing, as the engine sees it before signing', () => {
  const now = Date.parse('2026-03-01T10:00:00Z');
  const rules = async (lifetime: number, offset: number) => (await assertionTimingFindings(lifetime, offset, now)).map((f) => f.rule).sort();

  it('the default 240 s with no offset breaks nothing; 295 s is on the limit; 3600 s is refused', async () => {
    expect(await rules(240, 0)).toEqual([]);
    expect(await rules(295, 0)).toEqual(['ASSERT-EXP-NO-SKEW-MARGIN']);
    expect(await rules(3600, 0)).toContain('ASSERT-EXP-TOO-FAR');
  });

  it('a clock offset makes it expired or from the future', async () => {
    expect(await rules(240, -600)).toContain('ASSERT-EXP-PAST');
    expect(await rules(240, 600)).toEqual(expect.arrayContaining(['ASSERT-IAT-FUTURE', 'ASSERT-EXP-TOO-FAR']));
    expect(await rules(Number.NaN, 0)).toEqual([]);
  });
});
