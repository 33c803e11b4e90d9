import { lazy, Suspense, type ComponentType } from 'react';
import { Alert } from '../components/ui/alert.tsx';
import { isBrowserMode } from '../lib/api.ts';
import { dismissNotice, useAppStatus } from '../lib/app-status.ts';
import { AREAS, useNavigationStore, type Area } from '../lib/navigation-store.ts';
import { PlaceholderArea } from './placeholder-area.tsx';

const ProfilesPage = lazy(() => import('./profiles-area.tsx'));
const KeysPage = lazy(() => import('../features/keys/index.ts').then((m) => ({ default: m.KeysPage })));
const ActivityPage = lazy(() => import('../features/activity/index.ts').then((m) => ({ default: m.ActivityPage })));
const TokensPage = lazy(() => import('../features/tokens/index.ts').then((m) => ({ default: m.TokensPage })));
const InspectPage = lazy(() => import('../features/inspect/index.ts').then((m) => ({ default: m.InspectPage })));
const ConsolePage = lazy(() => import('../features/console/index.ts').then((m) => ({ default: m.ConsolePage })));
const SettingsPage = lazy(() => import('../features/settings/index.ts').then((m) => ({ default: m.SettingsPage })));

const TITLES: Record<Area, string> = { profiles: 'Profiles', keys: 'Keys', tokens: 'Tokens', inspect: 'Inspect', console: 'Console', activity: 'Activity', settings: 'Settings' };

/** Each area's page; heavy areas load lazily so the first paint stays small. */
const PAGES: Partial<Record<Area, ComponentType>> = { profiles: ProfilesPage, tokens: TokensPage, activity: ActivityPage, keys: KeysPage, inspect: InspectPage, console: ConsolePage, settings: SettingsPage };

/** The window: navigation, the chosen area, notices from main, and a status bar. */
export function AppShell() {
  const area = useNavigationStore((s) => s.area);
  const areaChosen = useNavigationStore((s) => s.areaChosen);
  const status = useAppStatus();
  const Page = PAGES[area];
  return (
    <div className="shell">
      <nav className="nav" aria-label="Areas">
        <div className="brand"><img src="./favicon.svg" alt="" width={22} height={22} /> FHIR Auth Explorer</div>
        {AREAS.map((a) => (
          <button key={a} aria-current={a === area ? 'page' : undefined} onClick={() => areaChosen(a)}>{TITLES[a]}</button>
        ))}
      </nav>
      <main className="main">
        <div className="stack">
          {status.data?.notices.map((n) => (
            <Alert key={n.id} tone={n.level === 'info' ? 'info' : n.level} onDismiss={() => void dismissNotice(n.id)}>{n.message}</Alert>
          ))}
          {status.error && <Alert tone="error" title="The app's main process did not answer">{status.error.message}</Alert>}
          <Suspense fallback={<p className="muted" role="status">Loading {TITLES[area]}…</p>}>
            {Page ? <Page /> : <PlaceholderArea area={area} title={TITLES[area]} />}
          </Suspense>
        </div>
      </main>
      <footer className="statusbar" aria-label="Status">
        <span data-testid="transport">{isBrowserMode ? 'Browser mode' : 'Desktop'}</span>
        {status.data && (
          <>
            <span>Data: {status.data.dataDir}</span>
            <span>Secrets: {status.data.secretProtection === 'os-keychain' ? 'encrypted with the OS keychain' : 'encrypted with a local key file (not the OS keychain)'}</span>
            <span>v{status.data.version}</span>
          </>
        )}
      </footer>
    </div>
  );
}
