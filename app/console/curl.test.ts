import { describe, expect, it } from 'vitest';
import { toCurl } from './curl.ts';

describe('toCurl', () => {
  it('leaves the token out by default, as a shell variable the user sets', () => {
    const text = toCurl({ method: 'GET', url: 'https://fhir.example.com/r4/Patient?name=O\'Brien', headers: { Accept: 'application/fhir+json', Authorization: 'Bearer real' }, auth: { scheme: 'Bearer' } });
    expect(text).toBe([
      '# Set ACCESS_TOKEN first; the app leaves the token out unless you ask for it.',
      "curl 'https://fhir.example.com/r4/Patient?name=O'\\''Brien' \\",
      "  -H 'Accept: application/fhir+json' \\",
      '  -H "Authorization: Bearer $ACCESS_TOKEN"',
    ].join('\n'));
    expect(text).not.toContain('real');
  });

  it('includes the token and the body when asked', () => {
    const text = toCurl({ method: 'post', url: 'https://x/Patient', headers: {}, body: '{"name":[{"family":"O\'Neil"}]}', auth: { scheme: 'Bearer', token: 'abc.def' } });
    expect(text).toBe("curl -X POST 'https://x/Patient' \\\n  -H 'Authorization: Bearer abc.def' \\\n  --data-binary '{\"name\":[{\"family\":\"O'\\''Neil\"}]}'");
  });
});
