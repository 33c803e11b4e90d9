/** True for a UTF-8 continuation byte (10xxxxxx). */
const continuation = (b: number | undefined) => b !== undefined && (b & 0xc0) === 0x80;

/** How many bytes a sequence starting with `lead` has (1 for ASCII and for bytes that cannot start one). */
const sequenceLength = (lead: number) => (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1);

/**
 * How many bytes at the end of `bytes` are a character still missing bytes: they wait for the
 * next piece. Cutting just before a byte that is not a continuation byte never changes what a
 * decoder makes of the bytes, so the rest can be decoded now.
 */
function unfinishedTail(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(4, bytes.length); back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if (!continuation(b)) return back < sequenceLength(b) ? back : 0;
  }
  return 0; // four continuation bytes: no character is left open
}

/**
 * A UTF-8 body decoded piece by piece while it arrives, characters cut between pieces included.
 *
 * Why: main's tree thread decodes a large JSON body while it downloads, so once the last byte is
 * in only joining the parts and JSON.parse are left. The text equals one decode of all the
 * bytes (same replacement of invalid bytes, a leading byte order mark dropped). Each piece is
 * decoded whole, without TextDecoder's `stream` option: that option leaves Node's fast UTF-8
 * path and takes about twice the time, and here the decoding competes with the download for
 * the processor.
 */
export class StreamedText {
  private readonly first = new TextDecoder();
  private readonly rest = new TextDecoder('utf-8', { ignoreBOM: true });
  private started = false;
  private carry: Uint8Array = new Uint8Array(0);
  private readonly parts: string[] = [];

  /** Decodes the next piece; an unfinished character at its end waits for the following piece. */
  add(piece: Uint8Array): void {
    if (piece.byteLength === 0) return;
    let bytes = piece;
    if (this.carry.byteLength) {
      bytes = new Uint8Array(this.carry.byteLength + piece.byteLength);
      bytes.set(this.carry);
      bytes.set(piece, this.carry.byteLength);
    }
    const ready = bytes.byteLength - unfinishedTail(bytes);
    this.carry = bytes.slice(ready);
    if (ready > 0) this.decode(bytes.subarray(0, ready));
  }

  /** Ends the body (a character left unfinished becomes U+FFFD) and returns its whole text; the parts are let go. */
  finish(): string {
    if (this.carry.byteLength) this.decode(this.carry);
    this.carry = new Uint8Array(0);
    const text = this.parts.join('');
    this.parts.length = 0;
    return text;
  }

  private decode(bytes: Uint8Array): void {
    const text = (this.started ? this.rest : this.first).decode(bytes); // only the body's start may lose a byte order mark
    this.started = true;
    if (text) this.parts.push(text);
  }
}
