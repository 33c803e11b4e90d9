import { createPrivateKey, createPublicKey, sign, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint } from 'jose';
import type { ImportCandidate, ImportPreview } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { MIN_RSA_BITS, algsForKey, defaultAlgFor, isKeyAlg, type KeyKty } from '../../../app/keys/index.ts';
import { publicPart, type BarePublicJwk, type PrivateJwk } from './public-exports.ts';

/**
 * Reads the text a user pasted or loaded as a key: PKCS#8 / PKCS#1 / SEC1 PEM, a private JWK,
 * or a JWKS, and says precisely why anything else cannot be used.
 *
 * Developers paste the wrong thing often (a certificate, a public key, an encrypted PEM), and
 * a message naming what they pasted and what is needed instead saves them a search.
 */

/** A key found in the text; `privateJwk` is set only when it can be imported. */
export interface ParsedCandidate extends ImportCandidate {
  privateJwk?: PrivateJwk;
  publicJwk?: BarePublicJwk;
  declaredUse?: string;
}

/** Everything found in the text. */
export interface ParsedImport { format: ImportPreview['format']; candidates: ParsedCandidate[] }

const invalid = (message: string) => new AppFailure('KEY_INVALID', message);
/** Problems worded "Unsupported…" are NOT_SUPPORTED (valid key, not one the app signs with); others KEY_INVALID. */
export const failureFor = (problem: string | undefined) =>
  new AppFailure(problem?.startsWith('Unsupported') ? 'NOT_SUPPORTED' : 'KEY_INVALID', problem ?? 'The key cannot be used.');
const CURVES: Record<string, string> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'secp256k1' };
const PEM_KINDS: Record<string, string> = { 'PRIVATE KEY': 'PKCS#8', 'RSA PRIVATE KEY': 'PKCS#1 RSA', 'EC PRIVATE KEY': 'SEC1 EC', 'ENCRYPTED PRIVATE KEY': 'encrypted PKCS#8' };
const RSA_PRIVATE = ['n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const;
const WANTED = 'paste a private key: PKCS#8 PEM (-----BEGIN PRIVATE KEY-----), a private JWK, or a JWKS holding one';

/** Parses import text into candidates, throwing KEY_INVALID / NOT_SUPPORTED when nothing in it is usable. */
export async function parseKeyImport(text: string): Promise<ParsedImport> {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) return parseJson(t);
  if (t.includes('-----BEGIN')) return { format: 'pem', candidates: await parsePem(t) };
  throw invalid(`This is neither PEM nor JSON; ${WANTED}.`);
}

async function parsePem(text: string): Promise<ParsedCandidate[]> {
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)];
  if (blocks.length === 0) throw invalid('The PEM block is incomplete: the -----END ...----- line is missing or does not match the BEGIN line.');
  const labels = blocks.map((b) => b[1] as string);
  const keyBlocks = blocks.filter((b) => /PRIVATE KEY$/.test(b[1] as string));
  if (keyBlocks.length === 0) throw whyNoPrivatePem(labels);
  const out: ParsedCandidate[] = [];
  for (const [i, block] of keyBlocks.entries()) {
    const kind = PEM_KINDS[block[1] as string] ?? (block[1] as string).toLowerCase();
    const label = keyBlocks.length > 1 ? `PEM block ${i + 1} (${kind})` : `the PEM block (${kind})`;
    out.push(await pemCandidate(block[0], block[1] as string, block[2] as string, i, label));
  }
  if (!out.some((c) => c.privateJwk) && out.length === 1) throw failureFor(out[0]?.problem);
  return out;
}

function whyNoPrivatePem(labels: string[]): AppFailure {
  const first = labels[0] ?? '';
  if (labels.some((l) => l.includes('CERTIFICATE') && !l.includes('REQUEST'))) {
    return invalid('This is a certificate, which holds only a public key. Paste the private key that belongs to it (-----BEGIN PRIVATE KEY-----).');
  }
  if (labels.some((l) => l.includes('PUBLIC KEY'))) {
    return invalid(`This is a public key (-----BEGIN ${first}-----); signing needs the private key (-----BEGIN PRIVATE KEY-----).`);
  }
  if (labels.some((l) => l.includes('CERTIFICATE REQUEST'))) return invalid('This is a certificate signing request, not a key; paste the private key it was made from.');
  return invalid(`A "${first}" PEM block is not a key this app reads; ${WANTED}.`);
}

async function pemCandidate(pem: string, type: string, body: string, index: number, label: string): Promise<ParsedCandidate> {
  const base: ParsedCandidate = { index, label, algs: [] };
  if (type === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(body)) {
    return { ...base, problem: 'This PEM is encrypted with a passphrase. Decrypt it first, e.g. `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-plain.pem`; the app does not store passphrases.' };
  }
  if (type === 'OPENSSH PRIVATE KEY') return { ...base, problem: 'Unsupported: OpenSSH key format. Convert it with `ssh-keygen -p -m PKCS8 -f <file>` and paste the result.' };
  if (!['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY'].includes(type)) return { ...base, problem: `Unsupported: a "${type}" PEM block; ${WANTED}.` };
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (e) {
    return { ...base, problem: `The PEM block could not be read as a private key (${(e as Error).message}). Is it complete and unmodified?` };
  }
  return fromKeyObject(key, base);
}

async function fromKeyObject(key: KeyObject, base: ParsedCandidate): Promise<ParsedCandidate> {
  const type = key.asymmetricKeyType;
  let kty: KeyKty;
  let crv: string | undefined;
  let bits: number | undefined;
  if (type === 'rsa') {
    kty = 'RSA';
    bits = key.asymmetricKeyDetails?.modulusLength;
    if (bits === undefined || bits < MIN_RSA_BITS) {
      return { ...base, kty, bits, problem: `This RSA key has ${bits ?? 'an unknown number of'} bits; JOSE (RFC 7518 §3.3) requires at least ${MIN_RSA_BITS}, and servers refuse smaller keys. Generate a new key instead.` };
    }
  } else if (type === 'ec') {
    kty = 'EC';
    const named = key.asymmetricKeyDetails?.namedCurve ?? '';
    crv = CURVES[named] ?? named;
    if (crv !== 'P-256' && crv !== 'P-384') return { ...base, kty, crv, problem: `Unsupported curve ${crv || 'unknown'}: this app signs with P-384 (ES384) or P-256 (ES256).` };
  } else if (type === 'rsa-pss') {
    return { ...base, problem: 'Unsupported: an RSA-PSS-restricted key (OID id-RSASSA-PSS). Export it as a plain RSA key (rsaEncryption); PS384 signing still works with that.' };
  } else {
    return { ...base, problem: `Unsupported key type ${type ?? 'unknown'}: this app signs with RSA (RS384, RS256, PS384) or EC P-384/P-256 (ES384, ES256).` };
  }
  const privateJwk = key.export({ format: 'jwk' }) as PrivateJwk;
  const publicJwk = publicPart(privateJwk);
  const algs = algsForKey(kty, crv);
  return { ...base, kty, crv, bits, algs, suggestedAlg: defaultAlgFor(kty, crv), thumbprint: await calculateJwkThumbprint(publicJwk, 'sha256'), privateJwk, publicJwk };
}

function parseJson(text: string): Promise<ParsedImport> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    // The engine's message quotes the text, which may be a private key: report only the position.
    const at = /position (\d+)/.exec((e as Error).message)?.[1];
    throw invalid(`This looks like JSON but is not valid JSON${at ? ` (near character ${at})` : ''}: check for a missing comma, quote or brace.`);
  }
  if (Array.isArray(doc)) throw invalid('This is a JSON array; a JWKS is an object with a "keys" array: {"keys": [ ... ]}.');
  const obj = doc as Record<string, unknown>;
  if ('keys' in obj) return parseJwks(obj.keys);
  if (typeof obj.kty === 'string') return parseSingleJwk(obj);
  throw invalid('This JSON is neither a JWK (no "kty") nor a JWKS (no "keys" array).');
}

async function parseSingleJwk(jwk: Record<string, unknown>): Promise<ParsedImport> {
  const c = await jwkCandidate(jwk, 0, 'the JWK');
  if (!c.privateJwk) throw failureFor(c.problem);
  return { format: 'jwk', candidates: [c] };
}

async function parseJwks(keys: unknown): Promise<ParsedImport> {
  if (!Array.isArray(keys)) throw invalid('The JWKS "keys" member is not an array.');
  if (keys.length === 0) throw invalid('The JWKS has no keys ("keys" is empty).');
  const candidates = await Promise.all(keys.map((k, i) => {
    const kid = k && typeof k === 'object' && typeof (k as Record<string, unknown>).kid === 'string' ? ` (kid ${(k as Record<string, unknown>).kid as string})` : '';
    return jwkCandidate(k, i, `keys[${i}]${kid}`);
  }));
  if (!candidates.some((c) => c.privateJwk)) {
    const anyPrivate = keys.some((k) => k && typeof k === 'object' && 'd' in k);
    if (!anyPrivate) throw invalid(`The JWKS holds only public keys (no "d" member in any of its ${keys.length} key(s)); signing needs a private key.`);
    const first = candidates.find((c) => c.problem);
    if (candidates.length === 1 && first?.problem) throw failureFor(first.problem);
  }
  return { format: 'jwks', candidates };
}

async function jwkCandidate(value: unknown, index: number, label: string): Promise<ParsedCandidate> {
  const base: ParsedCandidate = { index, label, algs: [] };
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ...base, problem: `${label} is not a JSON object.` };
  const jwk = value as Record<string, unknown>;
  const kid = typeof jwk.kid === 'string' && jwk.kid.trim() ? jwk.kid.trim() : undefined;
  const declaredAlg = typeof jwk.alg === 'string' ? jwk.alg : undefined;
  const declaredUse = typeof jwk.use === 'string' ? jwk.use : undefined;
  const withMeta: ParsedCandidate = { ...base, kid, declaredAlg, declaredUse, kty: typeof jwk.kty === 'string' ? jwk.kty : undefined, crv: typeof jwk.crv === 'string' ? jwk.crv : undefined };
  const problem = jwkProblem(jwk, label);
  if (problem) return { ...withMeta, problem };
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
  } catch (e) {
    return { ...withMeta, problem: `${label} could not be read as a private key (${(e as Error).message}).` };
  }
  const read = await fromKeyObject(key, withMeta);
  if (!read.privateJwk) return read;
  if (!publicMatchesPrivate(key, read.publicJwk!)) {
    const members = read.kty === 'RSA' ? 'n, e' : 'x, y';
    return { ...read, privateJwk: undefined, publicJwk: undefined, problem: `${label}: its public members (${members}) do not belong to its private key; the JWK was assembled from two different keys.` };
  }
  const suggestedAlg = isKeyAlg(declaredAlg) && read.algs.includes(declaredAlg) ? declaredAlg : read.suggestedAlg;
  return { ...read, suggestedAlg };
}

/** Checks members before handing the JWK to the crypto library, so errors name the member. */
function jwkProblem(jwk: Record<string, unknown>, label: string): string | undefined {
  const kty = jwk.kty;
  if (typeof kty !== 'string') return `${label} has no "kty" member.`;
  if (kty === 'oct') return `Unsupported: ${label} is a symmetric (oct) key; private_key_jwt needs an asymmetric RSA or EC key.`;
  if (kty === 'OKP') return `Unsupported: ${label} is an OKP (${String(jwk.crv ?? 'Ed25519')}) key; this app signs with RSA or EC P-384/P-256, which SMART requires.`;
  if (kty !== 'RSA' && kty !== 'EC') return `Unsupported: ${label} has kty "${kty}"; only RSA and EC keys are supported.`;
  if (kty === 'EC' && jwk.crv !== 'P-256' && jwk.crv !== 'P-384') return `Unsupported curve ${String(jwk.crv ?? '(none)')} in ${label}: this app signs with P-384 (ES384) or P-256 (ES256).`;
  if (!('d' in jwk)) return `${label} is a public key (it has no "d" member); signing needs the private key.`;
  if (jwk.use === 'enc') return `${label} is marked "use": "enc" (encryption); a client assertion needs a signing key.`;
  if (kty === 'RSA') {
    if ('oth' in jwk) return `Unsupported: ${label} is a multi-prime RSA key ("oth"); use a two-prime key.`;
    const missing = RSA_PRIVATE.filter((m) => typeof jwk[m] !== 'string' || jwk[m] === '');
    if (missing.length) return `${label} lacks ${missing.join(', ')}; an RSA private JWK needs all of ${RSA_PRIVATE.join(', ')}.`;
  } else {
    const missing = (['x', 'y', 'd'] as const).filter((m) => typeof jwk[m] !== 'string' || jwk[m] === '');
    if (missing.length) return `${label} lacks ${missing.join(', ')}; an EC private JWK needs crv, x, y and d.`;
  }
  return undefined;
}

/** Signs a probe with the private key and verifies it with the stated public members: the only test that catches a spliced JWK. */
function publicMatchesPrivate(privateKey: KeyObject, pub: BarePublicJwk): boolean {
  try {
    const probe = Buffer.from('fhir-auth-explorer key pair check');
    const signature = sign('sha256', probe, privateKey);
    return verify('sha256', probe, createPublicKey({ key: pub as JsonWebKey, format: 'jwk' }), signature);
  } catch {
    return false;
  }
}
