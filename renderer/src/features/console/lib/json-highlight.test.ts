import { describe, expect, it } from 'vitest';
import { highlightJson } from './json-highlight.ts';

describe('highlightJson', () => {
  it('tells keys from string values and marks numbers, literals and punctuation', () => {
    const tokens = highlightJson('{"a": "x:y", "n": -1.5e3, "ok": true, "z": null}');
    expect(tokens.filter((t) => t.kind !== 'text' && t.kind !== 'punct')).toEqual([
      { kind: 'key', text: '"a"' }, { kind: 'string', text: '"x:y"' }, { kind: 'key', text: '"n"' }, { kind: 'number', text: '-1.5e3' },
      { kind: 'key', text: '"ok"' }, { kind: 'literal', text: 'true' }, { kind: 'key', text: '"z"' }, { kind: 'literal', text: 'null' },
    ]);
  });

  it('covers the text exactly, even when a page is cut mid-string', () => {
    for (const text of ['{"a": "es\\"caped"}', 'ut a string", "b": [1, 2', 'plain <html> text']) {
      expect(highlightJson(text).map((t) => t.text).join('')).toBe(text);
    }
  });
});
