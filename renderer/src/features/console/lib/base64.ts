/**
 * Base64 to bytes, with the platform's native decoder when it has one.
 *
 * Why: large response bodies reach the renderer as base64 pieces (JSON carries them without
 * escaping); the worker turns them back into bytes and decodes UTF-8 once.
 */
type NativeDecoder = { fromBase64?: (s: string) => Uint8Array };

/** Decodes standard base64. */
export function decodeBase64(b64: string): Uint8Array {
  const native = (Uint8Array as unknown as NativeDecoder).fromBase64;
  if (native) return native(b64);
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Decodes UTF-8 pieces that were cut between characters into one string. */
export function decodeUtf8Pieces(pieces: Uint8Array[]): string {
  const total = pieces.reduce((n, p) => n + p.byteLength, 0);
  const all = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) { all.set(p, at); at += p.byteLength; }
  return new TextDecoder().decode(all);
}
