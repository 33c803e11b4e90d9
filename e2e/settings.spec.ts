import { TokensPage } from './pages/tokens-page.ts';
import { expect, test } from './fixtures/test.ts';

test('the run history keeps each token run, within limits set in Settings', async ({ appPage: page }) => {
  const tokens = new TokensPage(page);
  await tokens.open('Sandbox: backend services (private_key_jwt)');
  await page.getByRole('button', { name: 'Get token', exact: true }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });

  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  await expect(page.getByTestId('run-history-usage')).toContainText('Holds 1 run');
  await expect(page.getByTestId('run-history-usage')).toContainText('of 1000 runs or 50 MB');
  await expect(page.getByRole('table', { name: 'Newest runs' })).toContainText('client credentials (private_key_jwt)');

  const maxRuns = page.getByLabel('Keep at most (runs)');
  await maxRuns.fill('5');
  await expect(page.getByRole('alert')).toContainText('10');
  await expect(page.getByRole('button', { name: 'Save limits' })).toBeDisabled();
  await maxRuns.fill('200');
  await page.getByRole('button', { name: 'Save limits' }).click();
  await expect(page.getByText('Saved. Runs past the new limits were removed.')).toBeVisible();
  await expect(page.getByTestId('run-history-usage')).toContainText('of 200 runs or 50 MB');

  await page.reload();
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByLabel('Keep at most (runs)')).toHaveValue('200');
});
