import { resolve } from 'node:path';
import { TokensPage } from './pages/tokens-page.ts';
import { expect, test } from './fixtures/test.ts';

test('a token from the sandbox is decoded and its signature verified against the server JWKS', async ({ appPage: page }) => {
  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: backend services (private_key_jwt)');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });

  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Inspect' }).click();
  await page.getByRole('tab', { name: /Token/ }).click();
  await page.getByLabel('Check against profile').selectOption({ label: 'Sandbox: backend services (private_key_jwt)' });
  await page.getByRole('button', { name: 'Use its access token' }).click();
  await expect(page.getByTestId('signature-status')).toHaveText('Signature verified', { timeout: 15_000 });
  await expect(page.getByText('demo-backend-client').first()).toBeVisible();
  await expect(page.getByText(/system\/\*\.rs/).first()).toBeVisible();

  // Tamper with the payload: the same signature no longer verifies.
  const encoded = page.getByLabel('Token to decode');
  const [h, p, s] = (await encoded.inputValue()).split('.');
  const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
  const forged = Buffer.from(JSON.stringify({ ...claims, scope: 'system/*.cruds' })).toString('base64url');
  await encoded.fill(`${h}.${forged}.${s}`);
  await expect(page.getByTestId('signature-status')).toHaveText('Signature invalid', { timeout: 15_000 });

  await encoded.fill('this is not a token');
  await expect(page.getByTestId('signature-status')).toHaveCount(0);
  await expect(page.getByRole('tabpanel')).toContainText('This contains spaces, so it is not a token. Paste only the token value.');
});

test('scopes are compared when the grant differs from the request', async ({ appPage: page, context }) => {
  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: SMART app (PKCE)');
  await page.getByLabel('Scopes to request').fill('launch/patient openid fhirUser patient/Observation.rs patient/Condition.rs');
  const popupPromise = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in and get token' }).click();
  const popup = await popupPromise;
  await tokens.logInOnSandbox(popup);
  await popup.getByRole('button', { name: 'Select patient' }).click();
  await popup.getByLabel('patient/Condition.rs').uncheck();
  await tokens.allowOnSandbox(popup);
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  await expect(page.getByRole('list', { name: 'Conformance findings' })).toContainText('SCOPE-GRANTED-MISSING');

  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Inspect' }).click();
  await page.getByRole('tab', { name: /Scopes/ }).click();
  await page.getByLabel('Requested scope').fill('launch/patient openid fhirUser patient/Observation.rs patient/Condition.rs');
  await page.getByLabel('Granted scope').fill('launch/patient openid fhirUser patient/Observation.rs');
  await expect(page.getByRole('heading', { name: /Missing/ })).toContainText('(1)');
  await expect(page.getByRole('tabpanel')).toContainText('patient/Condition.rs');
  await expect(page.getByRole('tabpanel')).toContainText('SCOPE-GRANTED-MISSING');
  await page.getByLabel('Granted scope').fill('launch/patient openid fhirUser patient/Observation.read patient/Condition.rs');
  await expect(page.getByRole('heading', { name: /Equivalent/ })).toContainText('(1)');
});

test('assertion controls: the next assertion is shown decoded and checked before it is sent, then the sandbox refuses a long-lived and an expired one', async ({ appPage: page }) => {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Inspect' }).click();
  await page.getByLabel('Check against profile').selectOption({ label: 'Sandbox: backend services (private_key_jwt)' });
  await page.getByRole('tab', { name: 'Next assertion' }).click();
  const panel = page.getByRole('tabpanel');

  // A long-lived assertion: the engine's time rules speak while typing, before anything is signed.
  await panel.getByLabel('Lifetime (s)').fill('3600');
  await expect(panel.getByText(/ASSERT-EXP-TOO-FAR \(error\)/)).toBeVisible();
  await panel.getByRole('button', { name: 'Build, sign and check' }).click();
  const prepared = page.getByRole('region', { name: 'The assertion the next run will send' });
  await expect(prepared).toBeVisible({ timeout: 20_000 });
  await expect(prepared.getByRole('region', { name: /Checks before sending/ })).toContainText('ASSERT-EXP-TOO-FAR');
  await expect(prepared).toContainText('demo-backend-client');
  await expect(prepared.getByText(/^expires in \d+ s$/)).toBeVisible();
  await page.screenshot({ path: resolve(import.meta.dirname, '../docs/screenshots/next-assertion.png'), fullPage: true });
  await prepared.getByRole('button', { name: /^Send it/ }).click();
  const sent = page.getByRole('region', { name: /^Sent/ });
  await expect(sent.getByTestId('prepared-run-status')).toHaveText('Refused', { timeout: 20_000 });
  await expect(sent).toContainText('invalid_client');
  await expect(sent.getByRole('region', { name: /Diagnosis/ })).toContainText('ASSERT-EXP-TOO-FAR');

  // An expired one (clock ten minutes back).
  await panel.getByLabel('Lifetime (s)').fill('');
  await panel.getByLabel('Clock offset (s)').fill('-600');
  await panel.getByRole('button', { name: 'Build, sign and check' }).click();
  await expect(prepared.getByRole('region', { name: /Checks before sending/ })).toContainText('ASSERT-EXP-PAST', { timeout: 20_000 });
  await expect(prepared.getByText(/^expired \d+ s ago$/)).toBeVisible();
  await prepared.getByRole('button', { name: /^Send it/ }).click();
  await expect(sent.getByTestId('prepared-run-status')).toHaveText('Refused', { timeout: 20_000 });
  await expect(sent.getByRole('region', { name: /Diagnosis/ })).toContainText('ASSERT-EXP-PAST');

  // The profile's own settings: accepted.
  await panel.getByLabel('Clock offset (s)').fill('');
  await panel.getByRole('button', { name: 'Build, sign and check' }).click();
  await expect(prepared.getByText('No problems found: a conformant server should accept this assertion.')).toBeVisible({ timeout: 20_000 });
  await prepared.getByRole('button', { name: /^Send it/ }).click();
  await expect(sent.getByTestId('prepared-run-status')).toHaveText('Accepted', { timeout: 20_000 });
});

test('a claim named like a secret in a decoded token is masked until revealed', async ({ appPage: page }) => {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Inspect' }).click();
  await page.getByRole('tab', { name: /Token/ }).click();
  const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  // A peer embedded its client secret in the token it issued (issue 14).
  const jwt = `${enc({ alg: 'RS384', typ: 'JWT', kid: 'k1' })}.${enc({ iss: 'https://peer.example', sub: 'svc', exp: 4_102_444_800, client_secret: 'peer-embedded-s3cret', scope: 'system/*.rs' })}.c2ln`;
  await page.getByLabel('Token to decode').fill(jwt);
  const panel = page.getByRole('tabpanel');
  await expect(panel.locator('[data-claim="client_secret"]')).toContainText('‹redacted›');
  await expect(panel).not.toContainText('peer-embedded-s3cret');
  await expect(panel.getByRole('status').filter({ hasText: 'Hidden because their names say they are secrets' })).toContainText('client_secret');
  await panel.getByRole('button', { name: 'Reveal secrets' }).click();
  await expect(panel.locator('[data-claim="client_secret"]')).toContainText('peer-embedded-s3cret');
  await panel.getByRole('button', { name: 'Hide secrets' }).click();
  await expect(panel.locator('[data-claim="client_secret"]')).not.toContainText('peer-embedded-s3cret');
});
