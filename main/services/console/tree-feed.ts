import { INLINE_BODY_BYTES, MAX_TREE_BYTES } from '../../../app/console/limits.ts';
import { looksLikeJson } from '../../../app/console/request.ts';
import type { ToTreeThread } from './tree-thread-state.ts';

/** Pieces go to the thread in copies of about this size (fewer messages than network chunks). */
const PIECE_BYTES = 256 * 1024;

/** The message that ends a feed. */
export type FinishFeed = Extract<ToTreeThread, { kind: 'finish' }>;

/** Posts a message to the tree thread; false when that thread is gone. */
export type PostToTree = (message: ToTreeThread, transfer: ArrayBuffer[]) => boolean;

/**
 * Whether a response's headers allow its body to become a tree in main: JSON by its
 * Content-Type (or, without one, possibly by its first bytes) and, when a Content-Length is
 * declared, over the inline size and within the tree limit.
 *
 * Why: only such bodies are worth sending to the tree thread while they download; the
 * service still decides at the end, on the whole body, exactly as before.
 */
export function mayBecomeTree(contentType: string | undefined, contentLength: string | undefined): boolean {
  if (contentType && !looksLikeJson(contentType, '')) return false;
  if (contentLength === undefined || !/^\d+$/.test(contentLength.trim())) return true;
  const declared = Number(contentLength);
  return declared > INLINE_BODY_BYTES && declared <= MAX_TREE_BYTES;
}

/**
 * One response body on its way to the tree thread while it downloads: its chunks are copied
 * into pieces and posted as they arrive (main keeps its own bytes for the raw view), so the
 * thread decodes during the download and only parses once the body is complete.
 *
 * Why a copy: network chunks stay in main's list for the whole body; a copy can be transferred
 * without detaching them. Nothing is posted until the body is larger than an inline answer
 * (those never become trees in main), nor once it passes the tree limit or, without a
 * Content-Type, its first bytes do not look like JSON: then the feed stops and the thread drops
 * what it collected.
 */
export class TreeFeed {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private received = 0;
  private posted = false;
  private state: 'open' | 'dropped' | 'finished' = 'open';

  constructor(
    private readonly stream: number,
    private readonly post: PostToTree,
    /** Without a Content-Type: decide on the body's first bytes. */
    private readonly sniff: boolean,
  ) {}

  /** Takes the next network chunk (not copied now; it must not change afterwards). */
  push(chunk: Uint8Array): void {
    if (this.state !== 'open' || chunk.byteLength === 0) return;
    this.received += chunk.byteLength;
    if (this.received > MAX_TREE_BYTES) return this.drop();
    this.pending.push(chunk);
    this.pendingBytes += chunk.byteLength;
    if (this.received > INLINE_BODY_BYTES && this.pendingBytes >= PIECE_BYTES) this.send();
  }

  /**
   * Ends the feed with a `finish` for `responseId` (the caller waits for its answer) when every
   * one of `size` bytes went this way; otherwise drops it and returns undefined (then the
   * caller sends the whole body).
   */
  finish(id: number, responseId: string, size: number): FinishFeed | undefined {
    if (this.state !== 'open' || size !== this.received) {
      this.drop();
      return undefined;
    }
    this.state = 'finished';
    return { kind: 'finish', id, stream: this.stream, responseId, bytes: this.take() };
  }

  /** Stops the feed; the thread forgets what it collected. Safe to call more than once. */
  drop(): void {
    if (this.state !== 'open') return;
    this.state = 'dropped';
    this.pending = [];
    this.pendingBytes = 0;
    if (this.posted) this.post({ kind: 'drop-feed', stream: this.stream }, []);
  }

  private send(): void {
    if (this.sniff && !this.posted && !looksLikeJson(undefined, this.head())) return this.drop();
    const piece = this.take();
    this.posted = true;
    if (!this.post({ kind: 'feed', stream: this.stream, bytes: piece }, [piece.buffer as ArrayBuffer])) this.drop();
  }

  /** The body's first 64 bytes as text (what the service tests too); only before the first piece is posted. */
  private head(): string {
    const bytes: number[] = [];
    for (const c of this.pending) {
      for (let i = 0; i < c.byteLength && bytes.length < 64; i++) bytes.push(c[i] ?? 0);
      if (bytes.length >= 64) break;
    }
    return Buffer.from(bytes).toString('utf8');
  }

  /** The pending chunks as one fresh copy. */
  private take(): Uint8Array {
    const piece = new Uint8Array(this.pendingBytes);
    let at = 0;
    for (const c of this.pending) {
      piece.set(c, at);
      at += c.byteLength;
    }
    this.pending = [];
    this.pendingBytes = 0;
    return piece;
  }
}
