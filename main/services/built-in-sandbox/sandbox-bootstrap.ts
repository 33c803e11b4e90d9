import { SANDBOX_PRESET_IDS, sandboxProfiles, ProfileInput } from '../../../app/profiles/index.ts';
import type { KeyService } from '../keys/index.ts';
import type { NoticeCenter } from '../notice-center.ts';
import type { ProfileService } from '../profiles/index.ts';
import { sandboxFhirBase, SandboxService, type SandboxStarter } from './sandbox-service.ts';
import type { SecretService } from '../secrets/index.ts';

const plain = (jwks: { keys: readonly object[] }) => ({ keys: jwks.keys.map((k) => ({ ...k }) as Record<string, unknown>) });

/** Demo client ids and the secret client's (public, sandbox-only) secret. */
export interface SandboxDemo { backendClientId: string; secretClientId: string; secretClientSecret: string; publicAppClientId: string; asymmetricAppClientId: string }

/**
 * The real starter: loads the sandbox module only when it is first needed (it pulls in
 * oidc-provider and Medplum), so app start-up stays fast.
 */
export const startBuiltInSandbox: SandboxStarter = async ({ port, backendJwks }) => {
  const { startSandbox } = await import('../../sandbox/index.ts');
  return startSandbox({ port, backendClient: { jwks: backendJwks } });
};

/** Demo clients as the sandbox registers them (kept in sync by an integration test). */
export async function loadSandboxDemo(): Promise<SandboxDemo> {
  const { DEMO_CLIENT_IDS, DEMO_SECRETS } = await import('../../sandbox/demo/index.ts');
  return {
    backendClientId: DEMO_CLIENT_IDS.backend, secretClientId: DEMO_CLIENT_IDS.secret, secretClientSecret: DEMO_SECRETS.secret,
    publicAppClientId: DEMO_CLIENT_IDS.publicApp, asymmetricAppClientId: DEMO_CLIENT_IDS.asymmetricApp,
  };
}

/**
 * Wires the built-in sandbox into the app: its backend key lives in the key store (generated
 * on first run, never shipped), its profiles follow its port, and a fresh install gets the
 * sandbox profiles with the demo secret stored like any other secret.
 */
export function createAppSandbox(deps: { dataDir: string; keys: KeyService; profiles: ProfileService; secrets: SecretService; notices: NoticeCenter; start?: SandboxStarter }) {
  const sandbox = new SandboxService({
    dataDir: deps.dataDir,
    start: deps.start ?? startBuiltInSandbox,
    keys: {
      async ensureBackendKey(existing) {
        if (existing) {
          try {
            const summary = await deps.keys.getKeySummary(existing);
            if (summary.privateKey === 'available') return { keyId: existing, publicJwks: plain(await deps.keys.getPublicJwks(existing)) };
          } catch { /* deleted or unreadable: make a new one below */ }
        }
        const key = await deps.keys.generate({ alg: 'ES384', name: 'Sandbox backend client key', kid: undefined });
        return { keyId: key.id, publicJwks: plain(await deps.keys.getPublicJwks(key.id)) };
      },
    },
    onMoved: async (from, to) => {
      const n = await deps.profiles.rebaseOrigin(SANDBOX_PRESET_IDS, from, to);
      deps.notices.post('info', `The built-in sandbox's usual port was taken, so it moved to ${to}; ${n} sandbox profile(s) were updated.`);
    },
  });

  /** Creates the sandbox profiles (first run only). */
  async function seedProfiles(): Promise<void> {
    const demo = await loadSandboxDemo();
    const fhirBaseUrl = sandboxFhirBase(await sandbox.origin());
    const inputs = sandboxProfiles({ fhirBaseUrl, backendKeyId: await sandbox.backendKeyId(), ...demo });
    for (const input of inputs) {
      const saved = await deps.profiles.save(ProfileInput.parse(input));
      if (saved.presetId === 'sandbox-secret') await deps.secrets.set(saved.id, demo.secretClientSecret);
    }
  }

  return { sandbox, seedProfiles };
}
