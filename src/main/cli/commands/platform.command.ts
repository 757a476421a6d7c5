/** `preau platform`: the local sandbox of the sales platform, the default publish target. */
import { isIP } from 'node:net';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { createLogger } from '../../lib/logger';
import { defaultDataDir } from '../../core/paths';
import type { FaultOptions } from '../../platform/faults';
import { parseFaults, startPlatform } from '../../platform/platform-server';
import {
  keepRunningOnStrayRejections,
  parsePort,
  prepareDataFolder,
  print,
  untilStopped,
  usageError,
  type GlobalOptions,
} from '../cli-context';

export function registerPlatformCommand(program: Command): void {
  program
    .command('platform')
    .description('lance la plateforme de vente locale (bac à sable, 127.0.0.1) pour publier sans compte')
    .addOption(new Option('--port <n>', 'port d’écoute (0 = au hasard)').default('0').argParser(parsePort))
    .option('--faults <pannes>', 'mode test : pannes simulées, ex. error=0.1,drop=0.05,bandwidth=2MB')
    .option(
      '--trusted-proxy <adresses>',
      'adresses (séparées par des virgules) du proxy HTTPS placé devant la plateforme, dont les en-têtes X-Forwarded-For et X-Forwarded-Proto sont crus',
    )
    .action(async (cmd: { port: number; faults?: string; trustedProxy?: string }) => {
      const opts = program.opts<GlobalOptions>();
      let faults: FaultOptions;
      try {
        faults = parseFaults(cmd.faults ?? process.env.PREAU_PLATFORM_FAULTS);
      } catch (error) {
        throw usageError((error as Error).message);
      }
      const trustedProxies = (cmd.trustedProxy ?? process.env.PREAU_PLATFORM_TRUSTED_PROXIES ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
      for (const a of trustedProxies)
        if (isIP(a) === 0)
          throw usageError(
            `proxy de confiance : « ${a} » n’est pas une adresse IP (ex. --trusted-proxy 127.0.0.1)`,
          );
      const dataDir = path.resolve(opts.data ?? path.join(defaultDataDir(), 'platform'));
      await prepareDataFolder(dataDir);
      const logger = createLogger();
      keepRunningOnStrayRejections(logger);
      const platform = await startPlatform({ dataDir, port: cmd.port, faults, trustedProxies, logger });
      print(`Plateforme de vente locale prête : ${platform.url}/`);
      print(`Jeton du studio : ${platform.token}`);
      print(`Données : ${platform.dataDir}`);
      if (faults.errorRate || faults.dropRate || faults.bandwidthBytesPerSec)
        print('Mode test : pannes simulées actives.');
      if (trustedProxies.length > 0) print(`Proxy de confiance : ${trustedProxies.join(', ')}`);
      await untilStopped();
      await platform.close();
    });
}
