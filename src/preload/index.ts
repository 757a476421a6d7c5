/**
 * Preload of the app window (bundled to dist/preload/index.cjs, run in the sandbox): exposes the
 * two-function bridge to the page's isolated world, and nothing else.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_GLOBAL } from '../shared/rpc/bridge';
import { createBridge } from './create-bridge';

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, createBridge(ipcRenderer));
