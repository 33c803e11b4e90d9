import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect, test } from './fixtures/test.ts';
import type { Page } from '@playwright/test';

async function openConsole(page: Page, profile: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Console' }).click();
  await expect(page.getByRole('heading', { name: 'Console', level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: /^Profile/ }).selectOption({ label: profile });
}

async function send(page: Page, method: string, path: string, query: [string, string][] = []): Promise<void> {
  await page.getByLabel('Method').selectOption(method);
  await page.getByLabel('Path or URL').fill(path);
  if (query.length) await page.getByText(/^Query parameters \(\d+\)$/).click();
  for (const [i, [name, value]] of query.entries()) {
    if (!(await page.getByLabel(`query parameter ${i + 1} name`).count())) await page.getByRole('button', { name: /Add query parameter/ }).click();
    await page.getByLabel(`query parameter ${i + 1} name`).fill(name);
    await page.getByLabel(`query parameter ${i + 1} value`).fill(value);
  }
  await page.getByRole('button', { name: 'Send', exact: true }).click();
}

test('search HbA1c Observations, page through the Bundle, follow a reference', async ({ appPage: page }) => {
  await openConsole(page, 'Sandbox: backend services (private_key_jwt)');
  // The Aidbox document's query: the console gets a token by itself.
  await send(page, 'GET', 'Observation', [['code', '4548-4'], ['_count', '2']]);
  const status = page.getByTestId('response-status');
  await expect(status).toHaveText(/^200/, { timeout: 20_000 });
  const tree = page.getByLabel('Response body as a tree');
  await expect(tree).toContainText('searchset');
  await expect(tree).toContainText('4548-4');

  const pages = page.getByRole('navigation', { name: 'Bundle pages' });
  await pages.getByRole('button', { name: 'Next page' }).click();
  await expect(status).toHaveText(/^200/);
  await expect(page.getByLabel('Path or URL')).toHaveValue(/Observation\?code=4548-4&_count=2&_offset=2$/);
  await expect(pages.getByRole('button', { name: 'Previous page' })).toBeVisible();

  const ref = tree.getByRole('button', { name: /^"?Patient\// }).first();
  const target = ((await ref.textContent()) ?? '').replace(/"/g, '');
  await ref.click();
  await expect(status).toHaveText(/^200/);
  await expect(tree).toContainText('"Patient"');
  await expect(page.getByLabel('Path or URL')).toHaveValue(new RegExp(target.replace('/', '\\/')));
});

test('a bad search shows its OperationOutcome, and invalid JSON is flagged before sending', async ({ appPage: page }) => {
  await openConsole(page, 'Sandbox: backend services (private_key_jwt)');
  await send(page, 'GET', 'Observation', [['no-such-param', 'x']]);
  await expect(page.getByTestId('response-status')).toHaveText(/^400/, { timeout: 20_000 });
  await expect(page.getByLabel('OperationOutcome issues')).toContainText(/no-such-param/);

  await page.getByLabel('Method').selectOption('POST');
  await page.getByLabel('Path or URL').fill('Observation');
  const body = page.getByLabel('Request body (JSON)');
  await body.fill('{"resourceType": "Observation",');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await expect(page.getByRole('alert').filter({ hasText: 'Fix it before sending.' })).toBeVisible();
  await body.fill('{"resourceType": "Observation", "status": "final"}');
  await expect(page.getByText('JSON is checked as you type.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeEnabled();
});

test('a Patient-level $export runs to completion and a file can be previewed', async ({ appPage: page, app }) => {
  await openConsole(page, 'Sandbox: backend services (private_key_jwt)');
  await page.getByRole('tab', { name: 'Bulk export' }).click();
  await page.getByLabel('All patients (Patient/$export)').check();
  await page.getByRole('button', { name: 'Start export' }).click();
  const job = page.getByRole('region', { name: 'Exports' }).getByRole('article').first();
  await expect(job).toContainText('Complete', { timeout: 30_000 });
  await job.getByRole('button', { name: /Preview Patient/ }).first().click();
  const lines = page.getByLabel('NDJSON lines');
  await expect(lines).toContainText('"resourceType":"Patient"');
  await job.getByRole('button', { name: 'Download all files' }).click();
  await expect(job.getByRole('status').filter({ hasText: /^Downloaded/ })).toContainText(/to .*exports/, { timeout: 30_000 });
  const folder = ((await job.getByRole('status').filter({ hasText: /^Downloaded/ }).locator('.mono').textContent()) ?? '').trim();
  expect(folder.startsWith(join(app.dataDir, 'exports'))).toBe(true);
  const files = await readdir(folder);
  const patientFile = files.find((f) => /^Patient-\d+\.ndjson$/.test(f));
  expect(patientFile, files.join(', ')).toBeDefined();
  const patients = (await readFile(join(folder, patientFile!), 'utf8')).trim().split('\n');
  expect(patients).toHaveLength(5);
  expect(JSON.parse(patients[0]!).resourceType).toBe('Patient');
});

test('a FHIR call outside the granted scopes is diagnosed at once', async ({ appPage: page }) => {
  // The client-secret sandbox profile asks for system/Patient.rs and system/Observation.rs only.
  await openConsole(page, 'Sandbox: client secret');
  await send(page, 'GET', 'Condition');
  await expect(page.getByTestId('response-status')).toHaveText(/^403/, { timeout: 20_000 });
  const diagnosis = page.getByRole('region', { name: 'Diagnosis', exact: true });
  await expect(diagnosis.getByRole('heading', { level: 3 })).toHaveText('Diagnosis ERR-INSUFFICIENT-SCOPE');
  await expect(diagnosis).toContainText(/Server clock \(Date header\) vs this computer: [+-]\d+ s/);
});

test('a pasted token is used by the console: sent to the profile\'s server, never shown again, redacted in the log', async ({ appPage: page, bridgeLog }) => {
  // A token from elsewhere: here, revealed from the backend profile in the Tokens area.
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Tokens' }).click();
  await page.getByLabel('Profile', { exact: true }).selectOption({ label: 'Sandbox: backend services (private_key_jwt)' });
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(page.getByTestId('run-status')).toHaveText('Succeeded', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Reveal access token' }).click();
  const token = await page.getByLabel('Access token value').inputValue();
  expect(token.split('.')).toHaveLength(3);
  await page.getByRole('button', { name: 'Hide access token' }).click();

  // The SMART app profile has no token of its own (it needs a browser sign-in): the pasted one is sent instead.
  await openConsole(page, 'Sandbox: SMART app (PKCE)');
  await page.getByLabel('A pasted token').check();
  await page.getByLabel('Paste an access token').fill(token);
  const before = bridgeLog.length;
  await page.getByRole('button', { name: 'Keep it for this profile' }).click();
  await expect(page.getByText(/^Pasted eyJ…\(masked, \d+ chars\) \(JWT, scope system\/\*\.rs/)).toBeVisible();
  await expect(page.getByLabel('Replace it with')).toHaveValue('');
  await send(page, 'GET', 'Patient');
  await expect(page.getByTestId('response-status')).toHaveText(/^200/, { timeout: 20_000 });
  await expect(page.getByText(/The pasted Bearer token was sent/)).toBeVisible();
  // Nothing main answered after the paste carries the token, and the activity log shows it redacted.
  expect(bridgeLog.slice(before).filter((r) => r.body.includes(token)).map((r) => r.url)).toEqual([]);
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Activity' }).click();
  await page.getByRole('option', { name: /GET .*\/fhir\/Patient/ }).first().click();
  await expect(page.getByText(/Bearer ‹redacted›/).first()).toBeVisible();
});

test('a Group-level $export with _type and _typeFilter returns only the filtered Observations', async ({ appPage: page }) => {
  await openConsole(page, 'Sandbox: backend services (private_key_jwt)');
  await page.getByRole('tab', { name: 'Bulk export' }).click();
  await page.getByLabel('Group (Group/[id]/$export)').check();
  await page.getByLabel('Group id').fill('diabetes-cohort');
  await page.getByLabel('_type (comma-separated; empty = all)').fill('Observation');
  await page.getByLabel('_typeFilter (one search per line)').fill('Observation?code=4548-4');
  await expect(page.getByTestId('kickoff-preview')).toHaveText(/^GET http:\/\/127\.0\.0\.1:\d+\/fhir\/Group\/diabetes-cohort\/\$export\?_type=Observation&.*_typeFilter=Observation%3Fcode%3D4548-4$/);
  await page.getByRole('button', { name: 'Start export' }).click();
  const job = page.getByRole('region', { name: 'Exports' }).getByRole('article').first();
  await expect(job).toContainText('Complete', { timeout: 30_000 });
  await expect(job).toContainText('GET ');
  await job.getByRole('button', { name: /Preview Observation/ }).first().click();
  const lines = page.getByLabel('NDJSON lines');
  await expect(lines).toContainText('"4548-4"');
  const text = (await lines.textContent()) ?? '';
  for (const code of ['85354-9', '29463-7', '8867-4']) expect(text).not.toContain(`"${code}"`);
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.screenshot({ path: resolve(import.meta.dirname, '../docs/screenshots/bulk-typefilter.png'), fullPage: true });
});
