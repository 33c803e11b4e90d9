import { expect, type Page } from '@playwright/test';

/** Page object for the Tokens area. */
export class TokensPage {
  constructor(private readonly page: Page) {}

  async open(profileName: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Tokens' }).click();
    await expect(this.page.getByRole('heading', { name: 'Tokens', level: 1 })).toBeVisible();
    await this.page.getByLabel('Profile', { exact: true }).selectOption({ label: profileName });
    await expect(this.page.getByRole('heading', { name: 'Get a token' })).toBeVisible();
  }

  /** The run's status badge ("Succeeded", "Failed"...). */
  status() {
    return this.page.getByTestId('run-status');
  }

  /** Logs in on the sandbox's login page (demo users' password is `sandbox`). */
  async logInOnSandbox(popup: Page, user = 'clinician'): Promise<void> {
    await popup.getByLabel('Username').fill(user);
    await popup.getByLabel('Password').fill('sandbox');
    await popup.getByRole('button', { name: 'Sign in' }).click();
  }

  /** Grants consent and waits for the app's loopback page. */
  async allowOnSandbox(popup: Page): Promise<void> {
    await popup.getByRole('button', { name: 'Allow' }).click();
    await expect(popup.getByText('You can close this tab and return to FHIR Auth Explorer.')).toBeVisible();
  }

  /** Signs in on the sandbox's own pages in the tab the app opened: log in, pick a patient, allow. */
  async signInOnSandbox(popup: Page, opts: { user?: string; patientLabel?: RegExp } = {}): Promise<void> {
    await this.logInOnSandbox(popup, opts.user);
    if ((opts.user ?? 'clinician') === 'clinician') {
      if (opts.patientLabel) await popup.getByLabel(opts.patientLabel).check();
      await popup.getByRole('button', { name: 'Select patient' }).click();
    }
    await this.allowOnSandbox(popup);
  }
}
