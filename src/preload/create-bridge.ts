/**
 * The bridge the preload exposes as `window.preau`: exactly `call` and `onEvent`, built over the two
 * IPC channels. The renderer never gets `ipcRenderer` nor an IPC event object (whose `sender` would
 * be `ipcRenderer`): only result frames and event frames cross. Kept apart from index.ts, which only
 * hands in Electron's `ipcRenderer`, so it is tested under Node.
 */
import type { IpcRenderer, IpcRendererEvent } from 'electron';
import { IPC_CHANNELS, type PreauBridge } from '../shared/rpc/bridge';
import type { EventFrame, ResultFrame } from '../shared/rpc/wire';

export type BridgeIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

export function createBridge(ipc: BridgeIpc): PreauBridge {
  return Object.freeze({
    call(method: string, params: unknown): Promise<ResultFrame> {
      if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
      return ipc.invoke(IPC_CHANNELS.rpc, { method, params }) as Promise<ResultFrame>;
    },
    onEvent(listener: (frame: EventFrame) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      const forward = (_event: IpcRendererEvent, frame: EventFrame) => listener(frame);
      ipc.on(IPC_CHANNELS.event, forward);
      return () => {
        ipc.removeListener(IPC_CHANNELS.event, forward);
      };
    },
  });
}
