/**
 * Default folders, matching Electron's `app.getPath('userData')` for the product name so that the
 * app, the browser host and the CLI share one studio index on a machine.
 */
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Préau Studio';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.PREAU_DATA_DIR) return path.resolve(env.PREAU_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32')
    return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

/** Where job folders go by default: next to the data folder when one is given explicitly, else in the home folder. */
export function defaultLibraryDir(explicitDataDir: string | undefined): string {
  return explicitDataDir
    ? path.join(path.resolve(explicitDataDir), 'Reportages')
    : path.join(os.homedir(), PRODUCT_NAME);
}
