import { lazy, Suspense, useId, useMemo } from 'react';
import { CONSOLE_METHODS, checkJson, resolveConsoleUrl } from '../../../../../app/console/index.ts';
import type { Profile } from '../../../../../app/profiles/index.ts';
import { cancelRequest, sendRequest, useCapabilities } from '../api/console-queries.ts';
import { pathSuggestions, resourceTypeOf, searchParamsFor } from '../lib/suggestions.ts';
import { useConsoleStore } from '../stores/console-store.ts';
import { PairsEditor } from './pairs-editor.tsx';

const JsonBodyEditor = lazy(() => import('./json-body-editor.tsx'));

const COMMON_HEADERS = ['Accept', 'Content-Type', 'Prefer', 'If-Match', 'If-None-Match', 'If-None-Exist', 'If-Modified-Since', 'X-Request-Id', 'Cache-Control'];

/** Words for the body's JSON problem, or undefined when it is fine or not JSON. */
function bodyProblem(body: string, headers: { name: string; value: string; enabled: boolean }[]): string | undefined {
  if (!body.trim()) return undefined;
  const type = headers.find((h) => h.enabled && h.name.trim().toLowerCase() === 'content-type')?.value;
  if (type && !/[/+]json\b/i.test(type)) return undefined;
  const p = checkJson(body);
  return p ? `Not valid JSON${p.line ? ` at line ${p.line}, column ${p.column}` : ''}: ${p.message}` : undefined;
}

/**
 * The request: method, path (relative to the profile's FHIR base, or absolute) with
 * CapabilityStatement suggestions, query parameters, headers and a JSON body; Send or Cancel.
 */
export function RequestEditor({ profile }: { profile: Profile | undefined }) {
  const draft = useConsoleStore((s) => s.draft);
  const draftChanged = useConsoleStore((s) => s.draftChanged);
  const exchange = useConsoleStore((s) => s.exchange);
  const curlToggled = useConsoleStore((s) => s.curlToggled);
  const caps = useCapabilities(profile?.id);
  const ids = { paths: useId(), params: useId(), headers: useId(), body: useId(), url: useId() };
  const paths = useMemo(() => pathSuggestions(draft.path, caps.data), [draft.path, caps.data]);
  const params = useMemo(() => searchParamsFor(resourceTypeOf(draft.path, profile?.fhirBaseUrl), caps.data), [draft.path, caps.data, profile?.fhirBaseUrl]);
  const hasBody = !['GET', 'HEAD', 'DELETE'].includes(draft.method);
  const problem = hasBody ? bodyProblem(draft.body, draft.headers) : undefined;
  const running = exchange.kind === 'running' ? exchange : undefined;
  let url: string | undefined;
  let urlError: string | undefined;
  if (profile) {
    try { url = resolveConsoleUrl(profile.fhirBaseUrl, draft.path, draft.query); } catch (e) { urlError = (e as Error).message; }
  }
  const blocked = !profile ? 'Choose a profile first.' : urlError ?? problem;
  const send = () => { if (profile && !blocked) void sendRequest(profile.id, draft); };
  const enabledCount = (rows: { enabled: boolean; name: string }[]) => rows.filter((r) => r.enabled && r.name.trim()).length;

  return (
    <section className="card stack request" aria-label="Request">
      <form className="row request-line" onSubmit={(e) => { e.preventDefault(); send(); }}>
        <select aria-label="Method" value={draft.method} onChange={(e) => draftChanged({ method: e.target.value as typeof draft.method })} className="method">
          {CONSOLE_METHODS.map((m) => <option key={m}>{m}</option>)}
        </select>
        <input type="text" className="path mono" aria-label="Path or URL" list={ids.paths} value={draft.path} aria-describedby={ids.url}
          placeholder="Observation?code=4548-4, Patient/123, or an absolute URL" spellCheck={false} autoComplete="off"
          onChange={(e) => draftChanged({ path: e.target.value })} aria-invalid={!!urlError} />
        <datalist id={ids.paths}>{paths.map((p) => <option key={p} value={p} />)}</datalist>
        {running
          ? <button type="button" className="btn danger" onClick={() => void cancelRequest(running.requestId)}>Cancel</button>
          : <button type="submit" className="btn primary" disabled={!!blocked} title={blocked}>Send</button>}
        <button type="button" className="btn" disabled={!profile || !!urlError} onClick={() => curlToggled(true)}>Copy as curl</button>
      </form>
      <div id={ids.url} className="small-print">
        {urlError ? <span className="error-text" role="alert">{urlError}</span> : url ? <span className="mono muted url-line">{draft.method} {url}</span> : null}
        {caps.error && <span className="muted"> · Suggestions unavailable: {caps.error.message}</span>}
        {caps.data && <span className="muted"> · Suggestions from {caps.data.software ?? 'the server'}'s CapabilityStatement ({caps.data.resources.length} resource type{caps.data.resources.length === 1 ? '' : 's'})</span>}
      </div>
      <datalist id={ids.params}>{params.map((p) => <option key={p.name} value={p.name}>{[p.type, p.documentation].filter(Boolean).join(': ')}</option>)}</datalist>
      <datalist id={ids.headers}>{COMMON_HEADERS.map((h) => <option key={h} value={h} />)}</datalist>
      <details open={draft.query.length > 0}>
        <summary>Query parameters ({enabledCount(draft.query)})</summary>
        <PairsEditor label="query parameter" rows={draft.query} onChange={(query) => draftChanged({ query })} listId={ids.params} namePlaceholder="search parameter" />
      </details>
      <details open={draft.headers.length > 0}>
        <summary>Headers ({enabledCount(draft.headers)})</summary>
        <p className="muted small-print">Accept (and Content-Type with a body) default to application/fhir+json. The profile's token is added by the app unless you type your own Authorization header.</p>
        <PairsEditor label="header" rows={draft.headers} onChange={(headers) => draftChanged({ headers })} listId={ids.headers} namePlaceholder="header name" />
      </details>
      {hasBody && (
        <div className="stack tight">
          <span className="label">Body</span>
          <Suspense fallback={<textarea aria-label="Request body (JSON)" rows={10} value={draft.body} onChange={(e) => draftChanged({ body: e.target.value })} />}>
            <JsonBodyEditor value={draft.body} onChange={(body) => draftChanged({ body })} invalid={!!problem} describedBy={ids.body} />
          </Suspense>
          <div id={ids.body} className="small-print">
            {problem ? <span className="error-text" role="alert">{problem}. Fix it before sending.</span> : <span className="muted">JSON is checked as you type.</span>}
          </div>
        </div>
      )}
    </section>
  );
}
