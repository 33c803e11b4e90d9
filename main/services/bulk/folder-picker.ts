import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where an export's files go: a folder the user picks (Electron: a dialog, wired by the
 * composition root) or, in browser mode, a fresh subfolder of the data folder.
 *
 * Why a port: main cannot show a dialog in browser mode, and tests need a temporary folder.
 */
export interface FolderPicker {
  /**
   * Returns an existing, empty-or-new folder for the files of one export, or undefined when
   * the user cancelled. `suggestedName` (e.g. `export-2026-01-02T03-04-05`) names a subfolder.
   */
  chooseExportFolder(suggestedName: string): Promise<string | undefined>;
}

/** Browser mode (and the default): `<dataDir>/exports/<suggestedName>/`, shown to the user. */
export function dataDirExportFolders(dataDir: string): FolderPicker {
  return {
    async chooseExportFolder(name) {
      const folder = join(dataDir, 'exports', name);
      await mkdir(folder, { recursive: true, mode: 0o700 });
      return folder;
    },
  };
}
