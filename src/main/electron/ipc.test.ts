import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../shared/rpc/bridge';
import type { EventFrame, ResultFrame } from '../../shared/rpc/wire';
import { testCore } from '../../../test/helpers/core';
import { handleIpcCall, registerIpc, topFrameUrl, type EventTarget } from './ipc';

const APP = 'app://preau/';

describe('handleIpcCall with a real core', () => {
  it('runs a call from the app window', async () => {
    const { core } = await testCore();
    const frame = await handleIpcCall(core, APP, { method: 'app.info', params: {} });
    expect(frame).toMatchObject({ type: 'result', ok: true, result: { name: 'Préau Studio' } });
  });

  it('refuses a call from a foreign frame without running it', async () => {
    const { core } = await testCore();
    for (const sender of ['https://evil.example/', 'file:///tmp/x.html', 'about:blank', undefined]) {
      const frame = await handleIpcCall(core, sender, {
        method: 'settings.update',
        params: { language: 'en' },
      });
      expect(frame.ok, String(sender)).toBe(false);
      if (!frame.ok) expect(frame.error.code).toBe('unauthorized');
    }
    const settings = await core.client().call('settings.get', {});
    expect(settings.language).toBe('fr');
  });

  it('answers a malformed payload with invalid_params, in French', async () => {
    const { core } = await testCore();
    for (const payload of [
      null,
      'app.info',
      42,
      {},
      { method: 42 },
      { method: '' },
      { method: 'x'.repeat(101) },
    ]) {
      const frame = await handleIpcCall(core, APP, payload);
      expect(frame.ok, JSON.stringify(payload)).toBe(false);
      if (!frame.ok) {
        expect(frame.error.code).toBe('invalid_params');
        expect(frame.error.message).toContain('mal formé');
      }
    }
  });

  it('passes the core’s own errors through (unknown method, bad params)', async () => {
    const { core } = await testCore();
    const unknown = await handleIpcCall(core, APP, { method: 'photos.delete', params: {} });
    expect(!unknown.ok && unknown.error.code).toBe('unknown_method');
    const bad = await handleIpcCall(core, APP, { method: 'settings.update', params: { language: 'de' } });
    expect(!bad.ok && bad.error.code).toBe('invalid_params');
  });
});

describe('topFrameUrl', () => {
  it('gives the URL of a top frame only', () => {
    expect(topFrameUrl({ senderFrame: { url: APP, parent: null } })).toBe(APP);
    expect(topFrameUrl({ senderFrame: { url: APP, parent: { url: APP } } })).toBeUndefined();
    expect(topFrameUrl({ senderFrame: null })).toBeUndefined();
  });
});

describe('registerIpc', () => {
  function fakeIpcMain() {
    const handlers = new Map<string, (event: IpcMainInvokeEvent, payload: unknown) => unknown>();
    const ipcMain = {
      handle: (channel: string, fn: (event: IpcMainInvokeEvent, payload: unknown) => unknown) =>
        handlers.set(channel, fn),
      removeHandler: (channel: string) => handlers.delete(channel),
    } as unknown as Pick<IpcMain, 'handle' | 'removeHandler'>;
    const invoke = async (senderFrame: { url: string; parent: unknown } | null, payload: unknown) => {
      const handler = handlers.get(IPC_CHANNELS.rpc);
      if (!handler) throw new Error('no handler');
      const event = { senderFrame, sender: { id: 1 } } as unknown as IpcMainInvokeEvent;
      return (await handler(event, payload)) as ResultFrame;
    };
    return { ipcMain, invoke, handlers };
  }

  function window(destroyed = false) {
    const received: EventFrame[] = [];
    const target: EventTarget = {
      isDestroyed: () => destroyed,
      send: (channel, frame) => {
        if (channel === IPC_CHANNELS.event) received.push(frame);
      },
    };
    return { target, received };
  }

  it('dispatches calls from the app’s top frame and refuses the same page in a sub-frame', async () => {
    const { core } = await testCore();
    const fake = fakeIpcMain();
    registerIpc(fake.ipcMain, core, () => []);
    expect((await fake.invoke({ url: APP, parent: null }, { method: 'app.info', params: {} })).ok).toBe(true);
    const sub = await fake.invoke({ url: APP, parent: {} }, { method: 'app.info', params: {} });
    expect(!sub.ok && sub.error.code).toBe('unauthorized');
  });

  it('pushes core events to every open window and skips closed ones', async () => {
    const { core } = await testCore();
    const fake = fakeIpcMain();
    const open = window();
    const closed = window(true);
    registerIpc(fake.ipcMain, core, () => [open.target, closed.target]);
    await fake.invoke({ url: APP, parent: null }, { method: 'settings.update', params: { language: 'en' } });
    expect(open.received).toContainEqual({
      type: 'event',
      name: 'data.changed',
      payload: { entity: 'settings' },
    });
    expect(closed.received).toEqual([]);
  });

  it('stops handling and forwarding once disposed', async () => {
    const { core } = await testCore();
    const fake = fakeIpcMain();
    const open = window();
    const dispose = registerIpc(fake.ipcMain, core, () => [open.target]);
    dispose();
    expect(fake.handlers.has(IPC_CHANNELS.rpc)).toBe(false);
    await core.client().call('settings.update', { language: 'en' });
    expect(open.received).toEqual([]);
  });
});
