/** What each not-yet-built area will do, in one line (nothing here pretends to work). */
const COMING: Record<string, string> = {
  keys: 'Generate and import signing keys, publish a JWKS, and build the client assertion.',
  tokens: 'Get tokens by every flow your vendor uses, step by step, with the request and response shown.',
  inspect: 'Decode and verify tokens and assertions, compare requested and granted scopes, and see what the specs say is wrong.',
  console: 'Send FHIR queries with your token and run Bulk Data $export.',
  activity: 'Every HTTP exchange the app makes, redacted, exportable as HAR.',
};

/** Shown for an area whose work has not landed yet. */
export function PlaceholderArea({ area, title }: { area: string; title: string }) {
  return (
    <section className="placeholder" aria-labelledby="area-title">
      <h1 id="area-title">{title}</h1>
      <p className="muted">Coming soon: {COMING[area] ?? ''}</p>
    </section>
  );
}
