import { AppFailure } from '../../../app/contract/result.ts';

/**
 * The bodies of the latest console responses, kept in main so the renderer can read a large
 * one in pieces (tree loading, paged raw view) instead of receiving it in one message.
 *
 * Only the newest few are kept, so memory stays bounded however many requests are sent.
 */
export class ResponseBodies {
  private readonly bodies = new Map<string, string>();

  constructor(private readonly keep = 3) {}

  /** Stores a body under an id; the oldest beyond `keep` is dropped. */
  put(id: string, text: string): void {
    this.bodies.set(id, text);
    while (this.bodies.size > this.keep) {
      const oldest = this.bodies.keys().next().value;
      if (oldest === undefined) break;
      this.bodies.delete(oldest);
    }
  }

  /** A slice of a stored body. */
  read(id: string, offset: number, length: number): { text: string; offset: number; total: number } {
    const text = this.bodies.get(id);
    if (text === undefined) throw new AppFailure('NOT_FOUND', 'That response is no longer kept (only the latest few are); send the request again.');
    return { text: text.slice(offset, offset + length), offset, total: text.length };
  }
}
