/**
 * Server-rendered HTML for the sandbox's login, patient picker, consent, EHR simulator and
 * error pages.
 *
 * Why: plain forms with labelled inputs and named buttons are what a Playwright test (and a
 * fetch-driven integration test) can click through, with no JavaScript on the page.
 */
import { escapeHtml as h } from '../http-util.ts';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}
h1{font-size:1.4rem}fieldset{border:1px solid #ccd;border-radius:6px;margin:1rem 0;padding:.75rem 1rem}
label{display:block;margin:.4rem 0}input[type=text],input[type=password]{padding:.3rem;width:16rem}
button{margin:.5rem .5rem 0 0;padding:.4rem 1rem}.hint{color:#555;font-size:.9rem}.error{color:#a00}
code{background:#f3f3f6;padding:0 .2rem}`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${h(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body><main><h1>${h(title)}</h1>${body}</main></body></html>`;
}

/** Login form: username and password, with the demo users listed. */
export function renderLoginPage(input: {
  action: string;
  abortAction: string;
  clientName: string;
  users: ReadonlyArray<{ username: string; password: string; displayName: string }>;
  error?: string;
  username?: string;
}): string {
  const users = input.users.map((u) => `<li><code>${h(u.username)}</code> / <code>${h(u.password)}</code>: ${h(u.displayName)}</li>`).join('');
  return page('Sign in to the FHIR sandbox', `
<p><strong>${h(input.clientName)}</strong> wants to access the sandbox on your behalf.</p>
${input.error ? `<p class="error" role="alert">${h(input.error)}</p>` : ''}
<form method="post" action="${h(input.action)}">
<label for="username">Username</label><input type="text" id="username" name="username" autocomplete="username" value="${h(input.username ?? '')}" required>
<label for="password">Password</label><input type="password" id="password" name="password" autocomplete="current-password" required>
<button type="submit" name="action" value="login">Sign in</button>
</form>
<form method="post" action="${h(input.abortAction)}"><button type="submit" name="action" value="cancel">Cancel</button></form>
<p class="hint">Demo users:</p><ul class="hint">${users}</ul>`);
}

/** Patient picker: one radio button per patient. */
export function renderPatientPicker(input: {
  action: string;
  abortAction: string;
  patients: ReadonlyArray<{ id: string; label: string }>;
  error?: string;
}): string {
  const options = input.patients.map((p, i) => `<label><input type="radio" name="patient" value="${h(p.id)}"${i === 0 ? ' checked' : ''}> ${h(p.label)}</label>`).join('\n');
  return page('Select a patient', `
${input.error ? `<p class="error" role="alert">${h(input.error)}</p>` : ''}
<form method="post" action="${h(input.action)}">
<fieldset><legend>Patient</legend>${options}</fieldset>
<button type="submit" name="action" value="select-patient">Select patient</button>
</form>
<form method="post" action="${h(input.abortAction)}"><button type="submit" name="action" value="cancel">Cancel</button></form>`);
}

/** Consent: one checkbox per requested scope (all ticked), Allow and Deny buttons. */
export function renderConsentPage(input: {
  action: string;
  abortAction: string;
  clientName: string;
  userName: string;
  patientLabel?: string;
  scopes: readonly string[];
}): string {
  const boxes = input.scopes.map((s, i) => `<label><input type="checkbox" name="scope" value="${h(s)}" id="scope-${i}" checked> <code>${h(s)}</code></label>`).join('\n');
  return page('Authorize access', `
<p>Signed in as <strong>${h(input.userName)}</strong>.</p>
${input.patientLabel ? `<p>Patient in context: <strong>${h(input.patientLabel)}</strong></p>` : ''}
<p><strong>${h(input.clientName)}</strong> asks for these permissions. Untick any you do not want to grant.</p>
<form method="post" action="${h(input.action)}">
<fieldset><legend>Requested scopes</legend>${boxes || '<p>No scopes requested.</p>'}</fieldset>
<button type="submit" name="action" value="allow">Allow</button>
</form>
<form method="post" action="${h(input.abortAction)}"><button type="submit" name="action" value="deny">Deny</button></form>`);
}

/** The EHR simulator: choose a patient (and encounter) and an app URL, then launch. */
export function renderEhrSimulator(input: {
  action: string;
  issuer: string;
  fhirBaseUrl: string;
  patients: ReadonlyArray<{ id: string; label: string }>;
  launchUrl?: string;
  error?: string;
}): string {
  const options = input.patients.map((p) => `<option value="${h(p.id)}">${h(p.label)}</option>`).join('');
  return page('EHR simulator', `
<p class="hint">Pretend to be an EHR: pick a patient, then launch your app. The sandbox issues a <code>launch</code>
value bound to that patient and opens <code>APP_LAUNCH_URL?iss=${h(input.fhirBaseUrl)}&amp;launch=...</code>.</p>
${input.error ? `<p class="error" role="alert">${h(input.error)}</p>` : ''}
<form method="post" action="${h(input.action)}">
<label for="patient">Patient</label><select id="patient" name="patient">${options}</select>
<label for="encounter">Encounter id (optional)</label><input type="text" id="encounter" name="encounter">
<label for="launch_url">App launch URL</label><input type="text" id="launch_url" name="launch_url" value="${h(input.launchUrl ?? '')}" placeholder="http://127.0.0.1:5173/launch" required>
<label><input type="checkbox" name="need_patient_banner" value="true"> App must show its own patient banner</label>
<button type="submit" name="action" value="launch">Launch app</button>
</form>`);
}

/** oidc-provider error page (`renderError`): the error fields, escaped. */
export function renderErrorPage(out: object): string {
  const rows = Object.entries(out).map(([k, v]) => `<p><strong>${h(k)}</strong>: ${h(String(v))}</p>`).join('');
  return page('Authorization error', rows);
}
