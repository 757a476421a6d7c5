/** A typed client over the browser host's WebSocket, from Node (the `ws` package), for tests. */
import WebSocket from 'ws';
import { createClient, type Client, type Transport } from '../../src/shared/rpc/client';
import type { EventFrame, ResultFrame, ServerFrame } from '../../src/shared/rpc/wire';

export interface WsClient {
  client: Client;
  transport: Transport;
  socket: WebSocket;
  close(): void;
}

export async function connectWs(port: number, token: string): Promise<WsClient> {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/rpc`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (frame: ResultFrame) => void>();
  const listeners = new Set<(frame: EventFrame) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse((data as Buffer).toString('utf8')) as ServerFrame;
    if (frame.type === 'result') pending.get(frame.id)?.(frame);
    else for (const l of listeners) l(frame);
  });
  const transport: Transport = {
    call: (method, params) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, method, params }));
      }),
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { client: createClient(transport), transport, socket, close: () => socket.close() };
}
