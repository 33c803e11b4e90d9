/**
 * The FHIR Bulk Data Access async pattern, as pure functions: building the kick-off URL,
 * reading Retry-After and X-Progress, and checking the completion manifest.
 *
 * Why: the runner in main polls for minutes and the tests must pin time; keeping the protocol
 * decisions here lets both be tested without a server or a clock.
 * @see https://hl7.org/fhir/uv/bulkdata/STU2/export.html
 */
import { z } from 'zod';

/** Where an export starts. */
export type ExportLevel = 'system' | 'patient' | 'group';

/** The kick-off parameters the runner offers (Bulk Data 2.0 §Query Parameters). */
export interface KickoffParams {
  level: ExportLevel;
  groupId?: string;
  types?: string[];
  since?: string;
  outputFormat?: string;
  typeFilters?: string[];
  /** `_elements`: element names, or `Type.element`, to return (the rest is left out, meta.tag SUBSETTED). */
  elements?: string[];
  /** `patient`: only these patients (Patient and Group level; sent with POST, as the IG requires). */
  patients?: string[];
  /** `includeAssociatedData`: e.g. LatestProvenanceResources. */
  includeAssociatedData?: string[];
}

const trimmed = (list: string[] | undefined) => (list ?? []).map((t) => t.trim()).filter(Boolean);

/** The operation's path under the FHIR base. Throws with words for a group export without an id. */
export function kickoffPath(p: Pick<KickoffParams, 'level' | 'groupId'>): string {
  if (p.level === 'system') return '$export';
  if (p.level === 'patient') return 'Patient/$export';
  const id = p.groupId?.trim();
  if (!id) throw new Error('A Group export needs the Group id.');
  return `Group/${encodeURIComponent(id)}/$export`;
}

/** The kick-off URL (GET, every parameter in the query) for the profile's FHIR base. */
export function kickoffUrl(fhirBaseUrl: string, p: KickoffParams): string {
  const base = fhirBaseUrl.replace(/\/+$/, '');
  const path = kickoffPath(p);
  const q = new URLSearchParams();
  const types = trimmed(p.types);
  if (types.length) q.set('_type', types.join(','));
  if (p.since?.trim()) q.set('_since', p.since.trim());
  if (p.outputFormat?.trim()) q.set('_outputFormat', p.outputFormat.trim());
  for (const f of trimmed(p.typeFilters)) q.append('_typeFilter', f);
  const elements = trimmed(p.elements);
  if (elements.length) q.set('_elements', elements.join(','));
  for (const d of trimmed(p.includeAssociatedData)) q.append('includeAssociatedData', d);
  const qs = q.toString().replace(/%2C/g, ',');
  return `${base}/${path}${qs ? `?${qs}` : ''}`;
}

/** Default wait when the server sends no usable Retry-After. */
export const DEFAULT_POLL_MS = 2000;
/** The runner never waits longer than this between polls, whatever the server asks. */
export const MAX_POLL_MS = 120_000;
/** Nor shorter than this (a Retry-After of 0 would otherwise spin). */
export const MIN_POLL_MS = 250;

/**
 * Milliseconds to wait, from a Retry-After header (delay-seconds or an HTTP-date), clamped to
 * [MIN_POLL_MS, MAX_POLL_MS]; `fallback` when absent or unreadable.
 */
export function retryAfterMs(header: string | undefined, nowMs: number, fallback = DEFAULT_POLL_MS): number {
  const clamp = (ms: number) => Math.min(MAX_POLL_MS, Math.max(MIN_POLL_MS, Math.round(ms)));
  const v = header?.trim();
  if (!v) return clamp(fallback);
  if (/^\d+(\.\d+)?$/.test(v)) return clamp(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? clamp(fallback) : clamp(at - nowMs);
}

/** X-Progress as text plus a percentage when the text carries one ("45%", "in progress (45%)", "3/10"). */
export function readProgress(header: string | undefined): { text: string; percent?: number } | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  const pct = /(\d+(?:\.\d+)?)\s*%/.exec(text);
  if (pct) return { text, percent: Math.min(100, Math.max(0, Number(pct[1]))) };
  const frac = /\b(\d+)\s*(?:\/|of)\s*(\d+)\b/.exec(text);
  if (frac && Number(frac[2]) > 0) return { text, percent: Math.min(100, (Number(frac[1]) / Number(frac[2])) * 100) };
  return { text };
}

const OutputFile = z.object({ type: z.string(), url: z.string().min(1), count: z.number().int().nonnegative().optional() });

/** The completion manifest (a 200 on the status URL). */
export const BulkManifest = z.object({
  transactionTime: z.string(),
  request: z.string(),
  requiresAccessToken: z.boolean(),
  output: z.array(OutputFile),
  error: z.array(OutputFile).default([]),
  deleted: z.array(OutputFile).optional(),
});
/** A parsed manifest. */
export type BulkManifest = z.infer<typeof BulkManifest>;

/** Parses a manifest; throws with words naming the first problem. */
export function parseManifest(text: string): BulkManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('The export finished but its manifest is not JSON.');
  }
  const parsed = BulkManifest.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new Error(`The export's manifest is not a Bulk Data manifest (${i?.path.join('.') || 'root'}: ${i?.message ?? 'invalid'}).`);
  }
  return parsed.data;
}

/** A safe local file name for an output file: `<type>-<n>.ndjson`, unique within the export. */
export function outputFileName(type: string, index: number, taken: ReadonlySet<string>): string {
  const safe = type.replace(/[^A-Za-z0-9_-]/g, '') || 'file';
  let n = index + 1;
  let name = `${safe}-${n}.ndjson`;
  while (taken.has(name)) name = `${safe}-${++n}.ndjson`;
  return name;
}
