/**
 * Test fixtures for the assertion, JWKS and token-request tests: fresh key pairs and a signer
 * that writes any header and payload (including broken ones a JWT library would refuse to build).
 *
 * Not used by the engine itself; keys are generated per test run and never committed.
 */

/** A generated key pair with its public JWK (kid set) and the WebCrypto private key. */
export interface TestKey {
  alg: string;
  publicJwk: Record<string, unknown>;
  privateJwk: Record<string, unknown>;
  privateKey: CryptoKey;
}

const enc = new TextEncoder();

/** base64url without padding, for bytes or a UTF-8 string. */
export function b64url(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? enc.encode(data) : data;
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function signParams(alg: string): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  const bits = alg.slice(2);
  if (alg.startsWith('RS')) return { name: 'RSASSA-PKCS1-v1_5' };
  if (alg.startsWith('PS')) return { name: 'RSA-PSS', saltLength: Number(bits) / 8 };
  return { name: 'ECDSA', hash: `SHA-${bits}` };
}

/** Generates an RSA (RS or PS) or EC (ES) key pair; `modulusLength` allows deliberately weak keys. */
export async function makeKey(alg: string, kid: string, modulusLength = 2048): Promise<TestKey> {
  const bits = alg.slice(2);
  const curve = alg === 'ES256' ? 'P-256' : alg === 'ES512' ? 'P-521' : 'P-384';
  const params = alg.startsWith('ES')
    ? { name: 'ECDSA', namedCurve: curve }
    : { name: alg.startsWith('PS') ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent: new Uint8Array([1, 0, 1]), hash: `SHA-${bits}` };
  const pair = (await crypto.subtle.generateKey(params, true, ['sign', 'verify'])) as CryptoKeyPair;
  const pub = (await crypto.subtle.exportKey('jwk', pair.publicKey)) as Record<string, unknown>;
  const priv = (await crypto.subtle.exportKey('jwk', pair.privateKey)) as Record<string, unknown>;
  const strip = (j: Record<string, unknown>) => {
    const { key_ops: _o, ext: _e, alg: _a, ...rest } = j;
    return { ...rest, kid };
  };
  return { alg, publicJwk: strip(pub), privateJwk: strip(priv), privateKey: pair.privateKey };
}

/** Signs arbitrary header/payload JSON with a test key; the header is written exactly as given. */
export async function signJwt(key: TestKey, header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string> {
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const alg = typeof header.alg === 'string' && /^(RS|PS|ES)\d+$/.test(header.alg) ? header.alg : key.alg;
  const sig = new Uint8Array(await crypto.subtle.sign(signParams(alg), key.privateKey, enc.encode(input)));
  return `${input}.${b64url(sig)}`;
}

/** An unsigned compact JWS with the given header/payload and signature segment. */
export function rawJwt(header: unknown, payload: unknown, signature = ''): string {
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.${signature}`;
}

function derInt(bytes: Uint8Array): number[] {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  const v = Array.from(bytes.slice(i));
  if ((v[0] as number) & 0x80) v.unshift(0);
  return [0x02, v.length, ...v];
}

/** Re-encodes a JOSE R‖S ECDSA signature (base64url) as ASN.1 DER, the classic interop mistake. */
export function toDerSignature(jwt: string): string {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const raw = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  const half = raw.length / 2;
  const body = [...derInt(raw.slice(0, half)), ...derInt(raw.slice(half))];
  const der = body.length > 127 ? [0x30, 0x81, body.length, ...body] : [0x30, body.length, ...body];
  return `${h}.${p}.${b64url(new Uint8Array(der))}`;
}
