/**
 * The IPC transport of the Electron host: one `invoke` channel carrying `{ method, params }` to the
 * core, and one channel pushing the core's events to every window. Every call is checked first: only
 * the app's own top frame (`app://preau/…`) may talk to the core; anything else, or a malformed call,
 * gets an error frame and the core never sees it. `registerIpc` takes `ipcMain` from main.ts, so this
 * file, like the rest of the folder, runs and is tested under plain Node.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { errorMessage } from '../../shared/i18n';
import { IPC_CHANNELS } from '../../shared/rpc/bridge';
import type { EventFrame, ResultFrame } from '../../shared/rpc/wire';
import type { Core } from '../core/core';
import { isTrustedSender } from './security';

const ipcCallSchema = z.object({ method: z.string().min(1).max(100), params: z.unknown() });

/** The only part of an invoke event the sender check reads. */
export interface SenderFacts {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null;
}

/** URL of the frame that sent a call, or undefined when it is gone or is not a top frame. */
export function topFrameUrl(event: SenderFacts): string | undefined {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return undefined;
  return frame.url;
}

/** Runs one IPC call: sender check, payload check, then the core's dispatcher. Never throws. */
export async function handleIpcCall(
  core: Pick<Core, 'dispatch' | 'logger'>,
  senderUrl: string | undefined,
  payload: unknown,
  clientId?: string,
): Promise<ResultFrame> {
  if (!isTrustedSender(senderUrl)) {
    core.logger.warn(`IPC call refused from a foreign frame: ${senderUrl ?? '(none)'}`);
    return {
      type: 'result',
      id: 0,
      ok: false,
      error: { code: 'unauthorized', message: errorMessage('fr', 'unauthorized', {}) },
    };
  }
  const call = ipcCallSchema.safeParse(payload);
  if (!call.success) {
    const params = { details: 'appel IPC mal formé (method et params attendus)' };
    return {
      type: 'result',
      id: 0,
      ok: false,
      error: { code: 'invalid_params', message: errorMessage('fr', 'invalid_params', params), params },
    };
  }
  const outcome = await core.dispatch(call.data.method, call.data.params, clientId ? { clientId } : {});
  return { type: 'result', id: 0, ...outcome };
}

/** A window that receives events (BrowserWindow#webContents fits). */
export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, frame: EventFrame): void;
}

/** Installs the RPC handler and the event forwarding; returns what undoes both. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  core: Pick<Core, 'dispatch' | 'logger' | 'events'>,
  targets: () => Iterable<EventTarget>,
): () => void {
  ipcMain.handle(IPC_CHANNELS.rpc, (event: IpcMainInvokeEvent, payload: unknown) =>
    handleIpcCall(core, topFrameUrl(event), payload, `window-${event.sender.id}`),
  );
  const unsubscribe = core.events.on((frame) => {
    for (const target of targets()) {
      if (!target.isDestroyed()) target.send(IPC_CHANNELS.event, frame);
    }
  });
  return () => {
    ipcMain.removeHandler(IPC_CHANNELS.rpc);
    unsubscribe();
  };
}
