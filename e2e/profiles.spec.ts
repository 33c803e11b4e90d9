import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ProfilesPage } from './pages/profiles-page.ts';
import { expect, test } from './fixtures/test.ts';

test('create a profile from a vendor preset, reload, and find it again', async ({ appPage: page }) => {
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.newFromPreset('b.well: system client credentials');
  await expect(profiles.field('Auth method')).toHaveValue('client-credentials-post');
  await expect(profiles.field('Token endpoint override')).toHaveValue('{base}/oauth2/token');
  await profiles.field('Name').fill('b.well staging');
  await profiles.field('FHIR base URL').fill('https://fhir.staging.bwell.example');
  await profiles.field('Client id').fill('bwell-client-123');
  await profiles.save();
  await expect(page.getByRole('heading', { name: 'b.well staging' })).toBeVisible();

  await page.reload();
  await profiles.search('staging');
  await expect(profiles.listItem('b.well staging')).toBeVisible();
  await profiles.listItem('b.well staging').click();
  await expect(page.getByRole('cell', { name: 'bwell-client-123' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Client credentials, client_secret_post' })).toBeVisible();
  await page.screenshot({ path: resolve(import.meta.dirname, '../docs/screenshots/profiles.png') });
});

test('the form explains what is wrong before saving', async ({ appPage: page }) => {
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.newFromPreset('Epic: backend services');
  await profiles.field('FHIR base URL').fill('fhir.epic.example/api');
  await profiles.field('Scopes').fill('system/Patient.read,system/Observation.read');
  await profiles.save();
  await expect(page.getByText('Enter an absolute URL such as https://fhir.example.com/r4')).toBeVisible();
  await expect(page.getByText('This auth method needs the client id the server assigned at registration')).toBeVisible();
  await expect(page.getByText(/SCOPE-SEPARATOR/)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'New profile' })).toBeVisible();
});

test('edit, duplicate and delete a profile', async ({ appPage: page }) => {
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.newFromPreset('Aidbox: SMART backend services');
  await profiles.field('Client id').fill('inferno-my-clinic-bulk-client');
  await profiles.save();
  await expect(page.getByRole('heading', { name: 'Aidbox: SMART backend services' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'http://localhost:8080/auth/token ({origin}/auth/token, typed)' })).toBeVisible();

  await page.getByRole('button', { name: 'Edit' }).click();
  await profiles.field('Name').fill('Aidbox local');
  await profiles.field('Scopes').fill('system/Observation.rs');
  await profiles.save();
  await expect(page.getByRole('heading', { name: 'Aidbox local' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'system/Observation.rs' })).toBeVisible();

  await page.getByRole('button', { name: 'Duplicate' }).click();
  await expect(page.getByRole('heading', { name: 'Aidbox local (copy)' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete', exact: true }).click();
  await page.getByRole('button', { name: 'Delete profile' }).click();
  await expect(profiles.listItem('Aidbox local \\(copy\\)')).toHaveCount(0);
  await expect(profiles.listItem('Aidbox local')).toHaveCount(1);
});

test('a malformed import file gets a clear error and existing profiles stay intact', async ({ appPage: page, app }) => {
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.newFromPreset('SMART Health IT sandbox');
  await profiles.field('Client id').fill('my-app');
  await profiles.save();
  await expect(profiles.listItem('SMART Health IT sandbox')).toBeVisible();

  const input = page.getByLabel('Import profiles from a JSON file');
  await input.setInputFiles({ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"profiles": [\n  {"name": "x",}\n]}') });
  await expect(page.getByRole('alert').filter({ hasText: 'Import failed' })).toContainText(/not valid JSON.*line 2/);
  await expect(page.getByRole('alert').filter({ hasText: 'Import failed' })).toContainText('No profiles were changed');

  await input.setInputFiles({ name: 'partial.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ profiles: [
    { name: 'Imported server', fhirBaseUrl: 'https://fhir.imported.example/r4', authMethod: 'client-credentials-basic', clientId: 'abc', clientSecret: 'must-not-be-kept' },
    { name: 'Bad one', fhirBaseUrl: 'not a url', authMethod: 'client-credentials-basic', clientId: 'x' },
  ] })) });
  await expect(page.getByText('Imported 1 profile(s)')).toBeVisible();
  await expect(page.getByText(/Skipped entry 2 \(Bad one\): fhirBaseUrl: Enter an absolute URL/)).toBeVisible();
  await page.reload();
  await expect(profiles.listItem('SMART Health IT sandbox')).toBeVisible();
  await expect(profiles.listItem('Imported server')).toBeVisible();
  const stored = await readFile(join(app.dataDir, 'profiles.json'), 'utf8');
  expect(stored).toContain('Imported server');
  expect(stored, 'a secret in an imported file is dropped, never stored').not.toContain('must-not-be-kept');
});
