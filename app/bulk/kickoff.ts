import { kickoffPath, kickoffUrl, type KickoffParams } from './bulk-protocol.ts';

/**
 * The Bulk Data kick-off request: GET with every parameter in the query, or, when `patient` is
 * given, POST with a FHIR Parameters body (the IG allows `patient` only with POST, since a list
 * of references does not fit a URL). Checks the parameters first, so a mistake is explained
 * before anything is sent.
 * @see https://hl7.org/fhir/uv/bulkdata/STU2/export.html#query-parameters
 */

/** The associated data the IG defines for `includeAssociatedData`; other values start with `_`. */
export const ASSOCIATED_DATA = ['LatestProvenanceResources', 'RelevantProvenanceResources'] as const;

/** A kick-off ready to send. */
export interface KickoffRequest {
  method: 'GET' | 'POST';
  url: string;
  /** The Parameters resource (POST). */
  body?: string;
}

const trimmed = (list: string[] | undefined) => (list ?? []).map((t) => t.trim()).filter(Boolean);

/** `Patient/123` for `123` or `Patient/123`; undefined for anything else. */
export function patientReference(value: string): string | undefined {
  const v = value.trim();
  const m = /^(?:Patient\/)?([A-Za-z0-9\-.]{1,64})$/.exec(v);
  return m ? `Patient/${m[1]}` : undefined;
}

/** What is wrong with the parameters, in words (undefined when they can be sent). */
export function kickoffProblem(p: KickoffParams): string | undefined {
  if (p.level === 'group' && !p.groupId?.trim()) return 'A Group export needs the Group id.';
  const patients = trimmed(p.patients);
  if (patients.length && p.level === 'system') return 'patient applies to Patient and Group exports only, not to a system-level export.';
  const badPatient = patients.find((x) => !patientReference(x));
  if (badPatient) return `"${badPatient}" is not a patient id or Patient/<id> reference.`;
  const badFilter = trimmed(p.typeFilters).find((f) => !/^[A-Z][A-Za-z]*\?.+=/.test(f));
  if (badFilter) return `_typeFilter "${badFilter}" is not a search such as Observation?category=laboratory (a resource type, "?", then search parameters).`;
  const badElement = trimmed(p.elements).find((e) => !/^([A-Z][A-Za-z]*\.)?[a-z][A-Za-z0-9]*$/.test(e));
  if (badElement) return `_elements "${badElement}" is not an element name such as status or Observation.code.`;
  const badData = trimmed(p.includeAssociatedData).find((d) => !(ASSOCIATED_DATA as readonly string[]).includes(d) && !/^_[A-Za-z0-9-]+$/.test(d));
  if (badData) return `includeAssociatedData "${badData}" is neither ${ASSOCIATED_DATA.join(' nor ')} nor a custom value starting with "_".`;
  return undefined;
}

/** The Parameters resource a POST kick-off carries. */
export function kickoffParameters(p: KickoffParams): Record<string, unknown> {
  const parameter: Record<string, unknown>[] = [];
  if (p.outputFormat?.trim()) parameter.push({ name: '_outputFormat', valueString: p.outputFormat.trim() });
  if (p.since?.trim()) parameter.push({ name: '_since', valueInstant: p.since.trim() });
  const types = trimmed(p.types);
  if (types.length) parameter.push({ name: '_type', valueString: types.join(',') });
  const elements = trimmed(p.elements);
  if (elements.length) parameter.push({ name: '_elements', valueString: elements.join(',') });
  for (const r of trimmed(p.patients)) parameter.push({ name: 'patient', valueReference: { reference: patientReference(r) ?? r } });
  for (const d of trimmed(p.includeAssociatedData)) parameter.push({ name: 'includeAssociatedData', valueCode: d });
  for (const f of trimmed(p.typeFilters)) parameter.push({ name: '_typeFilter', valueString: f });
  return { resourceType: 'Parameters', parameter };
}

/** The kick-off request for the profile's FHIR base; throws with the words of `kickoffProblem`. */
export function kickoffRequest(fhirBaseUrl: string, p: KickoffParams): KickoffRequest {
  const problem = kickoffProblem(p);
  if (problem) throw new Error(problem);
  if (!trimmed(p.patients).length) return { method: 'GET', url: kickoffUrl(fhirBaseUrl, p) };
  return { method: 'POST', url: `${fhirBaseUrl.replace(/\/+$/, '')}/${kickoffPath(p)}`, body: JSON.stringify(kickoffParameters(p)) };
}
