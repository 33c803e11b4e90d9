import { describe, expect, it } from 'vitest';
import { newJti } from '../flows/assertion.ts';
import { JTI_WINDOW_MS, JtiLog, JTIS_KEPT } from './jti-log.ts';

const T0 = Date.parse('2026-03-01T10:00:00Z');

describe('JtiLog', () => {
  it('lists the jti values used before, per profile, without the one being checked', () => {
    const log = new JtiLog();
    log.add('p1', 'a', T0);
    log.add('p1', 'b', T0 + 1000);
    log.add('p2', 'z', T0 + 1000);
    expect(log.previous('p1', 'b', T0 + 2000)).toEqual(['a']);
    expect(log.previous('p1', undefined, T0 + 2000)).toEqual(['a', 'b']);
    expect(log.previous('p3', undefined, T0)).toEqual([]);
  });

  it('a jti sent again meets its earlier use (the reuse control, a replay), and last() names the latest', () => {
    const log = new JtiLog();
    log.add('p1', 'a', T0);
    log.add('p1', 'b', T0 + 1000);
    log.add('p1', 'b', T0 + 2000);
    expect(log.previous('p1', 'b', T0 + 3000)).toEqual(['a', 'b']);
    expect(log.last('p1')).toBe('b');
    expect(log.last('p2')).toBeUndefined();
  });

  it('forgets values older than five minutes, and keeps at most the latest 500', () => {
    const log = new JtiLog();
    log.add('p1', 'old', T0);
    log.add('p1', 'recent', T0 + JTI_WINDOW_MS - 1);
    expect(log.previous('p1', undefined, T0 + JTI_WINDOW_MS)).toEqual(['recent']);
    for (let i = 0; i < JTIS_KEPT + 20; i++) log.add('p1', `j${i}`, T0 + JTI_WINDOW_MS + i);
    const kept = log.previous('p1', undefined, T0 + JTI_WINDOW_MS + JTIS_KEPT + 20);
    expect(kept).toHaveLength(JTIS_KEPT);
    expect(kept[0]).toBe('j20');
    expect(kept.at(-1)).toBe(`j${JTIS_KEPT + 19}`);
  });
});

describe('newJti', () => {
  it('is 32 random bytes in hex, never repeated, also across refills of its random pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const jti = newJti();
      expect(jti).toMatch(/^[0-9a-f]{64}$/);
      seen.add(jti);
    }
    expect(seen.size).toBe(1000);
  });
});
