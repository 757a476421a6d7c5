/** Transport over the Electron preload bridge (`window.preau`): the IPC channel never drops. */
import { BRIDGE_GLOBAL, type PreauBridge } from '../../shared/rpc/bridge';
import type { Transport } from '../../shared/rpc/client';

export function findBridge(): PreauBridge | undefined {
  const candidate = (window as unknown as Record<string, unknown>)[BRIDGE_GLOBAL] as
    Partial<PreauBridge> | undefined;
  return typeof candidate?.call === 'function' && typeof candidate.onEvent === 'function'
    ? (candidate as PreauBridge)
    : undefined;
}

export function createIpcTransport(bridge: PreauBridge): Transport {
  return {
    call: (method, params) => bridge.call(method, params),
    onEvent: (listener) => bridge.onEvent(listener),
  };
}
