import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeUtf8Pieces } from './base64.ts';

describe('base64 pieces', () => {
  it('decodes base64 to the exact bytes', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 128, 64]);
    expect([...decodeBase64(bytes.toString('base64'))]).toEqual([...bytes]);
    expect(decodeBase64('')).toHaveLength(0);
  });

  it('joins pieces into the original text, multi-byte characters included', () => {
    const text = '{"note":"Zoë 日本語 🩺"}';
    const bytes = Buffer.from(text);
    const pieces = [bytes.subarray(0, 11), bytes.subarray(11, 20), bytes.subarray(20)].map((b) => decodeBase64(b.toString('base64')));
    expect(decodeUtf8Pieces(pieces)).toBe(text);
  });
});
