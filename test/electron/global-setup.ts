/**
 * Before the Electron smoke test: when the Electron binary and a display are there, builds the app
 * once and better-sqlite3 for Electron (test/electron/electron-app.ts, can take a minute the first
 * time). Otherwise nothing — the run names the skipped test at its end — unless REQUIRE_ELECTRON=1,
 * which makes it one failure here.
 */
import { buildAppOnce } from '../helpers/build-app';
import { ELECTRON_HINT, electronRequired, lookUpElectron } from '../helpers/machine';
import { betterSqliteForElectron } from './electron-app';

export default async function setup(): Promise<void> {
  const { missing } = lookUpElectron();
  if (missing) {
    if (electronRequired())
      throw new Error(`THE ELECTRON SMOKE TEST CANNOT RUN: ${missing}. ${ELECTRON_HINT}`);
    return;
  }
  buildAppOnce();
  await betterSqliteForElectron();
}
