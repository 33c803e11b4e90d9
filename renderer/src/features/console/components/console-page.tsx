import '../console.css';
import { useConsoleStore } from '../stores/console-store.ts';
import { BulkPanel } from './bulk/bulk-panel.tsx';
import { ConsoleProfilePicker, useConsoleProfile } from './console-profile-picker.tsx';
import { RequestsPanel } from './requests-panel.tsx';
import { TokenSource } from './token-source.tsx';

/** The Console area: the FHIR request console and the Bulk Data $export runner, for the active profile. */
export default function ConsolePage() {
  const tab = useConsoleStore((s) => s.tab);
  const tabChosen = useConsoleStore((s) => s.tabChosen);
  const { profile } = useConsoleProfile();
  const picker = <><ConsoleProfilePicker profile={profile} /><TokenSource profile={profile} /></>;
  return (
    <section className="stack" aria-labelledby="area-title">
      <div className="row">
        <h1 id="area-title">Console</h1>
        <div className="row" role="tablist" aria-label="Console tools">
          <button type="button" role="tab" aria-selected={tab === 'requests'} className={`tab${tab === 'requests' ? ' active' : ''}`} onClick={() => tabChosen('requests')}>FHIR requests</button>
          <button type="button" role="tab" aria-selected={tab === 'bulk'} className={`tab${tab === 'bulk' ? ' active' : ''}`} onClick={() => tabChosen('bulk')}>Bulk export</button>
        </div>
      </div>
      {tab === 'requests' ? <RequestsPanel profile={profile} picker={picker} /> : <BulkPanel profile={profile} picker={picker} />}
    </section>
  );
}
