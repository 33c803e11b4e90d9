import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ProfilesPage } from './pages/profiles-page.ts';
import { TokensPage } from './pages/tokens-page.ts';
import { expect, KNOWN_SECRETS, test } from './fixtures/test.ts';

/** Files that hold only ciphertext (sealed by the secret cipher) or the fallback key itself. */
const ENCRYPTED_STORES = new Set(['keys.json', 'keys.json.bak', 'secrets.json', 'secrets.json.bak', 'secret-fallback.key']);
const PRIVATE_JWK = /"(d|p|q|dp|dq|qi)"\s*:\s*"/;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

/** Calls the bridge from the test process (Node), so the values it learns never pass through the page. */
async function bridgeCall(url: string, method: string, input: unknown): Promise<any> {
  const origin = new URL(url).origin;
  const secret = new URL(url).hash.replace('#k=', '');
  const res = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bridge-secret': secret }, body: JSON.stringify(input) });
  return res.json();
}

test('leak scan: after every flow, no client secret, private key or raw token appears in the log, exports, files or renderer responses', async ({ appPage: page, app, bridgeLog, context }) => {
  test.setTimeout(120_000);
  const tokens = new TokensPage(page);
  for (const profile of ['Sandbox: backend services (private_key_jwt)', 'Sandbox: client secret']) {
    await tokens.open(profile);
    await page.getByRole('button', { name: 'Get token', exact: true }).click();
    await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  }
  await tokens.open('Sandbox: SMART app (PKCE)');
  const popupPromise = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Sign in and get token' }).click();
  await tokens.signInOnSandbox(await popupPromise);
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(tokens.status()).toHaveText('Succeeded', { timeout: 20_000 });

  // The console with a token, and a Bulk export downloaded to disk.
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Console' }).click();
  await page.getByRole('combobox', { name: /^Profile/ }).selectOption({ label: 'Sandbox: backend services (private_key_jwt)' });
  await page.getByLabel('Path or URL').fill('Observation?code=4548-4');
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await expect(page.getByTestId('response-status')).toHaveText(/^200/, { timeout: 20_000 });
  await page.getByRole('tab', { name: 'Bulk export' }).click();
  await page.getByLabel('All patients (Patient/$export)').check();
  await page.getByRole('button', { name: 'Start export' }).click();
  const job = page.getByRole('region', { name: 'Exports' }).getByRole('article').first();
  await expect(job).toContainText('Complete', { timeout: 30_000 });
  await job.getByRole('button', { name: 'Download all files' }).click();
  await expect(job.getByRole('status').filter({ hasText: /^Downloaded/ })).toBeVisible({ timeout: 30_000 });

  // Exports the user can make: HAR and profiles.
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Activity' }).click();
  const harDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export HAR' }).click();
  const har = await readFile((await (await harDownload).path())!, 'utf8');
  await new ProfilesPage(page).open();
  const profilesDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export all' }).click();
  const profileExport = await readFile((await (await profilesDownload).path())!, 'utf8');

  // Everything the renderer and the disk hold, captured before any reveal.
  const responses = bridgeLog.map((r) => ({ where: `bridge ${r.url}`, text: r.body }));
  const files = [];
  for (const path of await filesUnder(app.dataDir)) {
    const name = relative(app.dataDir, path);
    if (ENCRYPTED_STORES.has(name)) continue;
    files.push({ where: `file ${name}`, text: await readFile(path, 'utf8') });
  }
  expect(files.some((f) => f.where === 'file activity.json')).toBe(true);
  expect(files.some((f) => f.where.includes('exports'))).toBe(true);
  const artifacts = [...responses, ...files, { where: 'HAR export', text: har }, { where: 'profile export', text: profileExport }];

  // Now learn the raw token values (from the test process, not the page) and scan.
  const list = await bridgeCall(app.url, 'profiles:list', {});
  const tokenValues: string[] = [];
  for (const p of list.value) {
    for (const which of ['access_token', 'refresh_token', 'id_token']) {
      const r = await bridgeCall(app.url, 'tokens:reveal', { profileId: p.id, which });
      if (r.ok) tokenValues.push(r.value.value);
    }
  }
  expect(tokenValues.length).toBeGreaterThanOrEqual(4); // three access tokens, the PKCE refresh token (and its ID token)
  const basic = Buffer.from('demo-secret-client:demo-secret-client-secret').toString('base64');
  for (const { where, text } of artifacts) {
    expect(text, `private JWK member in ${where}`).not.toMatch(PRIVATE_JWK);
    expect(text, `PEM private key in ${where}`).not.toContain('PRIVATE KEY-----');
    for (const s of [...KNOWN_SECRETS, basic]) expect(text.includes(s), `client secret in ${where}`).toBe(false);
    for (const t of tokenValues) expect(text.includes(t), `raw token in ${where}`).toBe(false);
    // JWTs also leak through their signature alone.
    for (const t of tokenValues.filter((v) => v.split('.').length === 3)) expect(text.includes(t.split('.')[2]!), `token signature in ${where}`).toBe(false);
  }
});
