import { expect, type Page } from '@playwright/test';

/** Page object for the Profiles area: the words a user sees, not CSS selectors. */
export class ProfilesPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Areas' }).getByRole('button', { name: 'Profiles' }).click();
    await expect(this.page.getByRole('heading', { name: 'Profiles', level: 1 })).toBeVisible();
  }

  async newFromPreset(presetLabel: string): Promise<void> {
    await this.page.getByRole('button', { name: 'New profile' }).click();
    await this.page.getByRole('dialog').getByRole('button', { name: `Preset ${presetLabel}` }).click();
    await expect(this.page.getByRole('heading', { name: 'New profile' })).toBeVisible();
  }

  field(label: string) {
    return this.page.getByLabel(label, { exact: true });
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save profile' }).click();
  }

  listItem(name: string) {
    return this.page.getByRole('listbox', { name: 'Saved profiles' }).getByRole('option', { name: new RegExp(name) });
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('searchbox', { name: 'Search profiles' }).fill(text);
  }
}
