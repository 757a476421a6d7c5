// `pretest`: makes sure better-sqlite3 loads under the Node running the tests. After `npm start`
// rebuilt it for Electron, or after Node itself was upgraded (20 → 24), every test would fail on
// "NODE_MODULE_VERSION": this says which runtime the binary was built for and rebuilds it for this
// Node, against this Node's own headers — not those npm's `nodedir` may point at (Debian's npm sets
// /usr, the headers of Debian's Node 20) — or says plainly what to do when it cannot.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  chooseNodedir,
  electronAbi,
  needsNodeRebuild,
  probeBetterSqlite,
  rebuildReason,
} from './native-abi.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = path.join(root, 'node_modules', 'electron');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const shell = process.platform === 'win32';

function electronFacts() {
  let version;
  try {
    version = JSON.parse(readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    version = undefined; // No Electron package: a binary built for it is named by its ABI alone.
  }
  return { abi: electronAbi(electronDir), version };
}

/** npm's configured nodedir: passed on by `npm run` in the environment, asked of npm otherwise. */
function configuredNodedir() {
  if (process.env.npm_config_nodedir !== undefined) return process.env.npm_config_nodedir || undefined;
  const asked = spawnSync(npm, ['config', 'get', 'nodedir'], { encoding: 'utf8', shell });
  const value = asked.status === 0 ? asked.stdout.trim() : '';
  return value && value !== 'undefined' ? value : undefined;
}

const probe = probeBetterSqlite(root);
if (needsNodeRebuild(probe)) {
  const node = process.versions.node;
  console.log(`${rebuildReason(probe, { nodeVersion: node, electron: electronFacts() })}.`);
  const headers = chooseNodedir({ nodeVersion: node, configured: configuredNodedir() });
  if (headers.configuredWrong) console.log(`Note : ${headers.configuredWrong} ; il n’est pas utilisé.`);
  console.log(
    headers.nodedir
      ? `Recompilation pour Node ${node} avec les en-têtes de Node ${headers.version} (${headers.nodedir})…`
      : `Recompilation pour Node ${node} ; aucun en-tête de ce Node sur la machine, node-gyp les télécharge…`,
  );
  // --nodedir on the command line wins over npm's configuration; empty means "download them".
  const rebuilt = spawnSync(npm, ['rebuild', 'better-sqlite3', `--nodedir=${headers.nodedir}`], {
    cwd: root,
    stdio: 'inherit',
    shell,
  });
  if (rebuilt.status !== 0 || !probeBetterSqlite(root).ok) {
    console.error(
      [
        `La recompilation de better-sqlite3 pour Node ${node} a échoué (voir les messages ci-dessus).`,
        headers.nodedir
          ? 'Vérifiez qu’un compilateur C++ et Python 3 sont installés, puis relancez `npm test`.'
          : `Il faut les en-têtes de Node ${node} : une connexion à internet pour que node-gyp les télécharge, ou le dossier d’une installation complète de ce Node : npm rebuild better-sqlite3 --nodedir=/chemin/vers/node-v${node}.`,
        'Ou réinstallez les dépendances avec ce Node : npm ci.',
      ].join('\n'),
    );
    process.exitCode = 1;
  } else {
    console.log(`better-sqlite3 recompilé pour Node ${node}.`);
  }
}
