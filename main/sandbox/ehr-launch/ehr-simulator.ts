/**
 * The sandbox's own pages: `POST /sandbox/launch` (issue an EHR `launch` value), the HTML EHR
 * simulator at `/sandbox/ehr`, and a landing page at `/`.
 *
 * Why: an EHR launch starts in the EHR, which hands the app `iss` and an opaque `launch` bound
 * to the open patient. The sandbox plays that EHR, for tests (the JSON endpoint) and for people
 * (the HTML page that redirects to their app's launch URL).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { escapeHtml as h, readBody, sendHtml, sendJson } from '../http-util.ts';
import { type LaunchContextStore, type SandboxEndpoints, renderEhrSimulator } from '../authorization-server/index.ts';
import type { MemoryRepository } from '../fhir-server/index.ts';
import { SEED_PATIENTS, patientLabel } from '../demo/index.ts';

/** What the sandbox pages need. */
export interface EhrSimulatorDeps {
  endpoints: SandboxEndpoints;
  launches: LaunchContextStore;
  repo: MemoryRepository;
}

const PATIENTS = SEED_PATIENTS.map((p) => ({ id: p.id, label: patientLabel(p) }));

async function exists(repo: MemoryRepository, type: string, id: string): Promise<boolean> {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(id)) return false;
  try {
    await repo.readResource(type, id);
    return true;
  } catch {
    return false;
  }
}

async function readParams(req: IncomingMessage): Promise<Record<string, string>> {
  const text = (await readBody(req, 16 * 1024)).toString('utf8');
  if (/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
    const parsed: unknown = JSON.parse(text || '{}');
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, String(v)]));
  }
  return Object.fromEntries(new URLSearchParams(text));
}

async function createLaunch(deps: EhrSimulatorDeps, params: Record<string, string>): Promise<{ launch: string } | { error: string }> {
  const patient = (params.patient ?? '').replace(/^Patient\//, '');
  const encounter = (params.encounter ?? '').replace(/^Encounter\//, '') || undefined;
  if (!patient || !(await exists(deps.repo, 'Patient', patient))) return { error: `unknown patient "${patient}"` };
  if (encounter && !(await exists(deps.repo, 'Encounter', encounter))) return { error: `unknown encounter "${encounter}"` };
  const needPatientBanner = params.need_patient_banner === 'true';
  return { launch: deps.launches.createLaunch({ patient, encounter, needPatientBanner }) };
}

function landingPage(e: SandboxEndpoints): string {
  const row = (label: string, href: string) => `<li>${h(label)}: <a href="${h(href)}">${h(href)}</a></li>`;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>FHIR sandbox</title></head><body>
<h1>Local SMART on FHIR sandbox</h1><ul>
${row('FHIR base', e.fhirBaseUrl)}${row('SMART configuration', `${e.fhirBaseUrl}/.well-known/smart-configuration`)}
${row('CapabilityStatement', `${e.fhirBaseUrl}/metadata`)}${row('EHR simulator', `${e.issuer}/sandbox/ehr`)}
</ul></body></html>`;
}

/** Handle `/`, `/sandbox/ehr` and `/sandbox/launch`; false for other paths. */
export async function handleSandboxPages(deps: EhrSimulatorDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const e = deps.endpoints;
  if (url.pathname === '/' && req.method === 'GET') {
    sendHtml(res, 200, landingPage(e));
    return true;
  }
  if (url.pathname === '/sandbox/launch') {
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'invalid_request', error_description: 'POST {"patient": "<id>", "encounter"?: "<id>"}' });
      return true;
    }
    let params: Record<string, string>;
    try {
      params = await readParams(req);
    } catch {
      sendJson(res, 400, { error: 'invalid_request', error_description: 'body must be JSON or form-encoded' });
      return true;
    }
    const result = await createLaunch(deps, params);
    if ('error' in result) sendJson(res, 400, { error: 'invalid_request', error_description: result.error });
    else sendJson(res, 201, { launch: result.launch, iss: e.fhirBaseUrl, patient: params.patient?.replace(/^Patient\//, ''), expires_in: 3600 });
    return true;
  }
  if (url.pathname === '/sandbox/ehr') {
    const page = (error?: string, launchUrl?: string) =>
      renderEhrSimulator({ action: '/sandbox/ehr', issuer: e.issuer, fhirBaseUrl: e.fhirBaseUrl, patients: PATIENTS, error, launchUrl });
    if (req.method === 'GET') {
      sendHtml(res, 200, page(undefined, url.searchParams.get('launch_url') ?? undefined));
      return true;
    }
    if (req.method !== 'POST') {
      sendHtml(res, 405, page('Use the form.'));
      return true;
    }
    const params = Object.fromEntries(new URLSearchParams((await readBody(req, 16 * 1024)).toString('utf8')));
    const target = URL.parse(params.launch_url ?? '');
    if (!target || !['http:', 'https:'].includes(target.protocol)) {
      sendHtml(res, 400, page('The app launch URL must be an absolute http(s) URL.', params.launch_url));
      return true;
    }
    const result = await createLaunch(deps, params);
    if ('error' in result) {
      sendHtml(res, 400, page(result.error, params.launch_url));
      return true;
    }
    target.searchParams.set('iss', e.fhirBaseUrl);
    target.searchParams.set('launch', result.launch);
    res.writeHead(303, { location: target.href });
    res.end();
    return true;
  }
  return false;
}
