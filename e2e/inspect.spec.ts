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
