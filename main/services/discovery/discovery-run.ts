import type { DiscoveredDocument, DiscoveryFetch, DiscoveryResult, IssuerSearch } from '../../../app/contract/index.ts';
import { inspectDiscovery } from '../../../app/conformance/index.ts';
import { oauthUris } from '../../../app/conformance/discovery/index.ts';
import {
  AS_METADATA_KINDS, authorizationServerLocations, capabilityEndpoints, discoveryLocations, DOCUMENT_LABELS, endpointCount, issuerCandidates,
  mergeEndpoints, metadataEndpoints, sameIssuer, type DocumentLocation, type FoundEndpoints, type FoundField,
} from '../../../app/discovery/index.ts';
import type { Profile } from '../../../app/profiles/index.ts';
import { headersRecord } from '../tokens/http/index.ts';
import { diagnoseExchange } from '../diagnosis/index.ts';
import { cancelledProblem, fetchDocument, type DocumentFetchDeps, type FetchedDocument } from './document-fetch.ts';

/**
 * One discovery, from any URL: the documents at the starting URL (SMART configuration, RFC 8414
 * and OpenID Connect metadata in both forms, the CapabilityStatement), then, when they name only
 * some endpoints and no authorization server metadata was found, that server's own metadata: at
 * the issuer a document names, else up the token endpoint's path. Everything found is merged
 * with its provenance; the SMART configuration and the CapabilityStatement keep their checks.
 *
 * `quick` (the token flows' mode) stops after the SMART configuration when it names every
 * endpoint the flow needs, so a token run costs one request, as it always did.
 */

/** How a discovery runs. */
export interface DiscoveryPlan {
  profile: Profile;
  /** The base or issuer discovery starts from (already turned from a document URL into its base). */
  base: string;
  startNote?: string;
  /** Stop after the SMART configuration when it names these endpoints (the token flows). */
  quick?: FoundField[];
  now: () => number;
}

/** Endpoints whose absence makes discovery look for the authorization server's own metadata. */
const CORE: FoundField[] = ['tokenEndpoint', 'jwksUri', 'revocationEndpoint', 'introspectionEndpoint'];

interface Read extends DiscoveredDocument { fetched: FetchedDocument }

const isMetadataKind = (k: string) => (AS_METADATA_KINDS as readonly string[]).includes(k);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Reads a fetched document: its endpoints, and whether they may be used. */
function readFetched(fetched: FetchedDocument, role: Read['role'], base: string, expectedIssuer: string): Read {
  const { location, fetch, doc } = fetched;
  const read: Read = { kind: location.kind, form: location.form, role, fetch, endpoints: {}, usable: false, fetched };
  if (!doc) return read;
  if (location.kind === 'capability-statement') {
    const uris = oauthUris(doc, base)?.uris;
    if (!uris) fetch.problem ??= 'The CapabilityStatement has no rest.security oauth-uris extension, so it names no OAuth endpoints.';
    read.endpoints = uris ? capabilityEndpoints(uris) : {};
    read.usable = endpointCount(read.endpoints) > 0;
    return read;
  }
  read.endpoints = metadataEndpoints(doc, base);
  if (location.kind === 'smart-configuration') {
    read.usable = !!(read.endpoints.tokenEndpoint || read.endpoints.authorizeEndpoint);
    if (!read.usable) fetch.problem ??= 'The SMART configuration lists neither token_endpoint nor authorization_endpoint.';
    return read;
  }
  // RFC 8414 §3.3 (and OpenID Connect Discovery §4.3): the issuer must be the one the URL was built from.
  const issuer = read.endpoints.issuer;
  if (!issuer) read.issuerProblem = `It names no issuer, so it cannot be matched with ${expectedIssuer} (RFC 8414 §3.3 requires issuer); its endpoints are shown but not used.`;
  else if (!sameIssuer(issuer, expectedIssuer)) read.issuerProblem = `Its issuer is ${issuer}, not ${expectedIssuer} it was fetched for; RFC 8414 §3.3 says such metadata must not be used, so its endpoints are shown but not used.`;
  read.usable = !read.issuerProblem && endpointCount(read.endpoints) > 0;
  if (!read.issuerProblem && endpointCount(read.endpoints) === 0) fetch.problem ??= 'The metadata names no endpoints.';
  return read;
}

/** Order of precedence: SMART configuration, the authorization server's metadata (at the start, then at its issuer), the CapabilityStatement. */
function precedence(reads: Read[]): Read[] {
  const rank = (r: Read) => (r.kind === 'smart-configuration' ? 0 : r.kind === 'capability-statement' ? 3 : r.role === 'start' ? 1 : 2);
  return reads.map((r, i) => ({ r, i })).sort((a, b) => rank(a.r) - rank(b.r) || a.i - b.i).map((x) => x.r);
}

/** Fetches several locations at once, skipping URLs already fetched. */
async function fetchAll(deps: DocumentFetchDeps, locations: DocumentLocation[], seen: Set<string>): Promise<FetchedDocument[]> {
  const fresh = locations.filter((l) => !seen.has(l.url));
  for (const l of fresh) seen.add(l.url);
  return Promise.all(fresh.map((l) => fetchDocument(deps, l)));
}

/** The issuer a document names, other than the starting URL (where it was already looked for). */
function namedIssuer(reads: Read[], base: string): string | undefined {
  for (const r of precedence(reads)) {
    const issuer = r.endpoints.issuer;
    if (issuer && !sameIssuer(issuer, base) && /^https?:\/\//i.test(issuer)) return issuer;
  }
  return undefined;
}

/** Runs one discovery (see the module comment); `signal` cancels it. */
export async function runDiscovery(deps: DocumentFetchDeps, plan: DiscoveryPlan): Promise<DiscoveryResult> {
  const { base, profile } = plan;
  const seen = new Set<string>();
  const [smartLocation, ...rest] = discoveryLocations(base) as [DocumentLocation, ...DocumentLocation[]];
  const reads: Read[] = [];
  const add = (docs: FetchedDocument[], role: Read['role'], issuer: string) => { for (const d of docs) reads.push(readFetched(d, role, base, issuer)); };

  add(await fetchAll(deps, [smartLocation], seen), 'start', base);
  const smart = reads[0] as Read;
  const quickEnough = plan.quick && smart.usable && plan.quick.every((f) => smart.endpoints[f]);
  if (!quickEnough && !deps.signal.aborted) add(await fetchAll(deps, rest, seen), 'start', base);

  let issuerSearch: IssuerSearch | undefined;
  const foundMetadata = () => reads.some((r) => isMetadataKind(r.kind) && r.usable);
  const merged = () => mergeEndpoints(precedence(reads).map((r) => ({ source: { kind: r.kind, url: r.fetch.url }, endpoints: r.endpoints, usable: r.usable })));
  if (!quickEnough && !deps.signal.aborted && !foundMetadata() && CORE.some((f) => !merged().endpoints[f])) {
    const named = namedIssuer(reads, base);
    const token = merged().endpoints.tokenEndpoint;
    const candidates = named ? [named] : token ? issuerCandidates(token).filter((c) => !sameIssuer(c, base)) : [];
    if (candidates.length) {
      issuerSearch = { how: named ? 'named' : 'walked-up', from: named ?? token ?? '', tried: [] };
      for (const candidate of candidates) {
        if (deps.signal.aborted) break;
        issuerSearch.tried.push(candidate);
        add(await fetchAll(deps, authorizationServerLocations(candidate), seen), 'issuer', candidate);
        if (foundMetadata()) {
          issuerSearch.found = candidate;
          break;
        }
      }
    }
  }

  if (deps.signal.aborted) return cancelledResult(plan, reads);
  const ordered = precedence(reads);
  const { endpoints, provenance, disagreements } = merged();
  const chosen = provenance.find((p) => p.field === 'tokenEndpoint') ?? provenance[0];
  const source: DiscoveryResult['source'] = chosen ? chosen.from.kind : 'none';
  const cs = reads.find((r) => r.kind === 'capability-statement');
  const smartDoc = smart.usable ? smart.fetched.doc : undefined;
  const tokenSource = chosen ? reads.find((r) => r.fetch.url === chosen.from.url) : undefined;
  const document = smartDoc ?? (tokenSource && isMetadataKind(tokenSource.kind) ? tokenSource.fetched.doc : undefined);
  const findings = inspectDiscovery({
    fhirBaseUrl: base, requestUrl: smart.fetch.url, status: smart.fetched.res?.status,
    headers: smart.fetched.res ? headersRecord(smart.fetched.res.headers) : {}, rawBody: smart.fetched.res?.bodyText,
    capabilityStatement: cs?.fetched.res?.bodyText,
  }, { now: Math.floor(plan.now() / 1000) });
  const doc = document ?? {};
  const result: DiscoveryResult = {
    profileId: profile.id, fhirBaseUrl: profile.fhirBaseUrl, url: base, source, fetchedAt: new Date(plan.now()).toISOString(),
    wellKnown: smart.fetch, endpoints, documents: ordered.map(view), provenance, disagreements,
    capabilities: strings(doc['capabilities']), grantTypes: strings(doc['grant_types_supported']), scopesSupported: strings(doc['scopes_supported']),
    signingAlgs: strings(doc['token_endpoint_auth_signing_alg_values_supported']),
    authMethods: strings(doc['token_endpoint_auth_methods_supported'] ?? doc['token_endpoint_auth_methods']),
    codeChallengeMethods: strings(doc['code_challenge_methods_supported']),
    findings, summary: summarize(base, ordered, provenance, disagreements, smart.fetch, cs?.fetch),
  };
  if (plan.startNote) result.startNote = plan.startNote;
  if (cs) result.metadata = cs.fetch;
  if (document) result.document = document;
  if (issuerSearch) result.issuerSearch = issuerSearch;
  // The diagnosis of the exchange that decided: the document the token endpoint came from, else the SMART configuration.
  result.diagnosis = await diagnoseDocument(source !== 'none' && tokenSource ? tokenSource.fetched : smart.fetched, base, plan.now());
  return result;
}

/** diagnose() of one discovery document's exchange. */
function diagnoseDocument(f: FetchedDocument, fhirBaseUrl: string, nowMs: number) {
  return diagnoseExchange({
    endpoint: 'discovery', context: { fhirBaseUrl },
    request: { method: 'GET', url: f.fetch.url, headers: { accept: f.accept ?? 'application/json' } },
    ...(f.res ? { response: { status: f.res.status, headers: f.res.headers, bodyText: f.res.bodyText } } : f.failure ? { failure: f.failure } : {}),
  }, { nowMs });
}

/** A document as the renderer sees it (without the response). */
function view(r: Read): DiscoveredDocument {
  const out: DiscoveredDocument = { kind: r.kind, form: r.form, role: r.role, fetch: r.fetch, endpoints: r.endpoints, usable: r.usable };
  if (r.issuerProblem) out.issuerProblem = r.issuerProblem;
  return out;
}

/**
 * The result of a cancelled discovery: nothing found, the problem "cancelled", no findings (a
 * request the user stopped says nothing about the server).
 */
export function cancelledResult(plan: Pick<DiscoveryPlan, 'profile' | 'base' | 'now'>, reads: { fetch: DiscoveryFetch; kind: string }[]): DiscoveryResult {
  const smart = reads.find((r) => r.kind === 'smart-configuration')?.fetch ?? { url: `${plan.base}/.well-known/smart-configuration` };
  const last = reads.at(-1)?.fetch ?? smart;
  // Cancelled just as an answer arrived: the answer is dropped, and the last fetch says why.
  last.problem ??= cancelledProblem(last.url);
  const cs = reads.find((r) => r.kind === 'capability-statement')?.fetch;
  const result: DiscoveryResult = {
    profileId: plan.profile.id, fhirBaseUrl: plan.profile.fhirBaseUrl, url: plan.base, source: 'none', fetchedAt: new Date(plan.now()).toISOString(),
    wellKnown: smart, endpoints: {}, documents: [], provenance: [], disagreements: [], capabilities: [], grantTypes: [], scopesSupported: [], signingAlgs: [],
    authMethods: [], codeChallengeMethods: [], findings: [], summary: `Discovery was cancelled before ${last.url} answered; nothing was found.`, cancelled: true,
  };
  if (cs) result.metadata = cs;
  return result;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One paragraph: what was found where, or why nothing was. */
function summarize(base: string, reads: Read[], provenance: DiscoveryResult['provenance'], disagreements: string[], smart: DiscoveryFetch, cs: DiscoveryFetch | undefined): string {
  const found = provenance.filter((p) => p.field !== 'issuer');
  if (!found.length) {
    const metadata = reads.filter((r) => isMetadataKind(r.kind)).map((r) => r.issuerProblem ?? r.fetch.problem).filter(Boolean);
    return `No OAuth endpoints found. SMART configuration: ${smart.problem ?? 'unusable'} CapabilityStatement: ${cs?.problem ?? 'not fetched'}`
      + (metadata.length ? ` Authorization server metadata at ${base}: ${metadata[0]}${metadata.length > 1 ? ` (and ${metadata.length - 1} more like it)` : ''}` : '');
  }
  const bySource = new Map<string, string[]>();
  for (const p of found) {
    const key = `${DOCUMENT_LABELS[p.from.kind]} (${p.from.url})`;
    bySource.set(key, [...(bySource.get(key) ?? []), p.field.replace(/Endpoint$/, '').replace('jwksUri', 'jwks_uri')]);
  }
  const onlySmart = bySource.size === 1 && found[0]?.from.kind === 'smart-configuration';
  const onlyCs = bySource.size === 1 && found[0]?.from.kind === 'capability-statement';
  let text: string;
  if (onlySmart) text = `Found ${plural(found.length, 'endpoint')} in the SMART configuration (${smart.url}).`;
  else if (onlyCs) text = `No usable SMART configuration (${smart.problem ?? 'unusable'}); found ${plural(found.length, 'endpoint')} in the CapabilityStatement's oauth-uris extension instead.`;
  else text = `Found ${plural(found.length, 'endpoint')}: ${[...bySource].map(([doc, fields]) => `${fields.join(', ')} from the ${doc}`).join('; ')}.`;
  if (disagreements.length) text += ` The documents disagree on ${plural(disagreements.length, 'value')}; the first document in order is used (see below).`;
  return text;
}
