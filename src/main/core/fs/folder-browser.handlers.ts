/** RPC handler of `fs.listFolders`: the folder browser of hosts without a native folder picker. */
import type { Handlers } from '../rpc/dispatcher';
import type { FolderBrowser } from './folder-browser';

export function folderBrowserHandlers(browser: FolderBrowser): Pick<Handlers, 'fs.listFolders'> {
  return {
    'fs.listFolders': ({ path, showHidden }) => browser.list(path, showHidden),
  };
}
