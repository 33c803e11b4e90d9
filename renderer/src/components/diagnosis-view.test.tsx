import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../app/conformance/types.ts';
import { DiagnosisView } from './diagnosis-view.tsx';

/**
 * The one view of a diagnosis every area uses: it shows main's headline first and picks nothing.
 * (main's renderer picked "the first non-info ERR-* finding", so a warning about the status code
 * took the lead from the server's own error code, an info.)
 */
const scope: Finding = { rule: 'ERR-INVALID-SCOPE', severity: 'info', message: 'token endpoint answered error "invalid_scope" (HTTP 401)', explanation: 'The scope asked for is not one the server grants this client.' };
const status: Finding = { rule: 'ERR-STATUS-MISMATCH', severity: 'warning', message: 'error "invalid_scope" should be HTTP 400' };
const wild: Finding = { rule: 'SCOPE-WILDCARD-BROAD', severity: 'info', message: 'system/*.rs asks for every resource type' };
const aud: Finding = { rule: 'ASSERT-AUD', severity: 'error', message: 'the assertion\'s aud is not the token endpoint' };

describe('DiagnosisView', () => {
  it('leads with the headline as given, whatever the severities of the other findings', () => {
    const html = renderToStaticMarkup(<DiagnosisView diagnosis={{ outcome: 'failed', headline: scope, causes: [scope], findings: [scope, status, wild] }} />);
    expect(html).toMatch(/Diagnosis <code[^>]*data-testid="diagnosis-rule"[^>]*>ERR-INVALID-SCOPE<\/code>/);
    expect(html.indexOf('The scope asked for')).toBeLessThan(html.indexOf('ERR-STATUS-MISMATCH'));
    expect(html).not.toContain('Other possible causes');
    expect(html).toContain('All findings');
  });

  it('lists the other causes in main\'s order, and each finding once', () => {
    const invalid: Finding = { rule: 'ERR-INVALID-CLIENT', severity: 'info', message: 'invalid_client' };
    const html = renderToStaticMarkup(<DiagnosisView diagnosis={{ outcome: 'failed', headline: aud, causes: [aud, invalid], findings: [aud, invalid, status] }} showFindings={false} />);
    expect(html).toMatch(/>ASSERT-AUD</);
    expect(html).toContain('Other possible causes, in order');
    expect(html.match(/data-rule="ERR-INVALID-CLIENT"/g)).toHaveLength(1);
    expect(html).not.toContain('ERR-STATUS-MISMATCH');
  });

  it('says when nothing is worth reporting on a success', () => {
    expect(renderToStaticMarkup(<DiagnosisView diagnosis={{ outcome: 'ok', headline: null, causes: [], findings: [] }} />)).toContain('the exchange looks right');
  });
});
