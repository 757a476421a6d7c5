/**
 * What the Electron preload exposes to the renderer as `window.preau`: exactly two functions, one to
 * call the core and one to receive its events. Never `ipcRenderer` itself.
 */
import type { EventFrame, ResultFrame } from './wire';

export const IPC_CHANNELS = {
  /** renderer → main: `{ method, params }`, answered with a ResultFrame. */
  rpc: 'preau:rpc',
  /** main → renderer: an EventFrame. */
  event: 'preau:event',
} as const;

export interface PreauBridge {
  call(method: string, params: unknown): Promise<ResultFrame>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}

export const BRIDGE_GLOBAL = 'preau';
