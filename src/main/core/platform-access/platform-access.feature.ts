/** The « Plateforme de vente » settings: the publish target, its token (in the host's secret store) and a connection test. */
import type { CoreServices, Feature } from '../feature';
import { platformAccessHandlers } from './platform-access.handlers';

export function platformAccessFeature(deps: {
  core: CoreServices;
}): Feature<'platformAccess.get' | 'platformAccess.configure' | 'platformAccess.test'> {
  const { core } = deps;
  return {
    name: 'platformAccess',
    handlers: platformAccessHandlers(core.studio, core.events, core.host.platformAccess),
  };
}
