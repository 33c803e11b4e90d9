import type { AppStatus, Handlers } from '../app/contract/index.ts';
import { createFetchHttpClient, type HttpClient } from './http/index.ts';
import { activityHandlers, bulkHandlers, consoleHandlers, discoveryHandlers, inspectHandlers, keyHandlers, profileHandlers, sandboxHandlers, secretHandlers, settingsHandlers, tokenHandlers } from './ipc/index.ts';
import { createAppSandbox, type SandboxStarter } from './services/built-in-sandbox/index.ts';
import { ActivityLog } from './services/activity/index.ts';
import { BulkExportRunner, dataDirExportFolders, type FolderPicker } from './services/bulk/index.ts';
import { FhirConsoleService } from './services/console/index.ts';
import { DiscoveryService } from './services/discovery/index.ts';
import { createRegisteredKeySource } from './services/diagnosis/index.ts';
import { createClientAuthenticator, InspectService } from './services/inspect/index.ts';
import { systemClock, type Clock, type EventSink, type SecretCipher } from './ports.ts';
import { JwksHostService, KeyService } from './services/keys/index.ts';
import { NoticeCenter } from './services/notice-center.ts';
import { ProfileService } from './services/profiles/index.ts';
import { RunHistory, tokenRunToKeep } from './services/runs/index.ts';
import { SecretService } from './services/secrets/index.ts';
import { SettingsService } from './services/settings/index.ts';
import { TokenService, rendererBrowserOpener, type BrowserOpener } from './services/tokens/index.ts';
import type { LoadOutcome, FsPort } from './stores/index.ts';

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
  const settings = new SettingsService({ dataDir: deps.dataDir, events: deps.events, fs: deps.fs });
  const runs = new RunHistory({
    dataDir: deps.dataDir, fs: deps.fs, onProblem: warn,
    limits: () => ({ maxRuns: settings.current.runHistory.maxRuns, maxBytes: Math.round(settings.current.runHistory.maxMegabytes * 1024 * 1024) }),
  });
  for (const [what, store] of [['settings', settings], ['run history', runs]] as const) {
    const recovered = describeRecovery(what, await store.init());
    if (recovered) notices.post('error', recovered);
  }
  settings.onChange(() => void runs.applyLimits());
  const { sandbox, seedProfiles } = createAppSandbox({ dataDir: deps.dataDir, keys, profiles, secrets, notices, start: deps.sandboxStarter });
  if (profileLoad.kind === 'fresh') await seedProfiles();
  const activity = new ActivityLog({ dataDir: deps.dataDir, cipher: deps.cipher, clock, events: deps.events });
  await activity.init();
  const http = createFetchHttpClient({
    fetch: deps.fetch, clock, log: activity,
    beforeSend: async (url) => { if (await sandbox.owns(url)) await sandbox.ensureStarted(); },
  });
  const discovery = new DiscoveryService({ http, profiles, clock });
  // Each area records its diagnosis of an exchange beside the exchange's activity log entry.
  const notes = { note: (activityId: string, d: Parameters<ActivityLog['note']>[1]) => activity.note(activityId, d) };
  const registeredKeys = createRegisteredKeySource({ http, sandbox });
  const tokens = new TokenService({ http, clock, events: deps.events, profiles, discovery, signer: keys, secrets, browser: deps.browser ?? rendererBrowserOpener, registeredKeys, notes,
    onRunEnded: (run) => { const keep = tokenRunToKeep(run); if (keep) void runs.record(keep); } });
  const inspect = new InspectService({ http, clock, profiles, keys, discoverer: discovery, auth: createClientAuthenticator({ secrets, signer: keys, clock }), notes });
  const ensureSandbox = async (url: string) => { if (await sandbox.owns(url)) await sandbox.ensureStarted(); };
  const fhirConsole = new FhirConsoleService({ dataDir: deps.dataDir, clock, http, log: activity, profiles, tokens, notes, fetch: deps.fetch, fs: deps.fs, beforeSend: ensureSandbox, onProblem: warn });
  const consoleRecovery = describeRecovery('console history', await fhirConsole.init());
  if (consoleRecovery) notices.post('error', consoleRecovery);
  const bulk = new BulkExportRunner({ http, log: activity, notes, fetch: deps.fetch, beforeSend: ensureSandbox, profiles, tokens, events: deps.events, clock, folders: deps.folderPicker ?? dataDirExportFolders(deps.dataDir) });

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
    ...settingsHandlers(settings, runs),
  };
  return { handlers, notices, http, tokens, dispose: async () => { bulk.dispose(); await fhirConsole.dispose(); tokens.dispose(); await jwksHost.dispose(); await sandbox.stop(); await activity.flush(); await runs.flush(); } };
}
