/**
 * RPC handlers of `platformAccess.*`: the "Plateforme de vente" settings. The target is a studio
 * setting; the token goes straight to the host's secret store and only "stored: yes/no" comes back.
 */
import type { PlatformAccessStatus } from '../../../shared/rpc/contract-platform-access';
import { AppError } from '../../lib/errors';
import type { EventBus } from '../events';
import type { Handlers } from '../rpc/dispatcher';
import type { StudioIndex } from '../studio/studio-index.repository';
import type { PlatformAccessPort } from './platform-access.port';

export function platformAccessHandlers(
  studio: StudioIndex,
  events: EventBus,
  port: PlatformAccessPort | undefined,
): Pick<Handlers, 'platformAccess.get' | 'platformAccess.configure' | 'platformAccess.test'> {
  const status = async (): Promise<PlatformAccessStatus> => {
    const target = studio.settings().publishTarget;
    return {
      target,
      tokenSet:
        port !== undefined &&
        target.kind === 'hosted' &&
        target.url !== '' &&
        (await port.tokenSet(target.url)),
      sandboxUrl: port?.sandboxUrl() ?? null,
      available: port !== undefined,
    };
  };
  return {
    'platformAccess.get': status,
    'platformAccess.configure': async (params) => {
      const current = studio.settings().publishTarget;
      if (params.kind === 'sandbox') {
        // The hosted address is kept, so switching back does not mean typing it again.
        studio.updateSettings({ publishTarget: { kind: 'sandbox', url: current.url } });
      } else {
        if ((params.token || params.forgetToken) && !port) throw new AppError('unsupported');
        if (params.forgetToken) await port?.forgetToken(params.url);
        if (params.token) await port?.saveToken(params.url, params.token);
        studio.updateSettings({ publishTarget: { kind: 'hosted', url: params.url } });
      }
      events.emit('data.changed', { entity: 'settings' });
      return status();
    },
    'platformAccess.test': async () => {
      const target = studio.settings().publishTarget;
      if (!port) return { ok: false, reason: 'unavailable', url: target.url };
      return port.test(target);
    },
  };
}
