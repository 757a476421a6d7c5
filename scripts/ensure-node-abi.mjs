// `pretest`: makes sure better-sqlite3 loads under plain Node. After `npm start` rebuilt it for
// Electron (another Node ABI), the tests would all fail on "NODE_MODULE_VERSION"; rebuild it back.
import { spawnSync } from 'node:child_process';
import { needsNodeRebuild, probeBetterSqlite } from './native-abi.mjs';

const probe = probeBetterSqlite();
if (needsNodeRebuild(probe)) {
  console.log(
    'better-sqlite3 est compilé pour Electron : recompilation pour Node (npm rebuild better-sqlite3)…',
  );
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const rebuilt = spawnSync(npm, ['rebuild', 'better-sqlite3'], {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (rebuilt.status !== 0 || !probeBetterSqlite().ok) {
    console.error('La recompilation de better-sqlite3 pour Node a échoué : voir les messages ci-dessus.');
    process.exitCode = 1;
  } else {
    console.log('better-sqlite3 recompilé pour Node.');
  }
}
