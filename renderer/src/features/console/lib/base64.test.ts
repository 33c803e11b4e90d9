import { describe, expect, it } from 'vitest';
import { decodeBase64 } from './base64.ts';

describe('base64 pieces', () => {
  it('decodes base64 to the exact bytes', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 255, 128, 64]);
    expect([...decodeBase64(bytes.toString('base64'))]).toEqual([...bytes]);
    expect(decodeBase64('')).toHaveLength(0);
  });
});
