import type { DiscoveredDocument, DiscoveryResult, FoundEndpoints } from '../../../app/contract/index.ts';
import { bySeverity } from '../../../app/conformance/index.ts';
import { DOCUMENT_LABELS } from '../../../app/discovery/index.ts';
import { DiagnosisView } from './diagnosis-view.tsx';
import { FindingsList } from './findings-list.tsx';
import { Alert } from './ui/alert.tsx';

/** Each endpoint field and the metadata member name people know it by. */
const FIELDS: [keyof FoundEndpoints, string][] = [
  ['authorizeEndpoint', 'authorization_endpoint'], ['tokenEndpoint', 'token_endpoint'], ['introspectionEndpoint', 'introspection_endpoint'],
  ['revocationEndpoint', 'revocation_endpoint'], ['registrationEndpoint', 'registration_endpoint'], ['jwksUri', 'jwks_uri'],
  ['userinfoEndpoint', 'userinfo_endpoint'], ['managementEndpoint', 'management_endpoint'], ['issuer', 'issuer'],
];

const FORM: Record<DiscoveredDocument['form'], string> = { suffix: 'suffix form', 'path-insertion': 'path-insertion form' };

/** The summary's tone: what a developer should feel about this result. */
function tone(r: DiscoveryResult): 'error' | 'warning' | 'info' | 'success' {
  if (r.cancelled) return 'warning';
  if (r.source === 'none') return 'error';
  if (r.disagreements.length || r.source === 'capability-statement') return 'warning';
  return 'success';
}

function Chips({ label, items }: { label: string; items: string[] }) {
  if (!items.length) return null;
  return <tr><th scope="row" className="mono">{label}</th><td><span className="chips">{items.map((i) => <code key={i} className="chip">{i}</code>)}</span></td></tr>;
}

/** Where one document was fetched and how it went. */
function DocumentRow({ d }: { d: DiscoveredDocument }) {
  const f = d.fetch;
  const status = d.usable ? <span className="badge ok">used</span>
    : d.issuerProblem ? <span className="badge warning">not used</span>
      : <span className="badge">{f.status !== undefined ? `HTTP ${f.status}` : 'no answer'}</span>;
  return (
    <li>
      <div className="row">
        <strong>{DOCUMENT_LABELS[d.kind]}</strong>
        {d.kind !== 'smart-configuration' && d.kind !== 'capability-statement' && <span className="muted">{FORM[d.form]}{d.role === 'issuer' ? ', at the issuer' : ''}</span>}
        {status}
        {f.durationMs !== undefined && <span className="muted small">{f.durationMs} ms</span>}
      </div>
      <div className="mono small">{f.url}</div>
      {(d.issuerProblem ?? f.problem) && <div className="muted small">{d.issuerProblem ?? f.problem}</div>}
    </li>
  );
}

/**
 * A discovery result for people: the summary, every endpoint with the document it came from
 * (and where documents disagree), how the authorization server's metadata was found, each
 * document tried, the server's capabilities, and the conformance findings.
 */
export function DiscoveryView({ result: r }: { result: DiscoveryResult }) {
  if (r.cancelled) return <Alert tone="warning">{r.summary}</Alert>;
  const shown = FIELDS.filter(([k]) => r.endpoints[k]);
  return (
    <div className="stack discovery-view">
      <Alert tone={tone(r)}>{r.summary}</Alert>
      {/* main's diagnosis of the exchange that decided (ranked by app/diagnosis), when there is something to say first */}
      {r.diagnosis && (r.diagnosis.outcome === 'failed' || r.diagnosis.headline) && <DiagnosisView diagnosis={r.diagnosis} showFindings={false} />}
      {r.startNote && <p className="muted small">{r.startNote}</p>}
      {shown.length > 0 && (
        <table className="kv provenance" aria-label="Discovered endpoints">
          <thead><tr><th scope="col">Endpoint</th><th scope="col">Value</th><th scope="col">From</th></tr></thead>
          <tbody>
            {shown.map(([k, member]) => {
              const p = r.provenance.find((x) => x.field === k);
              return (
                <tr key={k} className={p?.disagrees ? 'disagrees' : undefined}>
                  <th scope="row" className="mono">{member}</th>
                  <td className="mono">{r.endpoints[k]}</td>
                  <td>
                    {p && <span title={p.from.url}>{DOCUMENT_LABELS[p.from.kind]}</span>}
                    {p?.disagrees && <span className="badge warning">disagrees</span>}
                    {p && p.others.length > 0 && (
                      <div className="muted small">
                        {p.others.map((o) => (
                          <div key={o.from.url}>{o.value === p.value ? 'also in' : 'differs in'} {DOCUMENT_LABELS[o.from.kind]}{o.value === p.value ? '' : <>: <span className="mono">{o.value}</span></>}</div>
                        ))}
                      </div>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {r.disagreements.length > 0 && (
        <Alert tone="warning" title="The documents disagree">
          <ul className="plain-list">{r.disagreements.map((d) => <li key={d}>{d}</li>)}</ul>
          <p className="small">Flows use the first document's value (SMART configuration, then the authorization server's metadata, then the CapabilityStatement). Type the right one in the profile to override it.</p>
        </Alert>
      )}
      {r.issuerSearch && (
        <p className="small">
          {r.issuerSearch.how === 'named'
            ? <>The first documents named only some endpoints, so the authorization server's own metadata was looked for at the issuer they name, <code>{r.issuerSearch.from}</code>: </>
            : <>The first documents named only some endpoints and no issuer, so the authorization server's metadata was looked for up the token endpoint's path (<code>{r.issuerSearch.from}</code>); tried {r.issuerSearch.tried.map((t, i) => <span key={t}>{i ? ', ' : ''}<code>{t}</code></span>)}: </>}
          {r.issuerSearch.found ? <>found at <code>{r.issuerSearch.found}</code>.</> : 'not found.'}
        </p>
      )}
      <details>
        <summary>Documents read ({r.documents.length})</summary>
        <ul className="doc-list">{r.documents.map((d) => <DocumentRow key={d.fetch.url} d={d} />)}</ul>
      </details>
      {(r.capabilities.length + r.grantTypes.length + r.authMethods.length + r.signingAlgs.length + r.codeChallengeMethods.length > 0) && (
        <table className="kv" aria-label="Server capabilities">
          <tbody>
            <Chips label="capabilities" items={r.capabilities} />
            <Chips label="grant_types_supported" items={r.grantTypes} />
            <Chips label="token_endpoint_auth_methods_supported" items={r.authMethods} />
            <Chips label="token_endpoint_auth_signing_alg_values_supported" items={r.signingAlgs} />
            <Chips label="code_challenge_methods_supported" items={r.codeChallengeMethods} />
          </tbody>
        </table>
      )}
      {r.scopesSupported.length > 0 && (
        <details>
          <summary>scopes_supported ({r.scopesSupported.length})</summary>
          <p className="mono">{r.scopesSupported.join(' ')}</p>
        </details>
      )}
      <FindingsList findings={bySeverity(r.findings)} title="Discovery findings (SMART configuration and CapabilityStatement)" emptyText="No problems found in the SMART discovery documents." />
    </div>
  );
}
