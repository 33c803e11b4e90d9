import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDialogFolderPicker } from './dialog-folder-picker.ts';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

describe('the desktop export folder picker', () => {
  it('creates the export subfolder inside the folder the user chose', async () => {
    const base = mkdtempSync(join(tmpdir(), 'fae-pick-'));
    dirs.push(base);
    const picker = createDialogFolderPicker({ showOpenDialog: async () => ({ canceled: false, filePaths: [base] }) });
    const folder = await picker.chooseExportFolder('export-1');
    expect(folder).toBe(join(base, 'export-1'));
    expect(existsSync(folder!)).toBe(true);
  });

  it('returns undefined when the user cancels the dialog', async () => {
    const picker = createDialogFolderPicker({ showOpenDialog: async () => ({ canceled: true, filePaths: [] }) });
    expect(await picker.chooseExportFolder('export-2')).toBeUndefined();
  });
});
