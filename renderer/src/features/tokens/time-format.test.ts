import { describe, expect, it } from 'vitest';
import { expiryText, formatDuration, formatMs } from './time-format.ts';

describe('token time words', () => {
  it('formats durations at the right grain', () => {
    expect(formatDuration(42_900)).toBe('42 s');
    expect(formatDuration(252_000)).toBe('4 min 12 s');
    expect(formatDuration(3_720_000)).toBe('1 h 2 min');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('says how long a token has left, warning in its last minute', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(expiryText(now + 300_000, now)).toEqual({ text: 'Expires in 5 min 0 s', tone: 'ok' });
    expect(expiryText(now + 30_000, now)).toEqual({ text: 'Expires in 30 s', tone: 'warning' });
    expect(expiryText(now - 90_000, now)).toEqual({ text: 'Expired 1 min 30 s ago', tone: 'error' });
    expect(expiryText(undefined, now).tone).toBe('info');
  });

  it('formats step timings', () => {
    expect(formatMs(12.4)).toBe('12 ms');
    expect(formatMs(1530)).toBe('1.5 s');
    expect(formatMs(undefined)).toBe('');
  });
});
