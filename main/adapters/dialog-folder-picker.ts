import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FolderPicker } from '../services/bulk/index.ts';

/** The part of Electron's dialog module this adapter uses. */
export interface DialogLike {
  showOpenDialog(options: { title: string; buttonLabel: string; properties: ('openDirectory' | 'createDirectory')[] }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/**
 * Desktop: asks the user where a Bulk Data export goes (a native folder dialog), then makes a
 * subfolder for this export so several runs never mix their files.
 */
export function createDialogFolderPicker(dialog: DialogLike): FolderPicker {
  return {
    async chooseExportFolder(suggestedName) {
      const { canceled, filePaths } = await dialog.showOpenDialog({ title: 'Choose where to save the export', buttonLabel: 'Save export here', properties: ['openDirectory', 'createDirectory'] });
      const base = filePaths[0];
      if (canceled || !base) return undefined;
      const folder = join(base, suggestedName);
      await mkdir(folder, { recursive: true });
      return folder;
    },
  };
}
