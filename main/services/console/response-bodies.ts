import type { BodyPiece } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';

/** True for a UTF-8 continuation byte (10xxxxxx). */
const continuation = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/** Moves a byte position back to the start of the character it falls in. */
export function charBoundary(bytes: Uint8Array, pos: number): number {
  if (pos >= bytes.length) return bytes.length;
  let p = Math.max(0, pos);
  while (p > 0 && continuation(bytes[p])) p--;
  return p;
}

/**
 * The bodies of the latest console responses, kept in main as bytes so the renderer can read a
 * large one in pieces (tree loading, paged raw view) instead of receiving it in one message.
 *
 * Only the newest few are kept, so memory stays bounded however many requests are sent.
 */
export class ResponseBodies {
  private readonly bodies = new Map<string, Buffer>();

  constructor(private readonly keep = 3) {}

  /** Stores a body under an id; the oldest beyond `keep` is dropped. */
  put(id: string, bytes: Buffer): void {
    this.bodies.set(id, bytes);
    while (this.bodies.size > this.keep) {
      const oldest = this.bodies.keys().next().value;
      if (oldest === undefined) break;
      this.bodies.delete(oldest);
    }
  }

  /** Bytes [offset, offset + length) of a stored body, both ends moved back to character boundaries. */
  read(id: string, offset: number, length: number): BodyPiece {
    const bytes = this.bodies.get(id);
    if (!bytes) throw new AppFailure('NOT_FOUND', 'That response is no longer kept (only the latest few are); send the request again.');
    const start = charBoundary(bytes, offset);
    let end = charBoundary(bytes, offset + length);
    if (end <= start && start < bytes.length) {
      end = start + 1; // a piece smaller than one character still carries that character
      while (end < bytes.length && continuation(bytes[end])) end++;
    }
    return { base64: bytes.subarray(start, end).toString('base64'), offset: start, end, total: bytes.length };
  }
}
