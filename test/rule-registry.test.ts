import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../app/conformance/index.ts';

/**
 * The registry (app/conformance/rules.generated.ts) holds the rules diagnosis adds exactly as
 * app/diagnosis/rules.md writes them: same numbers, severities and explanations, after
 * conformance.md's 190. Editing rules.md without running `node scripts/generate-rules.mjs`
 * fails here. That each rule fires is shown in app/diagnosis/diagnose.test.ts.
 */
const source = readFileSync(resolve(import.meta.dirname, '../app/diagnosis/rules.md'), 'utf8');

function rulesOf(text: string): { n: number; id: string; severity: string; explain: string }[] {
  const out: { n: number; id: string; severity: string; explain: string }[] = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const m = /^### (\d+)\. ([A-Z0-9-]+) · (error|warning|info)/.exec(line);
    if (!m) return;
    const explain = lines.slice(i + 1).find((l, j, rest) => l.startsWith('- **Explain:**') && !rest.slice(0, j).some((x) => x.startsWith('### ')));
    out.push({ n: Number(m[1]), id: m[2]!, severity: m[3]!, explain: (explain ?? '').replace('- **Explain:**', '').trim() });
  });
  return out;
}

describe('rule registry: the rules diagnosis adds', () => {
  const added = rulesOf(source);

  it('rules.md lists them, numbered after conformance.md\'s 190', () => {
    expect(added.length).toBeGreaterThanOrEqual(14);
    added.forEach((r, i) => expect(r.n).toBe(191 + i));
  });

  it('each is in the generated registry with the same number, severity and explanation', () => {
    for (const r of added) {
      const entry = (RULES as Record<string, { n: number; severity: string; explanation: string }>)[r.id];
      expect(entry, r.id).toBeDefined();
      expect(entry).toMatchObject({ n: r.n, severity: r.severity, explanation: r.explain });
      expect(r.explain.length, `${r.id} has an explanation`).toBeGreaterThan(40);
    }
    expect(Object.keys(RULES)).toHaveLength(190 + added.length);
  });
});
