import { readFile } from 'node:fs/promises';
import { ProfilesPage } from './pages/profiles-page.ts';
import { TokensPage } from './pages/tokens-page.ts';
import { expect, test } from './fixtures/test.ts';

test('the activity log shows token exchanges redacted, reveals one on request, and exports a redacted HAR', async ({ appPage: page }) => {
  // A secret typed by the user: it must never come back to the renderer except on reveal.
  const profiles = new ProfilesPage(page);
  await profiles.open();
  await profiles.listItem('Sandbox: client secret').click();
  await page.getByLabel('Client secret', { exact: true }).fill('e2e-typed-secret-4f9c');
  await page.getByRole('button', { name: /Replace secret|Save secret/ }).click();
  await expect(page.getByTestId('client-secret-status')).toContainText('set');

  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: client secret');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Failed', { timeout: 20_000 }); // the sandbox knows another secret

  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Activity' }).click();
  const list = page.getByRole('listbox', { name: 'Exchanges' });
  const tokenRow = list.getByRole('option', { name: /POST.*\/oauth\/token/ }).first();
  // The list shows the diagnosis headline of a failed exchange; the entry shows the whole diagnosis.
  await expect(tokenRow).toContainText('ERR-INVALID-CLIENT');
  await tokenRow.click();
  await expect(page.getByTestId('diagnosis-rule')).toHaveText('ERR-INVALID-CLIENT');
  await expect(page.getByText('Basic ‹redacted›').first()).toBeVisible();
  await expect(page.getByText(/e2e-typed-secret-4f9c/)).toHaveCount(0);

  await page.getByRole('button', { name: 'Reveal secrets' }).click();
  const basic = `Basic ${Buffer.from('demo-secret-client:e2e-typed-secret-4f9c').toString('base64')}`;
  await expect(page.getByText(basic)).toBeVisible();
  await page.getByRole('button', { name: 'Hide secrets' }).click();
  await expect(page.getByText(basic)).toHaveCount(0);

  const downloadPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export HAR' }).click();
  const har = await readFile((await (await downloadPromise).path())!, 'utf8');
  const parsed = JSON.parse(har);
  expect(parsed.log.version).toBe('1.2');
  expect(parsed.log.entries.some((e: { request: { url: string } }) => e.request.url.endsWith('/oauth/token'))).toBe(true);
  expect(har).not.toContain('e2e-typed-secret-4f9c');
  expect(har).not.toContain(Buffer.from('demo-secret-client:e2e-typed-secret-4f9c').toString('base64'));
});
