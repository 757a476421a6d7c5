/**
 * The core as every host opens it: with its platform access wired in (current publish target,
 * resolver by address for earlier publishes, the "Plateforme de vente" settings), and the local
 * sandbox stopped after the core when the host closes it.
 */
import { createCore, type Core, type CoreOptions, type HostPort } from '../core/core';
import { PlatformAccess, type PlatformAccessOptions } from './platform-access';
import type { SecretStore } from './secret-store';

/**
 * A host's core options; the port's platform abilities are filled in here. `port.platformTarget`,
 * when given (a CLI --target), wins over the studio's target.
 */
export type HostCoreOptions = Omit<CoreOptions, 'port'> & {
  port?: Omit<HostPort, 'platforms' | 'platformAccess'>;
};

export async function createHostCore(
  options: HostCoreOptions,
  secrets: SecretStore,
  access: Partial<Omit<PlatformAccessOptions, 'dataDir' | 'secrets'>> = {},
): Promise<Core> {
  const platformAccess = await PlatformAccess.open({
    dataDir: options.dataDir,
    secrets,
    ...(options.logger ? { logger: options.logger } : {}),
    ...access,
  });
  let core: Core;
  try {
    core = await createCore({
      ...options,
      port: {
        ...options.port,
        platforms: platformAccess.resolve,
        platformTarget: async () =>
          (await options.port?.platformTarget?.()) ?? (await platformAccess.platformTarget()),
        platformAccess,
      },
    });
  } catch (error) {
    await platformAccess.close();
    throw error;
  }
  platformAccess.useSettings(async () => (await core.client().call('settings.get', {})).publishTarget);
  return {
    ...core,
    async close() {
      await core.close();
      await platformAccess.close();
    },
  };
}
