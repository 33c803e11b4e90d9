import { resolve } from 'node:path';
import { ProfilesPage } from './pages/profiles-page.ts';
import { TokensPage } from './pages/tokens-page.ts';
import { startStandaloneSandbox, type StandaloneSandbox } from './fixtures/sandbox-server.ts';
import { expect, test } from './fixtures/test.ts';

let plain: StandaloneSandbox;
test.beforeAll(async () => { plain = await startStandaloneSandbox('no-smart-configuration,no-oauth-uris'); });
test.afterAll(async () => { await plain?.stop(); });

test('discovery from an issuer URL on a server without SMART configuration: each endpoint with its document, then a token', async ({ appPage: page }) => {
  // The client-secret profile, pointed at a sandbox that plays a plain OAuth server.
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.listItem('Sandbox: client secret').click();
  await page.getByRole('button', { name: 'Edit' }).click();
  await profiles.field('FHIR base URL').fill(plain.fhirBaseUrl);
  await profiles.save();
  await expect(page.getByRole('cell', { name: plain.fhirBaseUrl })).toBeVisible();

  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: client secret');
  const panel = page.getByRole('region', { name: 'Discovery', exact: true });
  // From the FHIR base: nothing there names the endpoints, and the panel says why for each document.
  await panel.getByRole('button', { name: 'Run discovery' }).click();
  await expect(panel.getByRole('alert').first()).toContainText(/^No OAuth endpoints found/, { timeout: 20_000 });
  await expect(panel).toContainText('/.well-known/smart-configuration does not exist on this server (HTTP 404)');

  // From the issuer: RFC 8414 and OpenID Connect metadata, merged; each endpoint names its document.
  await panel.getByLabel('Discover from').fill(plain.issuer);
  await panel.getByRole('button', { name: 'Run discovery' }).click();
  const table = panel.getByRole('table', { name: 'Discovered endpoints' });
  await expect(table).toBeVisible({ timeout: 20_000 });
  const tokenRow = table.getByRole('row').filter({ hasText: 'token_endpoint' });
  await expect(tokenRow).toContainText(plain.tokenEndpoint);
  await expect(tokenRow).toContainText('RFC 8414 authorization server metadata');
  await expect(tokenRow).toContainText('also in OpenID Connect configuration');
  await expect(table.getByRole('row').filter({ hasText: 'introspection_endpoint' })).toContainText(plain.introspectionEndpoint);
  await expect(table.getByRole('row').filter({ hasText: 'revocation_endpoint' })).toContainText(plain.revocationEndpoint);
  await expect(panel.getByText(/^Found \d+ endpoints: .* from the RFC 8414 authorization server metadata/)).toBeVisible();
  await panel.getByText(/^Documents read/).click();
  await expect(panel.getByRole('listitem').filter({ hasText: 'SMART configuration' })).toContainText('HTTP 404');
  await expect(panel.getByRole('listitem').filter({ hasText: 'OpenID Connect configuration' }).first()).toContainText('used');
  await page.setViewportSize({ width: 1280, height: 2000 });
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: resolve(import.meta.dirname, '../docs/screenshots/discovery.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 860 });

  await panel.getByRole('button', { name: 'Use these endpoints' }).click();
  await expect(panel.getByText(/Saved the discovered endpoints to profile "Sandbox: client secret" \(from http:\/\/127\.0\.0\.1:\d+\)/)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Token endpoint' }).first()).toContainText(plain.tokenEndpoint);
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });

  // The profile shows where each stored endpoint came from.
  await profiles.open();
  await profiles.listItem('Sandbox: client secret').click();
  await expect(page.getByRole('row').filter({ hasText: 'Introspection endpoint' })).toContainText(`(discovered in ${plain.issuer}/.well-known/oauth-authorization-server)`);
});
