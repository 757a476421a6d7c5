/**
 * The folders feature: a folder typed or pasted checked as the user types, the host's native
 * pickers where it has them (Electron), and the folder browser of hosts without one (the browser
 * host lists folders under the home folder and the mounted volumes, nothing else).
 */
import { dirname } from 'node:path';
import { resolveUserPath } from '../../lib/user-path';
import type { CoreServices, Feature } from '../feature';
import { canWrite, inspectFolder } from '../jobs/job-folder';
import type { FolderBrowser } from './folder-browser';

export function foldersFeature(deps: {
  core: CoreServices;
  browser: FolderBrowser;
}): Feature<'fs.checkFolder' | 'fs.pickFolder' | 'fs.pickFile' | 'fs.listFolders'> {
  const { host } = deps.core;
  return {
    name: 'folders',
    handlers: {
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
      'fs.listFolders': ({ path, showHidden }) => deps.browser.list(path, showHidden),
    },
  };
}
