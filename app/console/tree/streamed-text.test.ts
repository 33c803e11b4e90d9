import { describe, expect, it } from 'vitest';
import { StreamedText } from './streamed-text.ts';

/** Decodes `bytes` cut at `cuts`, as pieces arriving over the network would be. */
function inPieces(bytes: Uint8Array, cuts: number[]): string {
  const text = new StreamedText();
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    text.add(bytes.subarray(from, cut));
    from = cut;
  }
  return text.finish();
}

const whole = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('StreamedText', () => {
  it('gives the same text as one decode wherever the pieces cut, inside 2-, 3- and 4-byte characters too', () => {
    const bytes = new TextEncoder().encode(JSON.stringify({ note: 'Zoë 日本語 🩺 end' }));
    for (let a = 0; a <= bytes.length; a++) {
      expect(inPieces(bytes, [a])).toBe(whole(bytes));
      for (let b = a; b <= Math.min(bytes.length, a + 4); b++) expect(inPieces(bytes, [a, b])).toBe(whole(bytes));
    }
    expect(inPieces(bytes, Array.from({ length: bytes.length }, (_, i) => i))).toBe(whole(bytes)); // one byte at a time
  });

  it('drops only a leading byte order mark, and replaces invalid or unfinished bytes as one decode does', () => {
    const bom = [0xef, 0xbb, 0xbf];
    const bytes = new Uint8Array([...bom, 0x7b, 0x7d, ...bom, 0xff, 0x41, 0xe6, 0x97]); // BOM {} BOM, a stray byte, 'A', half a 日
    for (let a = 0; a <= bytes.length; a++) expect(inPieces(bytes, [a])).toBe(whole(bytes));
    expect(whole(bytes)).toBe('{}\uFEFF\uFFFDA\uFFFD');
  });

  it('matches one decode for random bytes, valid or not, cut at random places', () => {
    let seed = 42;
    const random = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const interesting = [0x41, 0x7b, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0xf5, 0xff];
    for (let round = 0; round < 2000; round++) {
      const bytes = Uint8Array.from({ length: 1 + Math.floor(random() * 24) }, () => interesting[Math.floor(random() * interesting.length)] ?? 0);
      const cuts = Array.from({ length: Math.floor(random() * 5) }, () => Math.floor(random() * (bytes.length + 1))).sort((a, b) => a - b);
      expect(inPieces(bytes, cuts)).toBe(whole(bytes));
    }
  });

  it('returns nothing for an empty body', () => {
    expect(new StreamedText().finish()).toBe('');
  });
});
