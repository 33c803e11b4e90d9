/** Things the user should know about a check that are not rule findings (assumptions, skipped checks). */
export function Notes({ notes, title = 'Notes' }: { notes: string[]; title?: string }) {
  if (notes.length === 0) return null;
  return (
    <section className="notes" aria-label={title}>
      <h4>{title}</h4>
      <ul>{notes.map((n) => <li key={n}>{n}</li>)}</ul>
    </section>
  );
}
