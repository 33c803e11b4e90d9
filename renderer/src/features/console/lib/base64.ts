/**
 * Base64 to bytes, with the platform's native decoder when it has one.
 *
 * Why: pages of large response bodies reach the renderer as base64 (JSON carries them
 * without escaping every quote); the raw view turns them back into bytes and decodes UTF-8.
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
