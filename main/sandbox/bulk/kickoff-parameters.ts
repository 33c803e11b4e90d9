/**
 * The `$export` kick-off parameters, read the same way from a GET query string and from a POST
 * Parameters body, and checked the way a server that supports them must (unknown values are
 * refused in words rather than ignored).
 *
 * Why: real servers differ here, and the app's bulk form sends all of them; the sandbox honours
 * `_type`, `_since`, `_outputFormat`, `_typeFilter`, `_elements`, `patient` (POST only, as the IG
 * says) and `includeAssociatedData` so each can be seen working.
 * @see https://hl7.org/fhir/uv/bulkdata/STU2/export.html#query-parameters
 */

/** The parameters after reading. */
export interface KickoffParameters {
  outputFormat?: string;
  since?: string;
  types?: string[];
  /** `_typeFilter` searches by resource type (several for one type are OR'ed). */
  typeFilters: Map<string, URLSearchParams[]>;
  /** `_elements`: element names for every type, or for one type (`Observation.code`). */
  elements?: { all: string[]; byType: Map<string, string[]> };
  /** `patient` ids (POST only). */
  patients?: string[];
  includeAssociatedData: string[];
}

/** A parameter the server cannot accept, with the words it answers with (HTTP 400). */
export class KickoffParameterError extends Error {}

const ASSOCIATED = new Set(['LatestProvenanceResources', 'RelevantProvenanceResources']);

/** Reads a FHIR Parameters body into name/value pairs (values as the strings a query would carry). */
export function parametersToPairs(body: unknown): Array<[string, string]> {
  const params = body as { resourceType?: unknown; parameter?: unknown };
  if (!params || params.resourceType !== 'Parameters' || !Array.isArray(params.parameter)) {
    throw new KickoffParameterError('a POST kick-off carries a FHIR Parameters resource');
  }
  const out: Array<[string, string]> = [];
  for (const p of params.parameter as Record<string, unknown>[]) {
    const name = typeof p['name'] === 'string' ? p['name'] : '';
    const ref = (p['valueReference'] as { reference?: unknown } | undefined)?.reference;
    const value = [p['valueString'], p['valueInstant'], p['valueDateTime'], p['valueCode'], p['valueUri'], ref].find((v) => typeof v === 'string') as string | undefined;
    if (!name || value === undefined) throw new KickoffParameterError(`parameter ${name || '(unnamed)'} has no value this server reads (valueString, valueInstant, valueCode or valueReference)`);
    out.push([name, value]);
  }
  return out;
}

/** Reads and checks the parameters; `method` tells where they came from (patient needs POST). */
export function readKickoffParameters(pairs: Array<[string, string]>, method: 'GET' | 'POST', isResourceType: (t: string) => boolean): KickoffParameters {
  const all = (name: string) => pairs.filter(([n]) => n === name).map(([, v]) => v.trim()).filter(Boolean);
  const one = (name: string) => all(name).at(-1);
  const out: KickoffParameters = { typeFilters: new Map(), includeAssociatedData: [] };
  const format = one('_outputFormat');
  if (format) out.outputFormat = format;
  const since = one('_since');
  if (since) out.since = since;
  const types = all('_type').flatMap((v) => v.split(',')).map((t) => t.trim()).filter(Boolean);
  if (types.length) {
    const unknown = types.filter((t) => !isResourceType(t));
    if (unknown.length) throw new KickoffParameterError(`_type names unknown resource types: ${unknown.join(', ')}`);
    out.types = [...new Set(types)];
  }
  for (const filter of all('_typeFilter')) {
    const m = /^([A-Za-z]+)\?(.+)$/.exec(filter);
    if (!m || !isResourceType(m[1] ?? '')) throw new KickoffParameterError(`_typeFilter "${filter}" is not a search such as Observation?category=laboratory`);
    const list = out.typeFilters.get(m[1]!) ?? [];
    list.push(new URLSearchParams(m[2]));
    out.typeFilters.set(m[1]!, list);
  }
  const elements = all('_elements').flatMap((v) => v.split(',')).map((e) => e.trim()).filter(Boolean);
  if (elements.length) {
    const spec = { all: [] as string[], byType: new Map<string, string[]>() };
    for (const e of elements) {
      const m = /^(?:([A-Z][A-Za-z]*)\.)?([a-z][A-Za-z0-9]*)$/.exec(e);
      if (!m) throw new KickoffParameterError(`_elements "${e}" is not an element name such as status or Observation.code`);
      if (m[1]) spec.byType.set(m[1], [...(spec.byType.get(m[1]) ?? []), m[2]!]);
      else spec.all.push(m[2]!);
    }
    out.elements = spec;
  }
  const patients = all('patient');
  if (patients.length) {
    if (method !== 'POST') throw new KickoffParameterError('the patient parameter is only supported in a POST kick-off (a Parameters body), as the Bulk Data IG specifies');
    const ids = patients.map((r) => /^(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(r)?.[1]);
    const bad = patients.find((_r, i) => !ids[i]);
    if (bad) throw new KickoffParameterError(`patient "${bad}" is not a Patient reference`);
    out.patients = ids as string[];
  }
  for (const d of all('includeAssociatedData')) {
    if (!ASSOCIATED.has(d) && !d.startsWith('_')) throw new KickoffParameterError(`includeAssociatedData "${d}" is not supported (LatestProvenanceResources, RelevantProvenanceResources)`);
    out.includeAssociatedData.push(d);
  }
  return out;
}

/** Mandatory elements `_elements` never removes. */
const KEPT = new Set(['resourceType', 'id', 'meta']);

/** A resource reduced to the requested elements, tagged SUBSETTED as FHIR search requires. */
export function subsetElements(resource: Record<string, unknown>, elements: NonNullable<KickoffParameters['elements']>): Record<string, unknown> {
  const type = String(resource['resourceType'] ?? '');
  const wanted = new Set([...elements.all, ...(elements.byType.get(type) ?? [])]);
  if (!wanted.size) return resource;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(resource)) if (KEPT.has(k) || wanted.has(k)) out[k] = v;
  const meta = { ...((out['meta'] as Record<string, unknown> | undefined) ?? {}) };
  const tags = Array.isArray(meta['tag']) ? [...meta['tag']] : [];
  tags.push({ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationValue', code: 'SUBSETTED', display: 'subsetted' });
  out['meta'] = { ...meta, tag: tags };
  return out;
}
