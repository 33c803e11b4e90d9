import { expect, test } from './fixtures/test.ts';

const PRIVATE_MEMBERS = /"(d|p|q|dp|dq|qi)"\s*:/;

test('generate an ES384 key, see its public JWKS, and get clear errors for bad imports', async ({ appPage: page, bridgeLog }) => {
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Keys' }).click();
  await expect(page.getByText(/not the OS keychain/i).first()).toBeVisible();

  await page.getByRole('button', { name: 'Generate key' }).click();
  await page.getByLabel('Algorithm').selectOption('ES384');
  await page.getByLabel('Name, optional').fill('My ES384 key');
  await page.getByRole('button', { name: 'Create key pair' }).click();
  await expect(page.getByRole('listbox', { name: 'Stored keys' }).getByRole('option', { name: /My ES384 key/ })).toBeVisible();
  const kid = (await page.getByTestId('key-kid').textContent())!.trim();
  expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/); // RFC 7638 thumbprint by default
  await expect(page.getByTestId('key-thumbprint')).toContainText(kid);
  await page.getByRole('tab', { name: 'JWKS' }).click();
  const jwks = page.getByRole('tabpanel').getByRole('textbox');
  await expect(jwks).toHaveValue(/"crv": "P-384"/);
  const published = JSON.parse(await jwks.inputValue());
  expect(published.keys).toHaveLength(1);
  expect(published.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-384', kid });
  expect(await jwks.inputValue()).not.toMatch(PRIVATE_MEMBERS);

  await page.getByRole('button', { name: 'Import key' }).click();
  const text = page.getByLabel('Key text (PEM, JWK or JWKS)');
  await text.fill('-----BEGIN PRIVATE KEY-----\nnot base64 at all!\n-----END PRIVATE KEY-----');
  await expect(page.getByText(/The PEM block could not be read as a private key/)).toBeVisible();
  await text.fill('{"keys": []}');
  await expect(page.getByText('The JWKS has no keys ("keys" is empty).')).toBeVisible();
  await text.fill(JSON.stringify({ kty: 'EC', crv: 'P-384', x: 'AAAA', y: 'BBBB' }));
  await expect(page.getByText(/the JWK is a public key \(it has no "d" member\); signing needs the private key/)).toBeVisible();

  await page.reload();
  await page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Keys' }).click();
  await expect(page.getByRole('listbox', { name: 'Stored keys' }).getByRole('option', { name: /My ES384 key/ })).toBeVisible();
  for (const r of bridgeLog) expect(r.body, r.url).not.toMatch(PRIVATE_MEMBERS);
  for (const r of bridgeLog) expect(r.body, r.url).not.toContain('PRIVATE KEY-----');
});
