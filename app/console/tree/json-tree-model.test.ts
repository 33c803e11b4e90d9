import { describe, expect, it } from 'vitest';
import { JsonTreeModel, MAX_ROW_TEXT, type JsonValue } from './json-tree-model.ts';

const small = { resourceType: 'Patient', id: 'p1', name: [{ family: 'Alvarez', given: ['Ana'] }], active: true, deceased: null, n: 3 };

function bigBundle(entries: number): JsonValue {
  return {
    resourceType: 'Bundle', type: 'searchset', total: entries,
    link: [{ relation: 'self', url: 'http://x/fhir/Observation' }, { relation: 'next', url: 'http://x/fhir/Observation?page=2' }],
    entry: Array.from({ length: entries }, (_, i) => ({
      fullUrl: `http://x/fhir/Observation/o${i}`,
      resource: { resourceType: 'Observation', id: `o${i}`, code: { text: i === 7 ? 'Needle in a haystack' : 'HbA1c' }, subject: { reference: `Patient/p${i % 3}` } },
    })),
  };
}

const view = (m: JsonTreeModel) => m.rows(0, m.rowCount).map((r) => `${'  '.repeat(r.depth)}${r.key ?? '$'} ${r.text}${r.expanded ? ' -' : ''}`);

describe('JsonTreeModel flattening', () => {
  it('opens a small document fully, in document order with depth and kinds', () => {
    const m = new JsonTreeModel(small);
    expect(view(m)).toEqual([
      '$ {6 keys} -', '  resourceType "Patient"', '  id "p1"', '  name [1 item] -', '    0 {2 keys} -', '      family "Alvarez"',
      '      given [1 item] -', '        0 "Ana"', '  active true', '  deceased null', '  n 3',
    ]);
    expect(m.rows(0, 1)[0]).toMatchObject({ kind: 'object', hint: 'Patient/p1', childCount: 6 });
    expect(m.rows(8, 11).map((r) => r.kind)).toEqual(['boolean', 'null', 'number']);
  });

  it('opens a large Bundle two levels deep: links and entries listed, each entry closed with its resource', () => {
    const m = new JsonTreeModel(bigBundle(2000));
    expect(m.rowCount).toBe(1 + 5 + 2 + 2000);
    const entryRow = m.rows(0, m.rowCount).find((r) => r.key === 'entry');
    expect(entryRow).toMatchObject({ expanded: true, text: '[2000 items]' });
    const first = m.rows((entryRow?.index ?? 0) + 1, (entryRow?.index ?? 0) + 2)[0];
    expect(first).toMatchObject({ key: 0, expanded: false, hint: 'Observation/o0', text: '{2 keys}' });
  });

  it('toggles a container open and closed, leaving the rest of the list intact', () => {
    const m = new JsonTreeModel(bigBundle(2000));
    const before = m.rowCount;
    const i = m.rows(0, m.rowCount).findIndex((r) => r.key === 0 && r.depth === 2 && r.hint);
    m.toggle(i);
    expect(m.rowCount).toBe(before + 2);
    expect(m.rows(i + 1, i + 3).map((r) => r.key)).toEqual(['fullUrl', 'resource']);
    m.toggle(i + 2);
    expect(m.rows(i + 3, i + 7).map((r) => r.key)).toEqual(['resourceType', 'id', 'code', 'subject']);
    m.toggle(i);
    expect(m.rowCount).toBe(before);
    m.toggle(i);
    expect(m.rowCount).toBe(before + 2 + 4); // the inner resource stayed open
    m.toggle(1); // a primitive: nothing happens
    expect(m.rowCount).toBe(before + 6);
  });

  it('marks references, fullUrls and link URLs as clickable, and nothing else', () => {
    const m = new JsonTreeModel(bigBundle(1));
    const refs = m.rows(0, m.rowCount).filter((r) => r.reference).map((r) => [r.key, r.reference?.path]);
    expect(refs).toEqual([
      ['url', 'http://x/fhir/Observation'], ['url', 'http://x/fhir/Observation?page=2'],
      ['fullUrl', 'http://x/fhir/Observation/o0'], ['reference', 'Patient/p0'],
    ]);
  });

  it('searches keys and values, opens the way to a match and marks it current', () => {
    const m = new JsonTreeModel(bigBundle(2000));
    expect(m.search('haystack')).toEqual({ count: 1, capped: false });
    const at = m.reveal(0);
    const row = m.rows(at, at + 1)[0];
    expect(row).toMatchObject({ key: 'text', text: '"Needle in a haystack"', current: true });
    expect(m.pathAt(at)).toBe('entry[7].resource.code.text');
    expect(m.search('SUBJECT').count).toBe(2000);
    expect(m.search('o1', 50)).toEqual({ count: 50, capped: true });
    expect(m.search('  ').count).toBe(0);
    expect(m.reveal(0)).toBe(-1);
  });

  it('expands all within a row budget and collapses back to the root', () => {
    const m = new JsonTreeModel(bigBundle(2000));
    expect(m.expandAll(1_000_000)).toBe(true);
    // root, its 5 keys, 2 links of 2 keys, and per entry: itself, fullUrl, resource, 4 resource keys, code.text, subject.reference
    expect(m.rowCount).toBe(1 + 5 + 2 * 3 + 2000 * 9);
    expect(m.expandAll(5000)).toBe(false);
    expect(m.rowCount).toBeLessThanOrEqual(5000 + 10);
    m.collapseAll();
    expect(view(m).slice(0, 2)).toEqual(['$ {5 keys} -', '  resourceType "Bundle"']);
    expect(m.rowCount).toBe(6);
  });

  it('cuts very long strings in rows but keeps the full value for copying', () => {
    const long = 'x'.repeat(5000);
    const m = new JsonTreeModel({ note: long });
    expect(m.rows(1, 2)[0]?.text).toHaveLength(MAX_ROW_TEXT + 1);
    expect(m.valueAt(1)).toBe(long);
    expect(new JsonTreeModel(42).rows(0, 1)[0]).toMatchObject({ kind: 'number', text: '42', depth: 0 });
  });
});
