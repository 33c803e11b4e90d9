/**
 * The authorize endpoint's user-facing steps: login, patient picker and consent.
 *
 * Why: oidc-provider hands control to the application for interactions (its dev pages are
 * disabled). These handlers render plain HTML forms, record the SMART launch context the user
 * chooses, create the grant with the scopes the user left ticked, and hand control back.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionResults } from 'oidc-provider';
import type Provider from 'oidc-provider';
import { DEMO_USERS, authenticateUser, findUser, SEED_PATIENTS, patientLabel } from '../demo/index.ts';
import { readBody, sendHtml } from '../http-util.ts';
import type { GrantContext, LaunchContextStore } from './launch-context.ts';
import { needsPatientContext, NON_RESOURCE_SCOPES } from '../scopes.ts';
import { renderConsentPage, renderErrorPage, renderLoginPage, renderPatientPicker } from './views.ts';

/** What the interaction handlers need from the sandbox. */
export interface InteractionDeps {
  provider: Provider;
  launches: LaunchContextStore;
  fhirBaseUrl: string;
}

const PATIENT_OPTIONS = SEED_PATIENTS.map((p) => ({ id: p.id, label: patientLabel(p) }));

function labelFor(patientId: string | undefined): string | undefined {
  const p = SEED_PATIENTS.find((x) => x.id === patientId);
  return p ? patientLabel(p) : patientId;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(req, 64 * 1024)).toString('utf8'));
}

type Details = Awaited<ReturnType<Provider['interactionDetails']>>;

/** The patient this authorization is about: EHR launch, patient-portal user, or the picker. */
function resolvePatient(deps: InteractionDeps, details: Details): { patient?: string; needsPick: boolean; fromLaunch: boolean } {
  const params = details.params as Record<string, string | undefined>;
  const launch = deps.launches.getLaunch(params.launch);
  if (launch) return { patient: launch.patient, needsPick: false, fromLaunch: true };
  const user = findUser(String(details.session?.accountId ?? ''));
  if (user?.patient) return { patient: user.patient, needsPick: false, fromLaunch: false };
  if (!needsPatientContext(params.scope)) return { needsPick: false, fromLaunch: false };
  const picked = deps.launches.pickedPatient(details.uid);
  return { patient: picked, needsPick: !picked, fromLaunch: false };
}

async function clientName(provider: Provider, clientId: unknown): Promise<string> {
  const client = typeof clientId === 'string' ? await provider.Client.find(clientId) : undefined;
  return String(client?.clientName ?? clientId ?? 'An application');
}

async function showStep(deps: InteractionDeps, res: ServerResponse, details: Details, error?: string): Promise<void> {
  const base = `/interaction/${details.uid}`;
  const name = await clientName(deps.provider, details.params.client_id);
  if (details.prompt.name === 'login') {
    sendHtml(res, error ? 401 : 200, renderLoginPage({ action: `${base}/login`, abortAction: `${base}/abort`, clientName: name, users: DEMO_USERS, error }));
    return;
  }
  const who = resolvePatient(deps, details);
  if (who.needsPick) {
    sendHtml(res, error ? 400 : 200, renderPatientPicker({ action: `${base}/patient`, abortAction: `${base}/abort`, patients: PATIENT_OPTIONS, error }));
    return;
  }
  const user = findUser(String(details.session?.accountId ?? ''));
  const scopes = String(details.params.scope ?? '').split(' ').filter(Boolean);
  sendHtml(res, 200, renderConsentPage({
    action: `${base}/consent`, abortAction: `${base}/abort`, clientName: name,
    userName: user?.displayName ?? 'unknown user', patientLabel: labelFor(who.patient), scopes,
  }));
}

async function finishConsent(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, details: Details): Promise<void> {
  const form = await readForm(req);
  const requested = String(details.params.scope ?? '').split(' ').filter(Boolean);
  const ticked = new Set(form.getAll('scope'));
  const granted = requested.filter((s) => ticked.has(s));
  const accountId = String(details.session?.accountId ?? '');
  const grant = new deps.provider.Grant({ accountId, clientId: String(details.params.client_id) });
  const rejected = requested.filter((s) => !ticked.has(s));
  const oidc = granted.filter((s) => NON_RESOURCE_SCOPES.has(s));
  const oidcRejected = rejected.filter((s) => NON_RESOURCE_SCOPES.has(s));
  if (oidc.length) grant.addOIDCScope(oidc.join(' '));
  if (oidcRejected.length) grant.rejectOIDCScope(oidcRejected.join(' '));
  const missing = (details.prompt.details.missingResourceScopes ?? {}) as Record<string, string[]>;
  for (const indicator of Object.keys(missing)) {
    if (granted.length) grant.addResourceScope(indicator, granted.join(' '));
    // Unticked scopes are recorded as refused, so the consent prompt does not come back for them.
    if (rejected.length) grant.rejectResourceScope(indicator, rejected.join(' '));
  }
  const grantId = await grant.save();

  const who = resolvePatient(deps, details);
  const params = details.params as Record<string, string | undefined>;
  const launch = deps.launches.getLaunch(params.launch);
  const user = findUser(accountId);
  const context: GrantContext = {
    patient: who.patient,
    encounter: launch?.encounter,
    needPatientBanner: who.patient ? (launch ? launch.needPatientBanner : true) : undefined,
    fhirUser: user && granted.includes('fhirUser') ? `${deps.fhirBaseUrl}/${user.fhirUser}` : undefined,
  };
  deps.launches.bindGrant(grantId, context, details.uid);
  const result: InteractionResults = { consent: { grantId } };
  await deps.provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
}

/**
 * Handle `/interaction/:uid[/step]`. Returns false when the path is not an interaction path.
 */
export async function handleInteraction(deps: InteractionDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const m = /^\/interaction\/([\w-]+)(?:\/(login|patient|consent|abort))?$/.exec(url.pathname);
  if (!m) return false;
  const step = m[2];
  let details: Details;
  try {
    details = await deps.provider.interactionDetails(req, res);
  } catch {
    sendHtml(res, 400, renderErrorPage({ error: 'invalid_request', error_description: 'this sign-in has expired or its cookie is missing; start again from the app' }));
    return true;
  }
  if (!step) {
    if (req.method !== 'GET') sendHtml(res, 405, renderErrorPage({ error: 'method not allowed' }));
    else await showStep(deps, res, details);
    return true;
  }
  if (req.method !== 'POST') {
    sendHtml(res, 405, renderErrorPage({ error: 'method not allowed' }));
    return true;
  }
  if (step === 'abort') {
    await readForm(req);
    await deps.provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'the user denied the request' }, { mergeWithLastSubmission: false });
  } else if (step === 'login' && details.prompt.name === 'login') {
    const form = await readForm(req);
    const user = authenticateUser(form.get('username') ?? '', form.get('password') ?? '');
    if (!user) await showStep(deps, res, details, 'Unknown username or wrong password.');
    else await deps.provider.interactionFinished(req, res, { login: { accountId: user.accountId } }, { mergeWithLastSubmission: false });
  } else if (step === 'patient' && details.prompt.name === 'consent') {
    const form = await readForm(req);
    const patient = form.get('patient') ?? '';
    if (!SEED_PATIENTS.some((p) => p.id === patient)) {
      await showStep(deps, res, details, 'Choose one of the listed patients.');
    } else {
      deps.launches.pickPatient(details.uid, patient);
      res.writeHead(303, { location: `/interaction/${details.uid}` });
      res.end();
    }
  } else if (step === 'consent' && details.prompt.name === 'consent') {
    if (resolvePatient(deps, details).needsPick) await showStep(deps, res, details, 'Select a patient first.');
    else await finishConsent(deps, req, res, details);
  } else {
    // A stale form (e.g. the login form re-submitted after login): show the current step.
    res.writeHead(303, { location: `/interaction/${details.uid}` });
    res.end();
  }
  return true;
}
