/** The app feature: what the running core is (`app.info`) and the studio's settings. */
import type { CoreServices, Feature } from '../feature';
import { resolveUserPath } from '../../lib/user-path';

export function appFeature(deps: {
  core: CoreServices;
}): Feature<'app.info' | 'settings.get' | 'settings.update'> {
  const { info, studio, events, host } = deps.core;
  return {
    name: 'app',
    handlers: {
      'app.info': () => ({
        ...info,
        nativeDialogs: host.pickFolder !== undefined,
        language: studio.settings().language,
      }),
      'settings.get': () => studio.settings(),
      'settings.update': (patch) => {
        const next = studio.updateSettings({
          ...patch,
          ...(patch.libraryDir ? { libraryDir: resolveUserPath(patch.libraryDir, 'libraryDir') } : {}),
        });
        events.emit('data.changed', { entity: 'settings' });
        return next;
      },
    },
  };
}
