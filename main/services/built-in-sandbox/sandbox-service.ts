import { createServer } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import type { Jwks } from '../../../app/conformance/index.ts';
import { AtomicJsonFile } from '../../stores/index.ts';

/** A running sandbox as this service needs it. */
export interface RunningSandbox {
  origin: string;
  fhirBaseUrl: string;
  /** The JWKS a registered client's assertions are verified with (undefined for unknown clients or clients without keys). */
  clientJwks?(clientId: string): Promise<Jwks | undefined>;
  stop(): Promise<void>;
}

/** Starts the sandbox on a port with the backend client's public JWKS registered. */
export type SandboxStarter = (opts: { port: number; backendJwks: Jwks }) => Promise<RunningSandbox>;

/** Where the backend demo client's key comes from (generated on first run, kept in the key store). */
export interface SandboxKeyProvider {
  ensureBackendKey(existingKeyId: string | undefined): Promise<{ keyId: string; publicJwks: Jwks }>;
}

/** The sandbox's state for the status bar and the Tokens area. */
export type SandboxStatus = { state: 'stopped' | 'starting' | 'running'; origin: string } | { state: 'failed'; origin: string; error: string };

const State = z.object({ port: z.number().int().min(1).max(65535), backendKeyId: z.string().optional() });
type State = z.infer<typeof State>;

/** The FHIR base of the sandbox at an origin (the sandbox serves FHIR under /fhir). */
export const sandboxFhirBase = (origin: string) => `${origin}/fhir`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * The built-in sandbox inside the app: a stable port remembered across runs (so the sandbox
 * profiles keep working), started on demand when a request goes to it, stopped with the app.
 */
export class SandboxService {
  private readonly file: AtomicJsonFile<State | null>;
  private state: State | undefined;
  private running: Promise<RunningSandbox> | undefined;
  private status_: SandboxStatus = { state: 'stopped', origin: '' };

  constructor(private readonly deps: {
    dataDir: string;
    start: SandboxStarter;
    keys: SandboxKeyProvider;
    /** Called when the remembered port was taken and the sandbox moved. */
    onMoved?: (oldOrigin: string, newOrigin: string) => Promise<void>;
  }) {
    this.file = new AtomicJsonFile({ path: join(deps.dataDir, 'sandbox.json'), version: 1, schema: State.nullable(), empty: () => null });
  }

  /** The sandbox's origin, choosing and remembering a port on first run (without starting it). */
  async origin(): Promise<string> {
    const s = await this.loadState();
    return `http://127.0.0.1:${s.port}`;
  }

  /** The backend client's key id, generating the key on first use. */
  async backendKeyId(): Promise<string> {
    const s = await this.loadState();
    const { keyId } = await this.deps.keys.ensureBackendKey(s.backendKeyId);
    if (keyId !== s.backendKeyId) await this.saveState({ ...s, backendKeyId: keyId });
    return keyId;
  }

  /** True when a URL points at this sandbox. */
  async owns(url: string): Promise<boolean> {
    try { return new URL(url).origin === (await this.origin()); } catch { return false; }
  }

  /** Starts the sandbox once; concurrent callers share the same start. */
  ensureStarted(): Promise<RunningSandbox> {
    this.running ??= this.startOnce().catch((e: unknown) => {
      this.running = undefined;
      this.status_ = { state: 'failed', origin: this.status_.origin, error: e instanceof Error ? e.message : String(e) };
      throw e;
    });
    return this.running;
  }

  /** Current status. */
  status(): SandboxStatus { return this.status_; }

  /**
   * The key set the sandbox holds for a client, when `tokenEndpoint` is the sandbox's and it runs:
   * what a server would verify that client's assertions with.
   */
  async registeredJwks(tokenEndpoint: string, clientId: string): Promise<Jwks | undefined> {
    if (!this.running || !(await this.owns(tokenEndpoint))) return undefined;
    const sandbox = await this.running.catch(() => undefined);
    return sandbox?.clientJwks?.(clientId);
  }

  /** Stops the sandbox if it runs. */
  async stop(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (running) await (await running.catch(() => undefined))?.stop();
    this.status_ = { state: 'stopped', origin: this.status_.origin };
  }

  private async startOnce(): Promise<RunningSandbox> {
    const state = await this.loadState();
    const { keyId, publicJwks } = await this.deps.keys.ensureBackendKey(state.backendKeyId);
    if (keyId !== state.backendKeyId) await this.saveState({ ...state, backendKeyId: keyId });
    const oldOrigin = `http://127.0.0.1:${state.port}`;
    this.status_ = { state: 'starting', origin: oldOrigin };
    let sandbox: RunningSandbox;
    try {
      sandbox = await this.deps.start({ port: state.port, backendJwks: publicJwks });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw e;
      const port = await freePort();
      sandbox = await this.deps.start({ port, backendJwks: publicJwks });
      await this.saveState({ ...(this.state ?? state), port });
      await this.deps.onMoved?.(oldOrigin, sandbox.origin);
    }
    this.status_ = { state: 'running', origin: sandbox.origin };
    return sandbox;
  }

  private async loadState(): Promise<State> {
    if (this.state) return this.state;
    const { data } = await this.file.load();
    if (data) return (this.state = data);
    const fresh = { port: await freePort() };
    await this.saveState(fresh);
    return fresh;
  }

  private async saveState(s: State): Promise<void> {
    this.state = s;
    await this.file.save(s);
  }
}
