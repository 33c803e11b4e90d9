import { homedir } from 'node:os';
import { join } from 'node:path';

/** The product name, which is also the user-data folder's name (Electron's default). */
export const PRODUCT_NAME = 'FHIR Auth Explorer';

/**
 * Where browser mode keeps its data: the folder Electron's `app.getPath('userData')` uses, so
 * both modes see the same profiles. `FAE_DATA_DIR` overrides it (tests, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FAE_DATA_DIR) return env.FAE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
