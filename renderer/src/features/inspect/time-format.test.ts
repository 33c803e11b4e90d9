import { describe, expect, it } from 'vitest';
import { formatDuration, isoOf, lifetime, readTimeClaim } from './time-format.ts';

const NOW = Date.parse('2026-03-01T10:00:00Z');
const NOW_S = NOW / 1000;

describe('formatDuration', () => {
  it('shows the two largest units and drops a trailing zero unit', () => {
    expect(formatDuration(252)).toBe('4 min 12 s');
    expect(formatDuration(12)).toBe('12 s');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(2 * 3600 + 5 * 60 + 9)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86400 + 4 * 3600 + 59)).toBe('3 d 4 h');
    expect(formatDuration(-75)).toBe('1 min 15 s');
    expect(formatDuration(60.9)).toBe('1 min');
  });
});

describe('readTimeClaim', () => {
  it('counts down to expiry and turns red once expired', () => {
    expect(readTimeClaim('exp', NOW_S + 252, NOW)).toEqual({ text: 'expires in 4 min 12 s', tone: 'ok' });
    expect(readTimeClaim('exp', NOW_S + 30, NOW)).toEqual({ text: 'expires in 30 s', tone: 'warn' });
    expect(readTimeClaim('exp', NOW_S - 125, NOW)).toEqual({ text: 'expired 2 min 5 s ago', tone: 'error' });
  });

  it('ticks: the same exp reads one second less a second later', () => {
    expect(readTimeClaim('exp', NOW_S + 252, NOW + 1000).text).toBe('expires in 4 min 11 s');
  });

  it('flags iat and nbf in the future beyond the clock skew', () => {
    expect(readTimeClaim('iat', NOW_S - 60, NOW)).toEqual({ text: 'issued 1 min ago', tone: 'ok' });
    expect(readTimeClaim('iat', NOW_S + 600, NOW).tone).toBe('warn');
    expect(readTimeClaim('nbf', NOW_S + 600, NOW)).toEqual({ text: 'not valid for another 10 min', tone: 'error' });
    expect(readTimeClaim('nbf', NOW_S + 20, NOW).tone).toBe('warn');
    expect(readTimeClaim('nbf', NOW_S - 20, NOW)).toEqual({ text: 'valid since 20 s ago', tone: 'ok' });
    expect(readTimeClaim('auth_time', NOW_S - 7200, NOW).text).toBe('signed in 2 h ago');
  });

  it('reads a lifetime and ISO times', () => {
    expect(lifetime(NOW_S, NOW_S + 300)).toBe('lifetime 5 min');
    expect(lifetime(NOW_S, NOW_S - 1)).toBe('exp is before iat');
    expect(isoOf(NOW_S)).toBe('2026-03-01T10:00:00Z');
    expect(isoOf(Number.NaN)).toBeUndefined();
  });
});
