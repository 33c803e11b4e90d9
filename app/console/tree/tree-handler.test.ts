import { describe, expect, it } from 'vitest';
import { createTreeHandler, summarize } from './tree-handler.ts';

describe('tree handler', () => {
  it('loads a document from pieces, serves rows and toggles', () => {
    const handle = createTreeHandler();
    const text = JSON.stringify({ resourceType: 'Patient', id: 'p', name: [{ family: 'A' }] });
    const loaded = handle({ op: 'load', chunks: [text.slice(0, 10), text.slice(10)] });
    expect(loaded).toMatchObject({ ok: true, rowCount: 6, summary: { resourceType: 'Patient', links: [] } });
    expect(handle({ op: 'rows', start: 0, end: 2 }).map((r) => r.key)).toEqual([null, 'resourceType']);
    expect(handle({ op: 'toggle', index: 3 })).toEqual({ rowCount: 4 });
    expect(handle({ op: 'value', index: 3 })).toEqual({ json: '[\n  {\n    "family": "A"\n  }\n]', path: 'name' });
    expect(handle({ op: 'pretty' }).text).toBe(JSON.stringify(JSON.parse(text), null, 2));
  });

  it('loads UTF-8 pieces cut between characters, appended out of order', () => {
    const handle = createTreeHandler();
    const text = JSON.stringify({ resourceType: 'Patient', name: [{ text: 'Zoë 日本語 🩺' }] });
    const bytes = new TextEncoder().encode(text);
    const cut = bytes.indexOf(0xe6); // the first byte of 日
    handle({ op: 'append', index: 1, bytes: bytes.subarray(cut) });
    handle({ op: 'append', index: 0, bytes: bytes.subarray(0, cut) });
    expect(handle({ op: 'load' })).toMatchObject({ ok: true, summary: { resourceType: 'Patient' } });
    expect(handle({ op: 'value', index: 0 }).json).toContain('Zoë 日本語 🩺');
  });

  it('reports invalid JSON with line and column, and refuses row requests without a document', () => {
    const handle = createTreeHandler();
    expect(handle({ op: 'load', chunks: ['{\n "a": 1,\n oops }'] })).toMatchObject({ ok: false, line: 3, column: 2, message: expect.stringMatching(/^The body is not valid JSON/) });
    expect(() => handle({ op: 'rows', start: 0, end: 1 })).toThrow(/No document/);
  });

  it('summarizes Bundles (links, total, entries) and OperationOutcomes, including outcome entries', () => {
    expect(summarize({ resourceType: 'Bundle', type: 'searchset', total: 9, link: [{ relation: 'next', url: 'http://x/n' }], entry: [{}, {}] }))
      .toEqual({ resourceType: 'Bundle', bundleType: 'searchset', total: 9, entries: 2, links: [{ relation: 'next', url: 'http://x/n' }] });
    expect(summarize({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: 'bad' }] }).outcome)
      .toEqual([{ severity: 'error', code: 'invalid', text: 'bad' }]);
    const withWarning = summarize({ resourceType: 'Bundle', type: 'searchset', entry: [{ search: { mode: 'outcome' }, resource: { resourceType: 'OperationOutcome', issue: [{ severity: 'warning', code: 'processing', diagnostics: 'unknown param ignored' }] } }] });
    expect(withWarning.outcome?.[0]?.text).toBe('unknown param ignored');
    expect(summarize([1, 2])).toEqual({ links: [] });
  });
});
