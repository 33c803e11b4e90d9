/**
 * Per-sandbox in-memory storage for oidc-provider (codes, tokens, sessions, grants, clients).
 *
 * Why: oidc-provider's built-in memory adapter is process-global and prints a development
 * warning; each sandbox needs its own store (tests start many), and the resource server needs
 * to ask whether an access token was revoked (`isStored`), which the JWT alone cannot say.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number; // epoch ms, Infinity when no expiry
}

const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

/** The shared store behind every model's adapter of one sandbox. */
export class SandboxStore {
  private readonly entries = new Map<string, Entry>();
  private readonly grants = new Map<string, Set<string>>();
  private readonly sessionUids = new Map<string, string>();

  /** oidc-provider's `adapter` option: one adapter object per model name. */
  readonly adapterFactory = (model: string): Adapter => this.adapterFor(model);

  /** True when a token of `model` with this id is stored and not expired (i.e. not revoked). */
  isStored(model: string, id: string): boolean {
    return this.get(`${model}:${id}`) !== undefined;
  }

  /** The stored payload of a token (e.g. its exact `iat`/`exp`), if stored and unexpired. */
  payload(model: string, id: string): AdapterPayload | undefined {
    return this.get(`${model}:${id}`);
  }

  /** Drop everything (used by stop()). */
  clear(): void {
    this.entries.clear();
    this.grants.clear();
    this.sessionUids.clear();
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  private adapterFor(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
        this.entries.set(key(id), { payload, expiresAt });
        if (model === 'Session' && payload.uid) this.sessionUids.set(payload.uid, id);
        if (GRANTABLE.has(model) && payload.grantId) {
          const members = this.grants.get(payload.grantId) ?? new Set<string>();
          members.add(key(id));
          this.grants.set(payload.grantId, members);
        }
      },
      find: async (id) => this.get(key(id)),
      findByUid: async (uid) => {
        const id = this.sessionUids.get(uid);
        return id === undefined ? undefined : this.get(key(id));
      },
      findByUserCode: async () => undefined,
      consume: async (id) => {
        const payload = this.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => {
        for (const member of this.grants.get(grantId) ?? []) this.entries.delete(member);
        this.grants.delete(grantId);
      },
    };
  }
}
