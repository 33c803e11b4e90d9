/**
 * FHIR Bulk Data `$export` for the sandbox: kick-off (GET, or POST with a Parameters body),
 * status polling, manifest, NDJSON files and cancellation, at system, `Patient` and `Group/[id]`
 * level, honouring `_type`, `_since`, `_outputFormat`, `_typeFilter`, `_elements`, `patient` and
 * `includeAssociatedData` (kickoff-parameters.ts).
 *
 * Why: SMART Backend Services exists mostly for bulk export, so the app's backend flow and the
 * benchmarks need the whole async pattern, including exports large enough to measure (the
 * synthetic part streams from `bulk-synth.ts`, never held in memory).
 * @see https://hl7.org/fhir/uv/bulkdata/STU2/export.html
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Resource } from '@medplum/fhirtypes';
import { planSyntheticFiles, syntheticFileStream, type SyntheticFile } from './bulk-synth.ts';
import { authorizeFhirRequest, sendInsufficientScope, type FhirAuthDeps, type ExportTarget, type FhirCall, parseSearchRequest, type MemoryRepository, compartmentParam, decideAccess, resourceMatchesAny } from '../fhir-server/index.ts';
import type { FailureMode } from '../failure-simulation/index.ts';
import { BodyTooLargeError, FHIR_JSON, operationOutcome, readBody, sendJson, sendOutcome } from '../http-util.ts';
import { KickoffParameterError, parametersToPairs, readKickoffParameters, subsetElements, type KickoffParameters } from './kickoff-parameters.ts';

/** Export sizing and pacing (sandbox option; `sandbox_export_*` query parameters override per request). */
export interface BulkExportOptions {
  /** Bytes of synthetic Observation NDJSON added to every export that includes Observation. Default 0. */
  syntheticBytes?: number;
  /** Largest single NDJSON file; bigger exports are split. Default 256 MiB. */
  maxFileBytes?: number;
  /** How long a job stays "in progress" before its manifest is ready. Default 300 ms. */
  jobDelayMs?: number;
}

/** The hard ceiling on synthetic data per export (about 2 GiB). */
export const MAX_SYNTHETIC_BYTES = 2 * 1024 * 1024 * 1024;
const EXPORT_TYPES = ['Patient', 'Observation', 'Condition', 'Encounter', 'MedicationRequest', 'Immunization', 'AllergyIntolerance', 'Practitioner', 'Group'];
const NDJSON_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);

type ExportFile = { name: string; type: string; count: number } & ({ lines: string } | { synthetic: SyntheticFile });

interface Job {
  id: string;
  clientId: string;
  request: string;
  transactionTime: string;
  readyAt: number;
  files: ExportFile[];
  timer?: NodeJS.Timeout;
}

function intOrUndefined(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : Number.NaN;
}

/** One sandbox's export jobs. */
export class BulkExportService {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly deps: FhirAuthDeps & { origin: string; repo: MemoryRepository; options: BulkExportOptions },
  ) {}

  /** Cancel every job's timer (stop()). */
  close(): void {
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    this.jobs.clear();
  }

  private async searchAll(type: string, params: Array<[string, string]>): Promise<Resource[]> {
    const out: Resource[] = [];
    for (let offset = 0; ; offset += 1000) {
      const query = new URLSearchParams([...params, ['_count', '1000'], ['_offset', String(offset)]]);
      const bundle = await this.deps.repo.search(parseSearchRequest(`${type}?${query}`));
      const page = (bundle.entry ?? []).flatMap((e) => (e.resource ? [e.resource as Resource] : []));
      out.push(...page);
      if (page.length < 1000) return out;
    }
  }

  private async collect(types: string[], patients: string[] | undefined, params: KickoffParameters, auth: FhirCall['auth']): Promise<ExportFile[]> {
    const files: ExportFile[] = [];
    for (const type of types) {
      const base: Array<[string, string]> = params.since ? [['_lastUpdated', `ge${params.since}`]] : [];
      if (patients) {
        if (patients.length === 0) continue;
        const param = compartmentParam(type) ?? 'patient';
        base.push([param, patients.map((id) => (param === '_id' ? id : `Patient/${id}`)).join(',')]);
      }
      // _typeFilter: each filter is a search of its own; a resource matching any of them is exported once.
      const filters = params.typeFilters.get(type);
      const found = new Map<string, Resource>();
      for (const extra of filters ?? [undefined]) {
        for (const r of await this.searchAll(type, [...base, ...(extra ? [...extra] : [])])) found.set(r.id ?? JSON.stringify(r), r);
      }
      const decision = decideAccess(auth.grant, type, 'r');
      const resources = [...found.values()]
        .filter((r) => decision.allowed && (decision.unrestricted || resourceMatchesAny(r, decision.filters)))
        .map((r) => (params.elements ? subsetElements(r as unknown as Record<string, unknown>, params.elements) : r));
      if (resources.length) files.push({ name: `${type}.ndjson`, type, count: resources.length, lines: resources.map((r) => `${JSON.stringify(r)}\n`).join('') });
    }
    return files;
  }

  /** The kick-off's parameters from the query (GET) or the Parameters body (POST); undefined once an error was sent. */
  private async parameters(c: FhirCall): Promise<KickoffParameters | undefined> {
    const { req, res, url } = c;
    try {
      if (req.method === 'POST') {
        const type = String(req.headers['content-type'] ?? '');
        if (!/json/i.test(type)) {
          sendOutcome(res, 415, 'not-supported', 'a POST kick-off carries a Parameters resource as application/fhir+json');
          return undefined;
        }
        let body: unknown;
        try {
          body = JSON.parse((await readBody(req, 1024 * 1024)).toString('utf8'));
        } catch (e) {
          if (e instanceof BodyTooLargeError) throw e;
          throw new KickoffParameterError('the Parameters body is not valid JSON');
        }
        return readKickoffParameters(parametersToPairs(body), 'POST', this.deps.isResourceType);
      }
      return readKickoffParameters([...url.searchParams], 'GET', this.deps.isResourceType);
    } catch (e) {
      if (!(e instanceof KickoffParameterError)) throw e;
      sendOutcome(res, 400, 'invalid', e.message);
      return undefined;
    }
  }

  /** Handle `GET [base]/$export`, `[base]/Patient/$export`, `[base]/Group/[id]/$export`. */
  async kickoff(c: FhirCall, target: ExportTarget): Promise<void> {
    const { req, res, url, auth } = c;
    if (req.method !== 'GET' && req.method !== 'POST') return sendOutcome(res, 405, 'not-supported', 'start an export with GET, or POST with a Parameters body');
    if (!/respond-async/i.test(String(req.headers.prefer ?? ''))) {
      return sendOutcome(res, 400, 'invalid', 'bulk export requires the header Prefer: respond-async');
    }
    const q = url.searchParams;
    const params = await this.parameters(c);
    if (!params) return;
    const format = params.outputFormat;
    if (format && !NDJSON_FORMATS.has(format)) return sendOutcome(res, 400, 'not-supported', `_outputFormat "${format}" is not supported; use application/fhir+ndjson`);
    const since = params.since ?? null;
    if (since && Number.isNaN(Date.parse(since))) return sendOutcome(res, 400, 'invalid', `_since "${since}" is not a FHIR instant`);
    if (params.patients && target.level === 'system') return sendOutcome(res, 400, 'invalid', 'the patient parameter applies to Patient and Group exports, not to a system-level export');
    const requested = params.types;
    const sizeParam = intOrUndefined(q.get('sandbox_export_bytes') ?? (req.headers['x-sandbox-export-bytes'] as string | undefined));
    const delayParam = intOrUndefined(q.get('sandbox_export_delay'));
    if (Number.isNaN(sizeParam) || Number.isNaN(delayParam)) return sendOutcome(res, 400, 'invalid', 'sandbox_export_bytes and sandbox_export_delay must be non-negative numbers');

    const compartmentOnly = target.level !== 'system';
    const candidates = (requested ?? EXPORT_TYPES).filter((t) => !compartmentOnly || compartmentParam(t));
    const denied = candidates.filter((t) => !decideAccess(auth.grant, t, 'r').allowed);
    if (requested && denied.length) return sendInsufficientScope(res, this.deps.verifier, `no granted scope allows reading ${denied.join(', ')}`);
    const types = candidates.filter((t) => !denied.includes(t));
    if (types.length === 0) return sendInsufficientScope(res, this.deps.verifier, 'no granted scope allows reading any exportable resource type', 'system/*.rs');

    let patients: string[] | undefined;
    if (target.level === 'group') {
      const group = (await this.searchAll('Group', [['_id', target.groupId ?? '']]))[0] as { member?: Array<{ entity?: { reference?: string } }> } | undefined;
      if (!group) return sendOutcome(res, 404, 'not-found', `Group/${target.groupId} not found`);
      patients = (group.member ?? []).map((m) => m.entity?.reference ?? '').filter((r) => r.startsWith('Patient/')).map((r) => r.slice(8));
    } else if (target.level === 'patient') {
      patients = (await this.searchAll('Patient', [])).map((p) => p.id ?? '');
    }
    if (params.patients && patients) {
      const known = new Set(patients);
      const outside = params.patients.filter((id) => !known.has(id));
      if (outside.length) {
        return sendOutcome(res, 400, 'invalid', target.level === 'group'
          ? `patient ${outside.map((id) => `Patient/${id}`).join(', ')} is not a member of Group/${target.groupId}`
          : `no ${outside.map((id) => `Patient/${id}`).join(', ')} on this server`);
      }
      patients = params.patients;
    }

    let files: ExportFile[];
    try {
      files = await this.collect(types, patients, params, auth);
    } catch (err) {
      // Medplum refuses some values Date.parse accepts (e.g. a bare year): a client error.
      return sendOutcome(res, 400, 'invalid', `the export could not be started: ${err instanceof Error ? err.message : String(err)}`);
    }
    const syntheticBytes = Math.min(sizeParam ?? this.deps.options.syntheticBytes ?? 0, MAX_SYNTHETIC_BYTES);
    if (types.includes('Observation') && syntheticBytes > 0) {
      planSyntheticFiles(syntheticBytes, this.deps.options.maxFileBytes ?? 256 * 1024 * 1024).forEach((synthetic, i) => {
        files.push({ name: `Observation-synthetic-${i + 1}.ndjson`, type: 'Observation', count: synthetic.count, synthetic });
      });
    }

    const id = randomBytes(12).toString('base64url');
    const delayMs = delayParam ?? this.deps.options.jobDelayMs ?? 300;
    const job: Job = {
      id, clientId: String(auth.claims.client_id ?? ''), request: url.href, files,
      transactionTime: new Date().toISOString(), readyAt: Date.now() + delayMs,
    };
    // Jobs are forgotten an hour after they complete.
    job.timer = setTimeout(() => this.jobs.delete(id), delayMs + 3600_000);
    job.timer.unref();
    this.jobs.set(id, job);
    res.writeHead(202, { 'content-location': `${this.deps.origin}/bulk/status/${id}`, 'content-length': 0 });
    res.end();
  }

  private manifest(job: Job): Record<string, unknown> {
    return {
      transactionTime: job.transactionTime,
      request: job.request,
      requiresAccessToken: true,
      output: job.files.map((f) => ({ type: f.type, url: `${this.deps.origin}/bulk/files/${job.id}/${f.name}`, count: f.count })),
      error: [],
    };
  }

  /** Handle `/bulk/status/:id` (GET poll, DELETE cancel) and `/bulk/files/:id/:name`. Returns false for other paths. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL, requestModes: readonly FailureMode[]): Promise<boolean> {
    const m = /^\/bulk\/(status|files)\/([\w-]+)(?:\/([\w.-]+))?$/.exec(url.pathname);
    if (!m) return false;
    const [, kind, jobId = '', fileName] = m;
    const auth = await authorizeFhirRequest(this.deps, req, res, requestModes);
    if (!auth) return true;
    const job = this.jobs.get(jobId);
    if (!job || job.clientId !== String(auth.claims.client_id ?? '')) {
      sendOutcome(res, 404, 'not-found', 'no such export job (it may have been cancelled, expired, or belong to another client)');
      return true;
    }
    if (kind === 'status' && !fileName) {
      if (req.method === 'DELETE') {
        clearTimeout(job.timer);
        this.jobs.delete(jobId);
        sendJson(res, 202, operationOutcome('information', 'informational', 'export cancelled and its files deleted'), {}, FHIR_JSON);
      } else if (req.method !== 'GET') {
        sendOutcome(res, 405, 'not-supported', 'poll with GET, cancel with DELETE');
      } else if (Date.now() < job.readyAt) {
        const pct = Math.min(99, Math.max(0, Math.round(100 - ((job.readyAt - Date.now()) / Math.max(1, job.readyAt - Date.parse(job.transactionTime))) * 100)));
        res.writeHead(202, { 'x-progress': `in progress (${pct}%)`, 'retry-after': '1', 'content-length': 0 });
        res.end();
      } else {
        sendJson(res, 200, this.manifest(job), { expires: new Date(job.readyAt + 3600_000).toUTCString() });
      }
      return true;
    }
    const file = kind === 'files' ? job.files.find((f) => f.name === fileName) : undefined;
    if (!file || Date.now() < job.readyAt) {
      sendOutcome(res, 404, 'not-found', `no file ${fileName ?? ''} in this export`);
      return true;
    }
    if (req.method !== 'GET') {
      sendOutcome(res, 405, 'not-supported', 'download with GET');
      return true;
    }
    res.writeHead(200, { 'content-type': 'application/fhir+ndjson' });
    if ('lines' in file) res.end(file.lines);
    else syntheticFileStream(file.synthetic).pipe(res);
    return true;
  }
}
