import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../app/conformance/types.ts';
import { countFindings, inlineParts, summariseFindings } from './findings-text.ts';

const f = (rule: string, severity: Finding['severity']): Finding => ({ rule, severity, message: rule });

describe('countFindings', () => {
  it('counts and summarises', () => {
    const list = [f('A', 'error'), f('B', 'warning'), f('C', 'warning'), f('D', 'info')];
    expect(countFindings(list)).toEqual({ error: 1, warning: 2, info: 1 });
    expect(summariseFindings(list)).toBe('1 error, 2 warnings, 1 note');
    expect(summariseFindings([])).toBe('No problems found');
  });
});

describe('inlineParts', () => {
  it('splits code, strong and emphasis and leaves a lone asterisk alone', () => {
    expect(inlineParts('HS* signs with `client_secret_jwt`; your *public key* and the **private key**.')).toEqual([
      { kind: 'text', text: 'HS* signs with ' },
      { kind: 'code', text: 'client_secret_jwt' },
      { kind: 'text', text: '; your ' },
      { kind: 'em', text: 'public key' },
      { kind: 'text', text: ' and the ' },
      { kind: 'strong', text: 'private key' },
      { kind: 'text', text: '.' },
    ]);
    expect(inlineParts('plain')).toEqual([{ kind: 'text', text: 'plain' }]);
  });
});
