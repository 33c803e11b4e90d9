import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { shellQuote, toCurl } from '../../../app/console/curl.ts';

/** Copy-as-curl through a real POSIX shell: what the user pastes is what the app meant. */
describe('curl text in a real shell', () => {
  it('quotes so sh reads back the exact value, however hostile', () => {
    const nasty = `it's $(rm -rf /) "quoted" \\ \`tick\` ;|&`;
    expect(execFileSync('sh', ['-c', `printf %s ${shellQuote(nasty)}`]).toString()).toBe(nasty);
  });

  it('parses into exactly the intended arguments, with $ACCESS_TOKEN expanded by the shell', () => {
    const text = toCurl({ method: 'PUT', url: "https://x/Patient/1?a=b&c='d'", headers: { 'X-Note': 'semi;colon $HOME' }, body: '{"a":"it\'s"}', auth: { scheme: 'Bearer' } });
    const script = `${text.replace(/^curl /m, 'printf "%s\\n" ')}`;
    const out = execFileSync('sh', ['-c', script], { env: { ACCESS_TOKEN: 'tok123', PATH: process.env.PATH ?? '' } }).toString().split('\n');
    expect(out.slice(0, -1)).toEqual(['-X', 'PUT', "https://x/Patient/1?a=b&c='d'", '-H', 'X-Note: semi;colon $HOME', '-H', 'Authorization: Bearer tok123', '--data-binary', '{"a":"it\'s"}']);
  });
});
