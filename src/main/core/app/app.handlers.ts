/** RPC handlers of `app.*`, `settings.*` and `fs.*`: the studio-level methods that need no open job. */
import { dirname } from 'node:path';
import type { EventBus } from '../events';
import { canWrite, inspectFolder } from '../jobs/job-folder';
import { resolveUserPath } from '../../lib/user-path';
import type { Handlers } from '../rpc/dispatcher';
import type { StudioIndex } from '../studio/studio-index';
import type { CoreInfo, HostServices } from '../core';

export function appHandlers(
  info: CoreInfo,
  studio: StudioIndex,
  events: EventBus,
  host: HostServices,
): Pick<
  Handlers,
  'app.info' | 'settings.get' | 'settings.update' | 'fs.checkFolder' | 'fs.pickFolder' | 'fs.pickFile'
> {
  return {
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
    'fs.checkFolder': async ({ path: raw }) => {
      const path = resolveUserPath(raw);
      const state = await inspectFolder(path);
      const parent = state.exists ? null : await inspectFolder(dirname(path)).catch(() => null);
      return {
        path,
        ...state,
        writable: state.isFolder ? await canWrite(path) : false,
        parentExists: state.exists || parent?.isFolder === true,
      };
    },
    'fs.pickFolder': async ({ title, defaultPath }) => {
      if (!host.pickFolder) return { supported: false, path: null };
      return { supported: true, path: await host.pickFolder({ title: title ?? '', defaultPath }) };
    },
    'fs.pickFile': async ({ title, extensions }) => {
      if (!host.pickFile) return { supported: false, path: null };
      return {
        supported: true,
        path: await host.pickFile({ title: title ?? '', ...(extensions ? { extensions } : {}) }),
      };
    },
  };
}
