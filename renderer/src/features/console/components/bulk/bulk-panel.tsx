import type { Profile } from '../../../../../../app/profiles/index.ts';
import { useBulkJobs } from '../../api/bulk-queries.ts';
import { BulkJobCard } from './job-card.tsx';
import { BulkKickoffForm } from './kickoff-form.tsx';

/** The Bulk Data $export runner: kick-off form and this session's jobs, updated live by main. */
export function BulkPanel({ profile, picker }: { profile: Profile | undefined; picker: React.ReactNode }) {
  const jobs = useBulkJobs();
  const list = jobs.data ?? [];
  return (
    <div className="console-split">
      <aside className="stack">
        {picker}
        <p className="muted small-print">
          Main polls each export's status URL, waiting as long as the server's Retry-After asks, and streams downloaded files to a folder
          (in browser mode a new folder under the app's data folder). Every request is in the Activity log.
        </p>
      </aside>
      <div className="stack console-main">
        <BulkKickoffForm profile={profile} />
        {jobs.error && <p className="error-text" role="alert">{jobs.error.message}</p>}
        <section className="stack" aria-label="Exports">
          {list.map((job) => <BulkJobCard key={job.id} job={job} />)}
          {!list.length && !jobs.isLoading && <p className="muted">No exports in this session yet.</p>}
        </section>
      </div>
    </div>
  );
}
