import { describe, expect, it } from 'vitest';
import { formatBytes, formatMs, statusTone, tokenNote } from './format.ts';

describe('console formatters', () => {
  it('formats sizes, durations and status tones', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(52_428_800), formatBytes(1.5 * 1024 ** 3)]).toEqual(['512 B', '1.5 KB', '50.0 MB', '1.5 GB']);
    expect([formatMs(85.4), formatMs(1250)]).toEqual(['85 ms', '1.25 s']);
    expect([200, 302, 404, 503].map(statusTone)).toEqual(['ok', 'info', 'warning', 'error']);
  });

  it('explains how the token was used', () => {
    expect(tokenNote({ kind: 'none', reason: 'No auth.' })).toBe('No auth.');
    expect(tokenNote({ kind: 'attached', tokenType: 'Bearer', renewedAfter401: true, scope: 'system/*.rs', source: 'profile' })).toMatch(/refused \(401\).*Scope: system\/\*\.rs\./);
    expect(tokenNote({ kind: 'attached', tokenType: 'Bearer', renewedAfter401: false, source: 'profile' })).toBe('A Bearer token was sent.');
    expect(tokenNote({ kind: 'attached', tokenType: 'Bearer', renewedAfter401: false, source: 'pasted' })).toMatch(/^The pasted Bearer token was sent/);
  });
});
