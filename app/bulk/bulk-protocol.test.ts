import { describe, expect, it } from 'vitest';
import { kickoffUrl, MAX_POLL_MS, MIN_POLL_MS, outputFileName, parseManifest, readProgress, retryAfterMs } from './bulk-protocol.ts';

const NOW = Date.parse('2026-01-02T03:04:05Z');

describe('kickoffUrl', () => {
  it('builds system, Patient and Group kick-offs with _type, _since, _outputFormat and _typeFilter', () => {
    expect(kickoffUrl('https://x/fhir/', { level: 'system' })).toBe('https://x/fhir/$export');
    expect(kickoffUrl('https://x/fhir', { level: 'patient', types: ['Patient', ' Observation '], since: '2024-01-01T00:00:00Z', outputFormat: 'application/fhir+ndjson' }))
      .toBe('https://x/fhir/Patient/$export?_type=Patient,Observation&_since=2024-01-01T00%3A00%3A00Z&_outputFormat=application%2Ffhir%2Bndjson');
    expect(kickoffUrl('https://x/fhir', { level: 'group', groupId: 'a b', typeFilters: ['Observation?code=1', ''] })).toBe('https://x/fhir/Group/a%20b/$export?_typeFilter=Observation%3Fcode%3D1');
    expect(() => kickoffUrl('https://x/fhir', { level: 'group', groupId: ' ' })).toThrow(/needs the Group id/);
  });
});

describe('retryAfterMs and readProgress', () => {
  it('reads seconds and HTTP dates, clamps, and falls back', () => {
    expect(retryAfterMs('1', NOW)).toBe(1000);
    expect(retryAfterMs('2.5', NOW)).toBe(2500);
    expect(retryAfterMs(new Date(NOW + 7000).toUTCString(), NOW)).toBe(7000);
    expect(retryAfterMs('0', NOW)).toBe(MIN_POLL_MS);
    expect(retryAfterMs('86400', NOW)).toBe(MAX_POLL_MS);
    expect(retryAfterMs('soon', NOW, 3000)).toBe(3000);
    expect(retryAfterMs(undefined, NOW)).toBe(2000);
  });

  it('finds a percentage or a fraction in X-Progress, else keeps the text', () => {
    expect(readProgress('in progress (45%)')).toEqual({ text: 'in progress (45%)', percent: 45 });
    expect(readProgress('3 of 12 resource types')).toEqual({ text: '3 of 12 resource types', percent: 25 });
    expect(readProgress('Processing')).toEqual({ text: 'Processing' });
    expect(readProgress('  ')).toBeUndefined();
    expect(readProgress('250%')?.percent).toBe(100);
  });
});

describe('parseManifest and outputFileName', () => {
  it('accepts a manifest with defaults and refuses a wrong one in words', () => {
    const m = parseManifest(JSON.stringify({ transactionTime: 't', request: 'r', requiresAccessToken: true, output: [{ type: 'Patient', url: 'https://x/1', count: 2 }] }));
    expect(m.error).toEqual([]);
    expect(() => parseManifest('<html>')).toThrow(/manifest is not JSON/);
    expect(() => parseManifest('{"transactionTime":"t","request":"r","output":[]}')).toThrow(/requiresAccessToken/);
  });

  it('names files by type and keeps them unique and safe', () => {
    expect(outputFileName('Patient', 0, new Set())).toBe('Patient-1.ndjson');
    expect(outputFileName('Patient', 0, new Set(['Patient-1.ndjson']))).toBe('Patient-2.ndjson');
    expect(outputFileName('../../etc', 2, new Set())).toBe('etc-3.ndjson');
    expect(outputFileName('', 0, new Set())).toBe('file-1.ndjson');
  });
});
