import { describe, expect, it } from 'vitest';
import { outcomeFromText, outcomeSentence, readOperationOutcome } from './operation-outcome.ts';

describe('readOperationOutcome', () => {
  it('picks the best text per issue and keeps diagnostics and locations', () => {
    const issues = readOperationOutcome({
      resourceType: 'OperationOutcome',
      issue: [
        { severity: 'error', code: 'invalid', details: { text: 'Bad date' }, diagnostics: 'at position 4', expression: ['Observation.date'] },
        { severity: 'warning', code: 'processing', diagnostics: 'Only diagnostics' },
        { severity: 'information', code: 'informational', details: { coding: [{ code: 'MSG_UPDATED', display: 'Updated' }] }, location: ['/f:x'] },
        {},
      ],
    });
    expect(issues).toEqual([
      { severity: 'error', code: 'invalid', text: 'Bad date', diagnostics: 'at position 4', expression: ['Observation.date'] },
      { severity: 'warning', code: 'processing', text: 'Only diagnostics' },
      { severity: 'information', code: 'informational', text: 'Updated', expression: ['/f:x'] },
      { severity: 'error', code: 'unknown', text: '(no description)' },
    ]);
    expect(outcomeSentence(issues ?? [])).toBe('Bad date [invalid] (and 3 more issues)');
  });

  it('ignores anything that is not an OperationOutcome', () => {
    expect(readOperationOutcome({ resourceType: 'Patient' })).toBeUndefined();
    expect(outcomeFromText('not json')).toBeUndefined();
    expect(outcomeFromText('{"resourceType":"OperationOutcome","issue":[{"severity":"fatal","code":"exception","diagnostics":"boom"}]}')?.[0]?.text).toBe('boom');
    expect(outcomeSentence([])).toBeUndefined();
  });
});
