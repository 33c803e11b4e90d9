/**
 * What a FHIR server says it supports, reduced to what the console suggests while typing:
 * resource types, their search parameters and operations, and system operations.
 *
 * Why: a CapabilityStatement is large and deeply nested; the renderer needs a small list it
 * can filter on every keystroke. Servers that list no search parameters (many don't) get the
 * FHIR R4 specification's parameters, marked as such so nobody mistakes them for the server's.
 */

/** One search parameter hint. */
export interface SearchParamHint { name: string; type?: string; documentation?: string }

/** What the server supports for one resource type. */
export interface ResourceCapability {
  type: string;
  interactions: string[];
  searchParams: SearchParamHint[];
  operations: string[];
  /** Where `searchParams` came from. */
  searchParamSource: 'server' | 'fhir-spec' | 'none';
}

/** The console's view of a CapabilityStatement. */
export interface CapabilitySummary {
  url: string;
  fetchedAt: string;
  fhirVersion?: string;
  software?: string;
  resources: ResourceCapability[];
  systemOperations: string[];
  /** Parameters every search accepts (`_id`, `_count`, `_include`, ...). */
  commonSearchParams: SearchParamHint[];
}

/** Parameters FHIR R4 defines for every resource and every search result (3.1.1.4, 3.1.1.5). */
export const COMMON_SEARCH_PARAMS: SearchParamHint[] = [
  { name: '_id', type: 'token', documentation: 'Logical id of the resource' },
  { name: '_lastUpdated', type: 'date', documentation: 'When the resource last changed (ge, le, gt, lt prefixes)' },
  { name: '_tag', type: 'token' }, { name: '_profile', type: 'uri' }, { name: '_security', type: 'token' },
  { name: '_text', type: 'string' }, { name: '_content', type: 'string' }, { name: '_list', type: 'string' },
  { name: '_has', type: 'special', documentation: 'Reverse chaining: _has:Observation:patient:code=1234-5' },
  { name: '_count', type: 'number', documentation: 'Entries per page' },
  { name: '_sort', type: 'string', documentation: 'Sort order, e.g. -_lastUpdated' },
  { name: '_include', type: 'special', documentation: 'Also return referenced resources: Observation:patient' },
  { name: '_revinclude', type: 'special', documentation: 'Also return resources that refer to these: Provenance:target' },
  { name: '_summary', type: 'token', documentation: 'true | text | data | count | false' },
  { name: '_elements', type: 'string', documentation: 'Only these elements: id,status' },
  { name: '_total', type: 'token', documentation: 'none | estimate | accurate' },
  { name: '_contained', type: 'token' }, { name: '_containedType', type: 'token' },
];

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

function params(list: unknown): SearchParamHint[] {
  return arr(list).flatMap((p) => {
    const name = str(obj(p)?.name);
    if (!name) return [];
    const hint: SearchParamHint = { name };
    const type = str(obj(p)?.type);
    const doc = str(obj(p)?.documentation);
    if (type) hint.type = type;
    if (doc) hint.documentation = doc.length > 200 ? `${doc.slice(0, 197)}...` : doc;
    return [hint];
  });
}

const operations = (list: unknown): string[] => arr(list).flatMap((o) => {
  const name = str(obj(o)?.name);
  return name ? [name.replace(/^\$/, '')] : [];
});

/**
 * Reduces a CapabilityStatement to a CapabilitySummary.
 *
 * `specParams(type)` supplies the specification's parameters for types the server lists
 * without any. Throws with words when the document is not a CapabilityStatement.
 */
export function summarizeCapabilityStatement(
  doc: unknown,
  meta: { url: string; fetchedAt: string },
  specParams: (type: string) => SearchParamHint[] = () => [],
): CapabilitySummary {
  const cs = obj(doc);
  if (!cs || cs.resourceType !== 'CapabilityStatement') {
    const what = cs && typeof cs.resourceType === 'string' ? `a ${cs.resourceType}` : 'not a FHIR resource';
    throw new Error(`The server's /metadata answer is ${what}, not a CapabilityStatement.`);
  }
  const rest = arr(cs.rest).map(obj).find((r) => r?.mode === 'server') ?? obj(arr(cs.rest)[0]);
  const resources = arr(rest?.resource).flatMap((r): ResourceCapability[] => {
    const type = str(obj(r)?.type);
    if (!type) return [];
    const own = params(obj(r)?.searchParam);
    const spec = own.length ? [] : specParams(type);
    return [{
      type,
      interactions: arr(obj(r)?.interaction).flatMap((i) => str(obj(i)?.code) ?? []),
      searchParams: own.length ? own : spec,
      operations: operations(obj(r)?.operation),
      searchParamSource: own.length ? 'server' : spec.length ? 'fhir-spec' : 'none',
    }];
  }).sort((a, b) => a.type.localeCompare(b.type));
  const ownCommon = params(rest?.searchParam);
  const common = [...ownCommon, ...COMMON_SEARCH_PARAMS.filter((c) => !ownCommon.some((o) => o.name === c.name))];
  const software = obj(cs.software);
  const summary: CapabilitySummary = {
    url: meta.url,
    fetchedAt: meta.fetchedAt,
    resources,
    systemOperations: operations(rest?.operation),
    commonSearchParams: common,
  };
  const version = str(cs.fhirVersion);
  if (version) summary.fhirVersion = version;
  const name = str(software?.name);
  if (name) summary.software = [name, str(software?.version)].filter(Boolean).join(' ');
  return summary;
}
