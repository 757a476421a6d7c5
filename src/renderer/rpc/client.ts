/**
 * The UI's one client: Electron IPC when the preload bridge exists, the browser host's WebSocket
 * otherwise. Everything else in the UI talks to the core through `rpc` only.
 */
import { createClient, type Client } from '../../shared/rpc/client';
import { alwaysOpen, type ConnectionSource } from './connection';
import { createIpcTransport, findBridge } from './ipc-transport';
import { createWsTransport } from './ws-transport';

function connect(): { client: Client; connection: ConnectionSource } {
  const bridge = findBridge();
  if (bridge) return { client: createClient(createIpcTransport(bridge)), connection: alwaysOpen };
  const ws = createWsTransport();
  return { client: createClient(ws), connection: ws };
}

// Connected on first use, so that modules importing `rpc` can load where there is no window (unit tests).
let current: { client: Client; connection: ConnectionSource } | undefined;
const active = () => (current ??= connect());

export const rpc: Client = {
  call: (method, params) => active().client.call(method, params),
  on: (event, listener) => active().client.on(event, listener),
};

export const connection: ConnectionSource = {
  state: () => active().connection.state(),
  onChange: (listener) => active().connection.onChange(listener),
};

/**
 * The token only needs to reach the host once (it answers with an HttpOnly cookie): take it out of the
 * address bar so it does not end up in bookmarks, screenshots or the history.
 */
export function forgetTokenInAddressBar(): void {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
