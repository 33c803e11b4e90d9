import { resolve } from 'node:path';
import { ProfilesPage } from './pages/profiles-page.ts';
import { TokensPage } from './pages/tokens-page.ts';
import { freePort } from './fixtures/sandbox-server.ts';
import { expect, test } from './fixtures/test.ts';

test('backend services: a private_key_jwt token from the built-in sandbox, with the assertion shown', async ({ appPage: page }) => {
  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: backend services (private_key_jwt)');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  await expect(page.getByText(/Signed with key .* \(ES384\), valid 240 s/)).toBeVisible();
  await page.getByText('Client assertion (decoded; the signature is not shown)').click();
  const header = JSON.parse((await page.getByLabel('Assertion header').textContent())!);
  expect(header).toMatchObject({ alg: 'ES384', typ: 'JWT' });
  expect(header.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const claims = JSON.parse((await page.getByLabel('Assertion claims').textContent())!);
  expect(claims).toMatchObject({ iss: 'demo-backend-client', sub: 'demo-backend-client' });
  expect(claims.aud).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/token$/);
  expect(claims.exp - claims.iat).toBe(240);
  expect(claims.jti).toMatch(/^[0-9a-f]{32,}$/);
  await expect(page.getByRole('heading', { name: 'Current token' })).toBeVisible();
  await expect(page.getByText(/expires in/i).first()).toBeVisible();
  await page.screenshot({ path: resolve(import.meta.dirname, '../docs/screenshots/tokens.png'), fullPage: true });
});

test('client credentials with client_secret_basic and then client_secret_post', async ({ appPage: page }) => {
  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: client secret');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  await page.getByText('Request as sent (secrets redacted)').click();
  await expect(page.getByText('Basic ‹redacted›')).toBeVisible();

  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.listItem('Sandbox: client secret').click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await profiles.field('Auth method').selectOption('client-credentials-post');
  await profiles.save();
  await expect(page.getByRole('cell', { name: 'Client credentials, client_secret_post' })).toBeVisible();
  await tokens.open('Sandbox: client secret');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  await page.getByText('Request as sent (secrets redacted)').click();
  await expect(page.getByText(/client_secret/).first()).toBeVisible();
  await expect(page.getByText('Basic ‹redacted›')).toHaveCount(0);
  await expect(page.getByText('demo-secret-client-secret')).toHaveCount(0);
});

test('SMART app: authorization code + PKCE through the sandbox login page, launch context shown, then refresh', async ({ appPage: page, context }) => {
  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: SMART app (PKCE)');
  const popupPromise = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in and get token' }).click();
  const popup = await popupPromise;
  await tokens.signInOnSandbox(popup, { patientLabel: /Ben Baker/ });
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  const context_ = page.getByRole('table', { name: 'Launch context' });
  await expect(context_).toContainText('ben-baker');
  await expect(context_).toContainText(/Practitioner\//);
  await popup.close();

  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  await expect(page.getByText(/refresh_token/).first()).toBeVisible();
});

test('confidential asymmetric app: private_key_jwt at the code exchange on a fixed redirect port, then a refresh with private_key_jwt', async ({ appPage: page, context }) => {
  // A port the test knows is free (tests never rely on the app's default port being free).
  const port = await freePort();
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.listItem('Sandbox: SMART app \\(private_key_jwt\\)').click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await profiles.field('Redirect port').fill(String(port));
  await expect(page.getByLabel('Redirect URI to register')).toHaveText(`http://127.0.0.1:${port}/callback`);
  await profiles.save();
  await expect(page.getByLabel('Redirect URI to register')).toHaveText(`http://127.0.0.1:${port}/callback`);

  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: SMART app (private_key_jwt)');
  await expect(page.getByLabel('Redirect URI to register')).toHaveText(`http://127.0.0.1:${port}/callback`);
  const popupPromise = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in and get token' }).click();
  const popup = await popupPromise;
  await tokens.signInOnSandbox(popup, { patientLabel: /Ben Baker/ });
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  await popup.close();
  const run = page.getByRole('region', { name: /^Last run/ });
  await expect(run.getByText('Client assertion (private_key_jwt)')).toBeVisible();
  await expect(run.getByText(`The browser returned to http://127.0.0.1:${port}/callback`)).toBeVisible();
  await run.getByText('Request as sent (secrets redacted)').last().click();
  await expect(run.getByLabel('Request as sent (secrets redacted) body', { exact: true }).last()).toContainText('grant_type=authorization_code');
  await expect(run.getByLabel('Request as sent (secrets redacted) body', { exact: true }).last()).toContainText('client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  await expect(page.getByRole('table', { name: 'Launch context' })).toContainText('ben-baker');

  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  await expect(run.getByText('Client assertion (private_key_jwt)')).toBeVisible();
  await run.getByText('Request as sent (secrets redacted)').last().click();
  const refreshBody = run.getByLabel('Request as sent (secrets redacted) body', { exact: true }).last();
  await expect(refreshBody).toContainText('grant_type=refresh_token');
  await expect(refreshBody).toContainText('client_assertion=');
  await expect(refreshBody).not.toContainText('client_secret');
});

test('EHR launch: a launch value from the sandbox binds the patient', async ({ appPage: page, context }) => {
  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: SMART app (PKCE)');
  await page.getByLabel('Sandbox patient').fill('chloe-chen');
  await page.getByRole('button', { name: 'Get a launch value from the sandbox' }).click();
  await expect(page.getByText('The sandbox issued a launch value for patient chloe-chen.')).toBeVisible();
  await expect(page.getByLabel('Launch value')).not.toHaveValue('');
  const popupPromise = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in and get token' }).click();
  const popup = await popupPromise;
  await tokens.logInOnSandbox(popup);
  await expect(popup.getByText(/Patient in context/)).toContainText('Chloe Chen');
  await tokens.allowOnSandbox(popup);
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  await expect(page.getByRole('table', { name: 'Launch context' })).toContainText('chloe-chen');
});

test('a wrong assertion aud is rejected and the diagnosis names ASSERT-AUD first', async ({ appPage: page }) => {
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.listItem('Sandbox: backend services').click();
  await page.getByRole('button', { name: 'Edit' }).click();
  const base = await profiles.field('FHIR base URL').inputValue();
  await page.getByRole('button', { name: 'Add claim' }).click();
  await page.getByLabel('Extra claims 1 name').fill('aud');
  await page.getByLabel('Extra claims 1 value').fill(base);
  await profiles.save();

  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: backend services (private_key_jwt)');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Failed', { timeout: 20_000 });
  const findings = page.getByRole('list', { name: 'Conformance findings' }).getByRole('listitem');
  await expect(findings.first()).toContainText('ASSERT-AUD');
  // The check of what was sent heads, the server's invalid_client after it.
  const diagnosis = page.getByRole('region', { name: /^Diagnosis/ });
  await expect(page.getByTestId('diagnosis-rule')).toHaveText('ASSERT-AUD');
  await expect(diagnosis).toContainText('Why this comes first: the token endpoint answered error "invalid_client"');
  await expect(diagnosis.getByRole('list', { name: 'Other possible causes, in order' })).toContainText('ERR-INVALID-CLIENT');
});

test('a token endpoint that is really a FHIR URL gets a clear explanation', async ({ appPage: page }) => {
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.listItem('Sandbox: client secret').click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await profiles.field('Token endpoint override').fill('{base}/Patient');
  await profiles.save();
  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: client secret');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Failed', { timeout: 20_000 });
  const diagnosis = page.getByRole('region', { name: /^Diagnosis/ });
  await expect(page.getByTestId('diagnosis-rule')).toHaveText('ERR-OPERATIONOUTCOME');
  await expect(diagnosis).toContainText('so this URL is not the token endpoint');
});

test('a stalled token request can be cancelled and nothing hangs', async ({ appPage: page }) => {
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.listItem('Sandbox: client secret').click();
  await page.getByRole('button', { name: 'Edit' }).click();
  // The sandbox's failure simulation: this token endpoint answers only after 20 s.
  await profiles.field('Token endpoint override').fill('{origin}/oauth/token?sandbox_fail=slow%3D20000');
  await profiles.save();
  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: client secret');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Requesting a token');
  const started = Date.now();
  await page.getByRole('button', { name: 'Cancel request' }).click();
  await expect(tokens.status()).toHaveText('Cancelled');
  expect(Date.now() - started).toBeLessThan(5000);
  await expect(page.getByText(/the token request to .* was stopped before the server answered/)).toBeVisible();
  // The app stays responsive: another flow works right away.
  await tokens.open('Sandbox: backend services (private_key_jwt)');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
});
