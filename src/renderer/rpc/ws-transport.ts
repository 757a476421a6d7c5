/**
 * Transport over the browser host's WebSocket (`/rpc` on the page's own host). The host authenticates
 * the upgrade by the HttpOnly cookie it set when the page was first loaded with `?token=`, so this code
 * never sees the token. The socket reconnects with a growing delay; calls made while it is down wait
 * for it, and calls in flight when it drops fail with `disconnected` (their outcome is unknown).
 */
import type { Transport } from '../../shared/rpc/client';
import { errorMessage, formatBytes } from '../../shared/i18n';
import { MAX_FRAME_BYTES, serverFrameSchema, type EventFrame, type ResultFrame } from '../../shared/rpc/wire';
import type { ConnectionSource, ConnectionState } from './connection';

export interface WsTransportOptions {
  url?: string;
  /** Delays between reconnection attempts, in ms; the last one repeats. */
  backoff?: readonly number[];
  /** The WebSocket implementation (the browser's by default; tests pass a fake). */
  WebSocketImpl?: typeof WebSocket;
}

const DEFAULT_BACKOFF = [250, 500, 1000, 2000, 4000, 8000] as const;

export function rpcSocketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/rpc`;
}

/**
 * A call the host would refuse for its size: answered here, before it is sent, because the host
 * ends a connection that sends too much (close code 1009) and every other call in flight with it.
 */
function tooLargeFrame(id: number, text: string): ResultFrame | null {
  // Cheap first: a UTF-16 unit is at most 3 bytes of UTF-8.
  if (text.length * 3 <= MAX_FRAME_BYTES) return null;
  const size = new TextEncoder().encode(text).length;
  if (size <= MAX_FRAME_BYTES) return null;
  const params = { size: formatBytes('fr', size), max: formatBytes('fr', MAX_FRAME_BYTES) };
  return {
    type: 'result',
    id,
    ok: false,
    error: { code: 'request_too_large', message: errorMessage('fr', 'request_too_large', params), params },
  };
}

function disconnectedFrame(id: number): ResultFrame {
  return {
    type: 'result',
    id,
    ok: false,
    error: { code: 'disconnected', message: errorMessage('fr', 'disconnected') },
  };
}

export function createWsTransport(
  options: WsTransportOptions = {},
): Transport & ConnectionSource & { close(): void } {
  const url = options.url ?? rpcSocketUrl(window.location);
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const Socket = options.WebSocketImpl ?? WebSocket;
  const eventListeners = new Set<(frame: EventFrame) => void>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  /** Calls sent on the current socket, waiting for their result. */
  const inFlight = new Map<number, (frame: ResultFrame) => void>();
  /** Calls made while the socket is not open, sent as soon as it is. */
  let queued: { id: number; text: string }[] = [];
  let nextId = 1;
  let attempt = 0;
  let state: ConnectionState = 'connecting';
  let socket: WebSocket | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const connect = () => {
    const ws = new Socket(url);
    socket = ws;
    ws.addEventListener('open', () => {
      attempt = 0;
      setState('open');
      const waiting = queued;
      queued = [];
      for (const call of waiting) ws.send(call.text);
    });
    ws.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (typeof event.data !== 'string') return;
      let raw: unknown;
      try {
        raw = JSON.parse(event.data);
      } catch {
        return;
      }
      const parsed = serverFrameSchema.safeParse(raw);
      if (!parsed.success) return;
      const frame = parsed.data;
      if (frame.type === 'event') {
        for (const listener of eventListeners) listener(frame);
        return;
      }
      const resolve = inFlight.get(frame.id);
      inFlight.delete(frame.id);
      resolve?.(frame);
    });
    ws.addEventListener('close', () => {
      if (socket !== ws) return;
      socket = undefined;
      for (const [id, resolve] of inFlight) resolve(disconnectedFrame(id));
      inFlight.clear();
      if (closed) return;
      setState('lost');
      const delay = backoff[Math.min(attempt, backoff.length - 1)] ?? 1000;
      attempt += 1;
      timer = setTimeout(connect, delay);
    });
  };
  connect();

  return {
    call(method, params) {
      const id = nextId++;
      const text = JSON.stringify({ type: 'call', id, method, params });
      return new Promise<ResultFrame>((resolve) => {
        if (closed) {
          resolve(disconnectedFrame(id));
          return;
        }
        const refused = tooLargeFrame(id, text);
        if (refused) {
          resolve(refused);
          return;
        }
        inFlight.set(id, resolve);
        if (socket?.readyState === Socket.OPEN) socket.send(text);
        else queued.push({ id, text });
      });
    },
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    state: () => state,
    onChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      socket?.close();
      for (const [id, resolve] of inFlight) resolve(disconnectedFrame(id));
      inFlight.clear();
      queued = [];
    },
  };
}
