/** `preau serve`: the browser host, for machines without Electron or for a second screen. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Option, type Command } from 'commander';
import { startBrowserHost } from '../../server/browser-host';
import { openAppWindow } from '../../server/open-browser';
import {
  keepRunningOnStrayRejections,
  openCliCore,
  parsePort,
  print,
  untilStopped,
  type GlobalOptions,
} from '../cli-context';

/**
 * `PREAU_MOUNT_ROOTS` (folders separated by the platform's path delimiter) replaces the folders where
 * cards get mounted: end-to-end tests insert a fake card into a temporary folder this way.
 */
function mountRootsFromEnv(): { roots: { parents: string[]; volumes: string[] } } | undefined {
  const raw = process.env.PREAU_MOUNT_ROOTS;
  if (!raw) return undefined;
  return { roots: { parents: raw.split(path.delimiter).filter(Boolean), volumes: [] } };
}

function rendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return process.env.PREAU_RENDERER_DIR ?? path.resolve(here, '..', 'renderer');
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('lance l’interface dans le navigateur (hôte local, 127.0.0.1 uniquement)')
    .addOption(new Option('--port <n>', 'port d’écoute (0 = au hasard)').default('0').argParser(parsePort))
    .option('--open', 'ouvre une fenêtre Chromium/Chrome sur l’interface')
    .action(async (cmd: { port: number; open?: boolean }) => {
      // Platform tokens in a user-only file of the data folder; the local sandbox starts on first use.
      const core = await openCliCore(program.opts<GlobalOptions>(), {
        host: 'browser',
        watchVolumes: mountRootsFromEnv() ?? true,
      });
      keepRunningOnStrayRejections(core.logger);
      const host = await startBrowserHost(core, { port: cmd.port, rendererDir: rendererDir() });
      print(`Préau Studio est prêt : ${host.url}`);
      print('Gardez cette adresse pour vous : le jeton qu’elle contient donne accès au studio.');
      if (cmd.open) {
        const opened = openAppWindow(host.url, path.join(core.info.dataDir, 'browser-profile'));
        if (!opened)
          print(
            'Aucun navigateur Chromium/Chrome trouvé : ouvrez l’adresse ci-dessus dans votre navigateur.',
          );
      }
      await untilStopped();
      await host.close();
      await core.close();
    });
}
