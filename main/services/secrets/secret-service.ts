import { join } from 'node:path';
import { z } from 'zod';
import type { SecretStatus } from '../../../app/contract/index.ts';
import { AppFailure } from '../../../app/result/index.ts';
import type { Clock, SecretCipher } from '../../ports.ts';
import { AtomicJsonFile, type LoadOutcome, type FsPort } from '../../stores/index.ts';

const SecretRecord = z.object({ profileId: z.string().min(1), sealed: z.string().min(1), updatedAt: z.string() });
type SecretRecord = z.infer<typeof SecretRecord>;
const SecretRecords = z.array(SecretRecord);

/** Dependencies of the secret service. */
export interface SecretServiceDeps {
  dataDir: string;
  clock: Clock;
  cipher: SecretCipher;
  fs?: FsPort;
  /** Tells the user about a secret that cannot be decrypted (once per profile). */
  onProblem?: (message: string) => void;
}

/**
 * Client secrets per profile, sealed with the SecretCipher in secrets.json (mode 0600).
 *
 * A value this mode cannot decrypt (written by the other mode, or the key file changed) is
 * reported and kept, never deleted: the other mode may still read it.
 */
export class SecretService {
  private readonly file: AtomicJsonFile<SecretRecord[]>;
  private records: SecretRecord[] = [];
  private ready: Promise<LoadOutcome> | undefined;
  private readonly reported = new Set<string>();

  constructor(private readonly deps: SecretServiceDeps) {
    this.file = new AtomicJsonFile({ path: join(deps.dataDir, 'secrets.json'), version: 1, schema: SecretRecords, empty: () => [], fs: deps.fs, mode: 0o600 });
  }

  /** Loads secrets.json once; the outcome tells the caller whether it had to recover. */
  init(): Promise<LoadOutcome> {
    this.ready ??= this.file.load().then(({ data, outcome }) => {
      this.records = data;
      return outcome;
    });
    return this.ready;
  }

  /** Sets or replaces a profile's client secret. */
  async set(profileId: string, secret: string): Promise<SecretStatus> {
    await this.init();
    let sealed: string;
    try {
      sealed = await this.deps.cipher.encrypt(secret);
    } catch (e) {
      throw new AppFailure('STORE_IO', `The client secret could not be encrypted, so it was not saved: ${(e as Error).message}`);
    }
    const record = { profileId, sealed, updatedAt: new Date(this.deps.clock.now()).toISOString() };
    await this.commit([...this.records.filter((r) => r.profileId !== profileId), record]);
    this.reported.delete(profileId);
    return { profileId, hasSecret: true, updatedAt: record.updatedAt };
  }

  /** Removes a profile's client secret (a no-op when none is set). */
  async clear(profileId: string): Promise<SecretStatus> {
    await this.init();
    if (this.records.some((r) => r.profileId === profileId)) await this.commit(this.records.filter((r) => r.profileId !== profileId));
    return { profileId, hasSecret: false };
  }

  /** Whether a secret is set, when, and whether it can still be decrypted. */
  async status(profileId: string): Promise<SecretStatus> {
    await this.init();
    const r = this.records.find((x) => x.profileId === profileId);
    if (!r) return { profileId, hasSecret: false };
    try {
      await this.open(r);
      return { profileId, hasSecret: true, updatedAt: r.updatedAt };
    } catch (e) {
      return { profileId, hasSecret: true, updatedAt: r.updatedAt, problem: (e as Error).message };
    }
  }

  /**
   * The secret for the token service (main-internal): undefined when none is set; throws
   * SECRET_MISSING with advice when one is stored but cannot be decrypted.
   */
  async getSecret(profileId: string): Promise<string | undefined> {
    await this.init();
    const r = this.records.find((x) => x.profileId === profileId);
    return r ? this.open(r) : undefined;
  }

  private async open(r: SecretRecord): Promise<string> {
    try {
      return await this.deps.cipher.decrypt(r.sealed);
    } catch (e) {
      const message = `The client secret saved ${r.updatedAt.slice(0, 10)} for this profile cannot be decrypted (${(e as Error).message}). `
        + `It was probably saved by the ${this.deps.cipher.kind === 'os-keychain' ? 'browser mode' : 'desktop app'}, or the data folder's key file changed. `
        + 'It is kept; enter the secret again here to replace it.';
      if (!this.reported.has(r.profileId)) {
        this.reported.add(r.profileId);
        this.deps.onProblem?.(message);
      }
      throw new AppFailure('SECRET_MISSING', message);
    }
  }

  private async commit(next: SecretRecord[]): Promise<void> {
    await this.file.save(next);
    this.records = next;
  }
}
