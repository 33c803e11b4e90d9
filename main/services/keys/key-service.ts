import { randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, CompactSign, exportJWK, generateKeyPair, importJWK, type CompactJWSHeaderParameters } from 'jose';
import type { ImportPreview, KeyDetails, KeySummary, PrivateKeyState, PublicJwks } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import { algMismatch, isKeyAlg, ktyOfAlg, type KeyAlg, type RsaSize } from '../../../app/keys/index.ts';
import type { Clock, EventSink, SecretCipher } from '../../ports.ts';
import type { LoadOutcome, FsPort } from '../../stores/index.ts';
import { openKeyFile, type KeyRecord } from './key-store.ts';
import { failureFor, parseKeyImport, type ParsedCandidate } from './parse-key-text.ts';
import { publicPart, toDetails, toPublicJwk, type PrivateJwk } from './public-exports.ts';

/** Dependencies of the key service. */
export interface KeyServiceDeps {
  dataDir: string;
  clock: Clock;
  cipher: SecretCipher;
  events: EventSink;
  fs?: FsPort;
  /** Tells the user about a key whose private half cannot be decrypted (once per key). */
  onProblem?: (message: string) => void;
}

/** What the token service passes to `signJwt`: the JWS header fields and the claims. */
export interface SignJwtInput {
  /** Extra or overriding header fields; `alg` overrides the key's alg, `kid` the key's kid. */
  header?: Record<string, unknown> & { alg?: string; kid?: string; typ?: string };
  payload: Record<string, unknown>;
}

/** Options of `generate` (the parsed `keys:generate` input). */
export interface GenerateKeyOptions { alg: KeyAlg; modulusLength?: RsaSize; kid?: string; name?: string }
/** Options of `importKey` (the parsed `keys:import` input). */
export interface ImportKeyOptions { text: string; index?: number; alg?: KeyAlg; kid?: string; name?: string }
/** Options of `update` (the parsed `keys:update` input). */
export interface UpdateKeyOptions { id: string; kid?: string; name?: string; alg?: KeyAlg }

type Check = { state: PrivateKeyState; problem?: string };

/**
 * Signing keys: generate, import, rename, delete, export public halves, and sign JWTs.
 *
 * The private JWK is sealed whole by the injected SecretCipher before it touches disk, and is
 * decrypted only inside `signJwt`; nothing this service returns to the contract carries it.
 */
export class KeyService {
  private readonly file;
  private records: KeyRecord[] = [];
  private ready: Promise<LoadOutcome> | undefined;
  private loaded = false;
  private readonly checks = new Map<string, Check>();
  private readonly reported = new Set<string>();
  private readonly signingKeys = new Map<string, { sealed: string; key: Awaited<ReturnType<typeof importJWK>> }>();

  constructor(private readonly deps: KeyServiceDeps) {
    this.file = openKeyFile(deps.dataDir, deps.fs);
  }

  /** Loads keys.json once; the outcome tells the caller whether it had to recover. */
  init(): Promise<LoadOutcome> {
    this.ready ??= this.file.load().then(({ data, outcome }) => {
      this.records = data;
      this.loaded = true;
      return outcome;
    });
    return this.ready;
  }

  /** Every key, by name, each with whether its private half can be decrypted. */
  async list(): Promise<KeySummary[]> {
    await this.init();
    const out = await Promise.all(this.records.map((r) => this.summary(r)));
    return out.sort((a, b) => a.name.localeCompare(b.name) || a.createdAt.localeCompare(b.createdAt));
  }

  /** One key's summary (main-internal for the token service too). */
  async getKeySummary(keyId: string): Promise<KeySummary> {
    return this.summary(await this.record(keyId));
  }

  /** One key with its public JWK, JWKS and PEM exports. */
  async get(keyId: string): Promise<KeyDetails> {
    const r = await this.record(keyId);
    return toDetails(await this.summary(r), r.publicJwk);
  }

  /** Generates a key pair with jose: RSA (2048 bits unless chosen) or EC on the alg's curve. */
  async generate(input: GenerateKeyOptions): Promise<KeySummary> {
    await this.init();
    const rsa = ktyOfAlg(input.alg) === 'RSA';
    const { privateKey } = await generateKeyPair(input.alg, { extractable: true, ...(rsa ? { modulusLength: input.modulusLength ?? 2048 } : {}) });
    const jwk = (await exportJWK(privateKey)) as PrivateJwk;
    return this.store(jwk, { alg: input.alg, kid: input.kid, name: input.name, source: 'generated', bits: rsa ? (input.modulusLength ?? 2048) : undefined });
  }

  /** Describes what import text holds (public facts only), so the UI can offer a choice. */
  async previewImport(text: string): Promise<ImportPreview> {
    const parsed = await parseKeyImport(text);
    const candidates = parsed.candidates.map(({ privateJwk: _p, publicJwk: _u, declaredUse: _d, ...c }) => c);
    return { format: parsed.format, candidates, importable: parsed.candidates.filter((c) => c.privateJwk).length };
  }

  /** Imports one private key from PEM, JWK or JWKS text. */
  async importKey(input: ImportKeyOptions): Promise<KeySummary> {
    await this.init();
    const parsed = await parseKeyImport(input.text);
    const chosen = this.choose(parsed.candidates, input.index);
    const alg = input.alg ?? chosen.suggestedAlg;
    if (!alg) throw new AppFailure('NOT_SUPPORTED', `No supported algorithm fits ${chosen.label}.`);
    const mismatch = algMismatch(alg, chosen.privateJwk!.kty, chosen.crv);
    if (mismatch) throw new AppFailure('KEY_INVALID', `${mismatch}; choose one of ${chosen.algs.join(', ')}.`, [{ path: 'alg', message: mismatch }]);
    const name = input.name ?? (chosen.kid ? `Imported ${chosen.kid}`.slice(0, 120) : undefined);
    return this.store(chosen.privateJwk!, { alg, kid: input.kid ?? chosen.kid, name, source: `imported-${parsed.format}`, bits: chosen.bits });
  }

  /** Renames a key's kid or name, or changes its algorithm (within what the key can do). */
  async update(input: UpdateKeyOptions): Promise<KeySummary> {
    const r = await this.record(input.id);
    if (input.kid !== undefined) this.assertKidFree(input.kid, r.id);
    if (input.alg) {
      const mismatch = algMismatch(input.alg, r.publicJwk.kty, r.publicJwk.kty === 'EC' ? r.publicJwk.crv : undefined);
      if (mismatch) throw new AppFailure('KEY_INVALID', mismatch, [{ path: 'alg', message: mismatch }]);
    }
    const next: KeyRecord = { ...r, kid: input.kid ?? r.kid, name: input.name ?? r.name, alg: input.alg ?? r.alg, updatedAt: this.now() };
    await this.commit(this.records.map((x) => (x.id === r.id ? next : x)), [r.id]);
    return this.summary(next);
  }

  /** Deletes a key for good (its sealed private half goes with it). */
  async remove(keyId: string): Promise<{ id: string }> {
    await this.record(keyId);
    await this.commit(this.records.filter((r) => r.id !== keyId), [keyId]);
    this.checks.delete(keyId);
    for (const k of this.signingKeys.keys()) if (k.startsWith(`${keyId}\u0000`)) this.signingKeys.delete(k);
    return { id: keyId };
  }

  /** The public JWKS of one key or several (missing ids throw NOT_FOUND unless skipped). */
  async getPublicJwks(keyId: string | readonly string[], opts: { skipMissing?: boolean } = {}): Promise<PublicJwks> {
    await this.init();
    const ids = typeof keyId === 'string' ? [keyId] : keyId;
    const keys = [];
    for (const id of ids) {
      const r = this.records.find((x) => x.id === id);
      if (!r && !opts.skipMissing) throw notFound(id);
      if (r) keys.push(toPublicJwk(r.publicJwk, r.kid, r.alg));
    }
    return { keys };
  }

  /**
   * Signs a JWT with a stored key: compact JWS over the JSON payload, header
   * `{ typ: 'JWT', alg: <key's alg>, kid: <key's kid>, ...header }` (header wins).
   */
  async signJwt(keyId: string, input: SignJwtInput): Promise<string> {
    // Once loaded, the record and its imported key are looked up without awaiting (every assertion comes here).
    const r = this.loaded ? this.recordNow(keyId) : await this.record(keyId);
    const alg = input.header?.alg ?? r.alg;
    if (!isKeyAlg(alg)) throw new AppFailure('NOT_SUPPORTED', `The app does not sign with ${String(alg)}; use one of RS384, ES384, RS256, ES256, RS512, PS384.`);
    const mismatch = algMismatch(alg, r.publicJwk.kty, r.publicJwk.kty === 'EC' ? r.publicJwk.crv : undefined);
    if (mismatch) throw new AppFailure('KEY_INVALID', `Key "${r.name}" cannot sign with ${alg}: ${mismatch}.`);
    const cached = this.signingKeys.get(`${r.id}\u0000${alg}`);
    const key = cached?.sealed === r.sealedPrivateJwk ? cached.key : await this.signingKey(r, alg);
    const header: CompactJWSHeaderParameters = { typ: 'JWT', kid: r.kid, alg };
    for (const [name, value] of Object.entries(input.header ?? {})) if (value !== undefined) (header as Record<string, unknown>)[name] = value;
    header.alg = alg; // the key's (or the chosen) alg always wins
    return new CompactSign(new TextEncoder().encode(JSON.stringify(input.payload))).setProtectedHeader(header).sign(key);
  }

  private choose(candidates: ParsedCandidate[], index: number | undefined): ParsedCandidate {
    if (index !== undefined) {
      const c = candidates.find((x) => x.index === index);
      if (!c) throw new AppFailure('INVALID_INPUT', `There is no key number ${index + 1} in the text (it holds ${candidates.length}).`, [{ path: 'index', message: 'No such key' }]);
      if (!c.privateJwk) throw failureFor(c.problem);
      return c;
    }
    const usable = candidates.filter((c) => c.privateJwk);
    if (usable.length === 1) return usable[0]!;
    if (usable.length === 0) throw failureFor(candidates.find((c) => c.problem)?.problem);
    throw new AppFailure('INVALID_INPUT', `The text holds ${usable.length} private keys (${usable.map((c) => c.label).join(', ')}); choose which one to import.`, [{ path: 'index', message: 'Choose a key' }]);
  }

  private async store(jwk: PrivateJwk, o: { alg: KeyAlg; kid?: string; name?: string; source: KeyRecord['source']; bits?: number }): Promise<KeySummary> {
    const bare = publicPart(jwk);
    const thumbprint = await calculateJwkThumbprint(bare, 'sha256');
    const same = this.records.find((r) => r.thumbprint === thumbprint);
    if (same) throw new AppFailure('CONFLICT', `This key is already stored as "${same.name}" (kid ${same.kid}).`);
    const kid = o.kid ?? thumbprint;
    this.assertKidFree(kid);
    let sealed: string;
    try {
      sealed = await this.deps.cipher.encrypt(JSON.stringify(jwk));
    } catch (e) {
      throw new AppFailure('STORE_IO', `The private key could not be encrypted, so it was not saved: ${(e as Error).message}`);
    }
    const size = bare.kty === 'RSA' ? `RSA ${o.bits ?? ''}`.trim() : bare.crv;
    const now = this.now();
    const record: KeyRecord = {
      id: randomUUID(), kid, name: o.name ?? `${size} ${o.alg} key`, alg: o.alg,
      publicJwk: bare as KeyRecord['publicJwk'], bits: o.bits, thumbprint, source: o.source, sealedPrivateJwk: sealed, createdAt: now, updatedAt: now,
    };
    await this.commit([...this.records, record], [record.id]);
    this.checks.set(record.id, { state: 'available' });
    return this.summary(record);
  }

  private assertKidFree(kid: string, exceptId?: string): void {
    const taken = this.records.find((r) => r.kid === kid && r.id !== exceptId);
    if (!taken) return;
    const message = `Key "${taken.name}" already uses kid "${kid}"; a JWKS needs distinct kids so servers pick the right key.`;
    throw new AppFailure('CONFLICT', message, [{ path: 'kid', message }]);
  }

  private async summary(r: KeyRecord): Promise<KeySummary> {
    const check = await this.check(r);
    const pub = r.publicJwk;
    return {
      id: r.id, kid: r.kid, name: r.name, alg: r.alg, kty: pub.kty,
      ...(pub.kty === 'RSA' ? { bits: r.bits } : { crv: pub.crv }),
      thumbprint: r.thumbprint, source: r.source, createdAt: r.createdAt, updatedAt: r.updatedAt,
      privateKey: check.state, ...(check.problem ? { problem: check.problem } : {}),
    };
  }

  private async check(r: KeyRecord): Promise<Check> {
    const known = this.checks.get(r.id);
    if (known) return known;
    let result: Check;
    try {
      await this.openPrivate(r);
      result = { state: 'available' };
    } catch (e) {
      result = { state: 'unreadable', problem: (e as Error).message };
    }
    this.checks.set(r.id, result);
    return result;
  }

  /** Decrypts the sealed private JWK; a failure becomes a KEY_INVALID with advice, reported once. */
  /**
   * The imported signing key, cached per sealed value and alg: decrypting and importing on every
   * assertion cost more than the signature itself (P-384 import ~2 ms). The cache holds a
   * non-extractable key object in main's memory only; a new sealed value (re-import) misses it.
   */
  private async signingKey(r: KeyRecord, alg: string): Promise<Awaited<ReturnType<typeof importJWK>>> {
    // Keyed by id and alg; the sealed value is compared, not hashed (it is kilobytes long).
    const cacheKey = `${r.id}\u0000${alg}`;
    const hit = this.signingKeys.get(cacheKey);
    if (hit?.sealed === r.sealedPrivateJwk) return hit.key;
    const key = await importJWK({ ...(await this.openPrivate(r)) }, alg, { extractable: false });
    for (const k of this.signingKeys.keys()) if (k.startsWith(`${r.id}\u0000`)) this.signingKeys.delete(k);
    this.signingKeys.set(cacheKey, { sealed: r.sealedPrivateJwk, key });
    return key;
  }

  private async openPrivate(r: KeyRecord): Promise<PrivateJwk> {
    try {
      const jwk = JSON.parse(await this.deps.cipher.decrypt(r.sealedPrivateJwk)) as PrivateJwk;
      if (jwk.kty !== r.publicJwk.kty || typeof jwk.d !== 'string') throw new Error('the decrypted value is not this private key');
      return jwk;
    } catch (e) {
      const message = `The private key of "${r.name}" (kid ${r.kid}) cannot be decrypted (${(e as Error).message}). `
        + `It was probably saved by the ${this.deps.cipher.kind === 'os-keychain' ? 'browser mode' : 'desktop app'}, or the data folder's key file changed. `
        + 'The key is kept; sign with it from where it was created, or import the key again.';
      if (!this.reported.has(r.id)) {
        this.reported.add(r.id);
        this.deps.onProblem?.(message);
      }
      throw new AppFailure('KEY_INVALID', message);
    }
  }

  private async record(keyId: string): Promise<KeyRecord> {
    await this.init();
    return this.recordNow(keyId);
  }

  private recordNow(keyId: string): KeyRecord {
    const r = this.records.find((x) => x.id === keyId);
    if (!r) throw notFound(keyId);
    return r;
  }

  private async commit(next: KeyRecord[], changed: string[]): Promise<void> {
    await this.file.save(next);
    this.records = next;
    this.deps.events.emit('keys:changed', { ids: changed });
  }

  private now(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }
}

const notFound = (id: string) => new AppFailure('NOT_FOUND', `No key with id ${id}; it may have been deleted.`);
