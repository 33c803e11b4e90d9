import type { AppStatus } from '../app/contract/app-status.ts';
import type { Handlers } from '../app/contract/index.ts';
import { createFetchHttpClient } from './http/fetch-http-client.ts';
import type { HttpClient } from './http/http-client.ts';
import { activityHandlers } from './ipc/activity-handlers.ts';
import { bulkHandlers } from './ipc/bulk-handlers.ts';
import { consoleHandlers } from './ipc/console-handlers.ts';
import { discoveryHandlers } from './ipc/discovery-handlers.ts';
import { inspectHandlers } from './ipc/inspect-handlers.ts';
import { keyHandlers } from './ipc/key-handlers.ts';
import { profileHandlers } from './ipc/profile-handlers.ts';
import { sandboxHandlers } from './ipc/sandbox-handlers.ts';
import { createAppSandbox } from './services/built-in-sandbox/sandbox-bootstrap.ts';
import type { SandboxStarter } from './services/built-in-sandbox/sandbox-service.ts';
import { secretHandlers } from './ipc/secret-handlers.ts';
import { tokenHandlers } from './ipc/token-handlers.ts';
import { ActivityLog } from './services/activity/activity-log.ts';
import { BulkExportRunner } from './services/bulk/bulk-export-runner.ts';
import { dataDirExportFolders, type FolderPicker } from './services/bulk/folder-picker.ts';
import { FhirConsoleService } from './services/console/console-service.ts';
import { DiscoveryService } from './services/discovery/discovery-service.ts';
import { createClientAuthenticator } from './services/inspect/client-authenticator.ts';
import { InspectService } from './services/inspect/inspect-service.ts';
import { systemClock, type Clock, type EventSink, type SecretCipher } from './ports.ts';
import { JwksHostService } from './services/keys/jwks-host-service.ts';
import { KeyService } from './services/keys/key-service.ts';
import { NoticeCenter } from './services/notice-center.ts';
import { ProfileService } from './services/profiles/profile-service.ts';
import { SecretService } from './services/secrets/secret-service.ts';
import { TokenService } from './services/tokens/token-service.ts';
import { rendererBrowserOpener, type BrowserOpener } from './services/tokens/ports.ts';
import type { LoadOutcome } from './stores/atomic-json-file.ts';
import type { FsPort } from './stores/fs-port.ts';

/** What the composition root needs from its host (Electron main or the browser-mode server). */
export interface MainDeps {
  mode: AppStatus['mode'];
  version: string;
  dataDir: string;
  cipher: SecretCipher;
  events: EventSink;
  clock?: Clock;
  fs?: FsPort;
  /** Replaces the network (tests); default: global fetch. */
  fetch?: typeof fetch;
  /** Starts the built-in sandbox (tests may pass a stub); default: the real one, loaded on first use. */
  sandboxStarter?: SandboxStarter;
  /** Opens sign-in pages: Electron's shell.openExternal; default (browser mode): the renderer opens a tab. */
  browser?: BrowserOpener;
  /** Chooses the folder for Bulk Data downloads: Electron's folder dialog; default: `<dataDir>/exports/<timestamp>/`. */
  folderPicker?: FolderPicker;
}

/** The assembled main side: contract handlers plus a shutdown hook. */
export interface MainServices {
  handlers: Handlers;
  notices: NoticeCenter;
  http: HttpClient;
  /** Tokens for other main services (the FHIR console): getAccessToken / withToken. */
  tokens: TokenService;
  dispose(): Promise<void>;
}

/** Turns a store's recovery into words for the user. */
export function describeRecovery(what: string, outcome: LoadOutcome): string | undefined {
  if (outcome.kind !== 'recovered') return undefined;
  const restored = outcome.restoredFromBackup ? 'The last good backup was loaded instead.' : 'No usable backup existed, so the list starts empty.';
  return `Your ${what} file ${outcome.reason}. It was moved aside to ${outcome.movedAside} and was not overwritten. ${restored}`;
}

/**
 * Composition root shared by Electron and browser mode: builds every service from ports.
 *
 * Neither host adds behaviour of its own, so what e2e tests exercise in browser mode is what
 * Electron runs.
 */
export async function createMainServices(deps: MainDeps): Promise<MainServices> {
  const clock = deps.clock ?? systemClock;
  const notices = new NoticeCenter(deps.events, clock);
  const profiles = new ProfileService({ dataDir: deps.dataDir, clock, events: deps.events, fs: deps.fs });
  const profileLoad = await profiles.init();
  const recovery = describeRecovery('profiles', profileLoad);
  if (recovery) notices.post('error', recovery);
  const warn = (message: string) => void notices.post('warning', message);
  const keys = new KeyService({ dataDir: deps.dataDir, clock, cipher: deps.cipher, events: deps.events, fs: deps.fs, onProblem: warn });
  const secrets = new SecretService({ dataDir: deps.dataDir, clock, cipher: deps.cipher, fs: deps.fs, onProblem: warn });
  const jwksHost = new JwksHostService({ clock, publicJwks: (ids) => keys.getPublicJwks(ids, { skipMissing: true }) });
  for (const [what, store] of [['keys', keys], ['client secrets', secrets]] as const) {
    const recovered = describeRecovery(what, await store.init());
    if (recovered) notices.post('error', recovered);
  }
  const { sandbox, seedProfiles } = createAppSandbox({ dataDir: deps.dataDir, keys, profiles, secrets, notices, start: deps.sandboxStarter });
  if (profileLoad.kind === 'fresh') await seedProfiles();
  const activity = new ActivityLog({ dataDir: deps.dataDir, cipher: deps.cipher, clock, events: deps.events });
  await activity.init();
  const http = createFetchHttpClient({
    fetch: deps.fetch, clock, log: activity,
    beforeSend: async (url) => { if (await sandbox.owns(url)) await sandbox.ensureStarted(); },
  });
  const discovery = new DiscoveryService({ http, profiles, clock });
  const tokens = new TokenService({ http, clock, events: deps.events, profiles, discovery, signer: keys, secrets, browser: deps.browser ?? rendererBrowserOpener });
  const inspect = new InspectService({ http, clock, profiles, keys, discoverer: discovery, auth: createClientAuthenticator({ secrets, signer: keys, clock }) });
  const ensureSandbox = async (url: string) => { if (await sandbox.owns(url)) await sandbox.ensureStarted(); };
  const fhirConsole = new FhirConsoleService({ dataDir: deps.dataDir, clock, http, log: activity, profiles, tokens, fetch: deps.fetch, fs: deps.fs, beforeSend: ensureSandbox, onProblem: warn });
  const consoleRecovery = describeRecovery('console history', await fhirConsole.init());
  if (consoleRecovery) notices.post('error', consoleRecovery);
  const bulk = new BulkExportRunner({ http, log: activity, fetch: deps.fetch, beforeSend: ensureSandbox, profiles, tokens, events: deps.events, clock, folders: deps.folderPicker ?? dataDirExportFolders(deps.dataDir) });

  const handlers: Handlers = {
    'app:get-status': async () => ({ mode: deps.mode, version: deps.version, dataDir: deps.dataDir, secretProtection: deps.cipher.kind, notices: notices.list() }),
    'app:dismiss-notice': async ({ id }) => { notices.dismiss(id); return { id }; },
    ...profileHandlers(profiles),
    ...activityHandlers(activity, deps.version),
    ...keyHandlers(keys, jwksHost),
    ...secretHandlers(secrets),
    ...discoveryHandlers(discovery),
    ...tokenHandlers(tokens),
    ...inspectHandlers(inspect),
    ...consoleHandlers(fhirConsole),
    ...bulkHandlers(bulk),
    ...sandboxHandlers(sandbox),
  };
  return { handlers, notices, http, tokens, dispose: async () => { bulk.dispose(); await fhirConsole.dispose(); tokens.dispose(); await jwksHost.dispose(); await sandbox.stop(); await activity.flush(); } };
}
