import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../shared/rpc/bridge';
import type { EventFrame } from '../shared/rpc/wire';
import { createBridge, type BridgeIpc } from './create-bridge';

/** ipcRenderer stand-in: records invokes, delivers events with an (internal) event object first. */
function fakeIpc() {
  const emitter = new EventEmitter();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const ipc = {
    invoke: (channel: string, ...args: unknown[]) => {
      invoked.push({ channel, args });
      return Promise.resolve({ type: 'result', id: 0, ok: true, result: 'pong' });
    },
    on: (channel: string, listener: (...a: unknown[]) => void) => emitter.on(channel, listener),
    removeListener: (channel: string, listener: (...a: unknown[]) => void) =>
      emitter.removeListener(channel, listener),
  } as unknown as BridgeIpc;
  const push = (frame: EventFrame) => emitter.emit(IPC_CHANNELS.event, { sender: 'ipcRenderer' }, frame);
  return { ipc, invoked, push, emitter };
}

const frame: EventFrame = { type: 'event', name: 'data.changed', payload: { entity: 'jobs' } };

describe('preload bridge', () => {
  it('exposes exactly call and onEvent, frozen', () => {
    const bridge = createBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual(['call', 'onEvent']);
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it('sends a call as { method, params } on the rpc channel and returns the result frame', async () => {
    const fake = fakeIpc();
    const result = await createBridge(fake.ipc).call('app.info', { a: 1 });
    expect(fake.invoked).toEqual([
      { channel: IPC_CHANNELS.rpc, args: [{ method: 'app.info', params: { a: 1 } }] },
    ]);
    expect(result).toEqual({ type: 'result', id: 0, ok: true, result: 'pong' });
  });

  it('refuses a call whose method is not a string', async () => {
    const fake = fakeIpc();
    await expect(createBridge(fake.ipc).call(42 as unknown as string, {})).rejects.toThrow(TypeError);
    expect(fake.invoked).toEqual([]);
  });

  it('delivers event frames only, never the IPC event object, until unsubscribed', () => {
    const fake = fakeIpc();
    const received: unknown[][] = [];
    const unsubscribe = createBridge(fake.ipc).onEvent((...args) => received.push(args));
    fake.push(frame);
    unsubscribe();
    fake.push(frame);
    expect(received).toEqual([[frame]]);
    expect(fake.emitter.listenerCount(IPC_CHANNELS.event)).toBe(0);
  });

  it('refuses a listener that is not a function', () => {
    expect(() => createBridge(fakeIpc().ipc).onEvent('x' as unknown as () => void)).toThrow(TypeError);
  });
});
