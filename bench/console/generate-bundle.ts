/**
 * A synthetic FHIR searchset Bundle of a chosen size, for the console benchmark.
 *
 * Why: the console must show a 50 MB search result without freezing; the benchmark needs such
 * a body, built deterministically (same bytes every run) and with what real Bundles carry:
 * paging links, fullUrls, references, codings, nested arrays.
 */

/** One Observation entry; `i` makes every entry distinct. */
function entry(base: string, i: number): string {
  const id = `obs-${String(i).padStart(8, '0')}`;
  const patient = `pat-${i % 977}`;
  const resource = {
    resourceType: 'Observation',
    id,
    meta: { versionId: '1', lastUpdated: '2024-05-01T10:00:00.000Z', profile: ['http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab'] },
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory', display: 'Laboratory' }] }],
    code: { coding: [{ system: 'http://loinc.org', code: '4548-4', display: 'Hemoglobin A1c/Hemoglobin.total in Blood' }], text: 'HbA1c' },
    subject: { reference: `Patient/${patient}`, display: `Patient ${patient}` },
    encounter: { reference: `Encounter/enc-${i % 3001}` },
    effectiveDateTime: `2023-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T09:30:00Z`,
    issued: '2023-06-01T12:00:00.000Z',
    performer: [{ reference: `Practitioner/pr-${i % 41}` }],
    valueQuantity: { value: 5 + (i % 50) / 10, unit: '%', system: 'http://unitsofmeasure.org', code: '%' },
    interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: i % 7 === 0 ? 'H' : 'N' }] }],
    referenceRange: [{ low: { value: 4, unit: '%' }, high: { value: 5.6, unit: '%' }, text: 'normal' }],
    note: [{ text: `Synthetic result number ${i} for the console benchmark.` }],
  };
  return JSON.stringify({ fullUrl: `${base}/Observation/${id}`, resource, search: { mode: 'match' } });
}

/** A searchset Bundle of about `targetBytes` bytes (UTF-8), as text. */
export function generateSearchBundle(targetBytes: number, base = 'http://127.0.0.1/fhir'): { text: string; entries: number } {
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  while (size < targetBytes - 600) {
    const e = entry(base, i++);
    parts.push(e);
    size += e.length + 1;
  }
  const head = JSON.stringify({
    resourceType: 'Bundle', id: 'bench-searchset', type: 'searchset', total: i,
    link: [{ relation: 'self', url: `${base}/Observation?code=4548-4` }, { relation: 'next', url: `${base}/Observation?code=4548-4&_offset=${i}` }],
  });
  return { text: `${head.slice(0, -1)},"entry":[${parts.join(',')}]}`, entries: i };
}
