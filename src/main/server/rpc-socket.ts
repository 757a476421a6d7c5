/**
 * One WebSocket of the browser host: RPC calls in, results and pushed events out. Whatever a client
 * sends — a frame over the size limit, binary data, text that is not JSON, a frame without an id, a
 * flood, invalid UTF-8, a protocol violation, or a connection cut in the middle of a frame — ends
 * that one connection with a close code the client can read (1009 too big, 1003 binary, 1007 not
 * JSON, 1008 policy, 1002 protocol) and one log line without a stack. The host process, the tasks
 * in flight and every other window keep working: an error on one socket never becomes an unhandled
 * `'error'` event or an unhandled rejection.
 */
import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';
import { errorMessage } from '../../shared/i18n';
import type { RpcError } from '../../shared/rpc/errors';
import { callFrameSchema, type ResultFrame } from '../../shared/rpc/wire';
import type { Core } from '../core/core';
import type { Logger } from '../lib/logger';

/** Close codes of RFC 6455 the host uses. */
export const CLOSE_CODES = {
  protocolError: 1002,
  unsupportedData: 1003,
  invalidPayload: 1007,
  policy: 1008,
  tooBig: 1009,
} as const;

export interface SocketLimits {
  /** Calls of one connection being worked on at once; one more closes the connection (1008). */
  maxInFlight: number;
  /** Messages per second a connection may send on average… */
  messagesPerSecond: number;
  /** …and in one burst (the UI opening a screen sends a few dozen at once). */
  burst: number;
  /** Bytes waiting to be sent to a client that does not read them; beyond this it is dropped. */
  maxBufferedBytes: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxInFlight: 256,
  messagesPerSecond: 500,
  burst: 2000,
  maxBufferedBytes: 64 * 1024 * 1024,
};

/** A token bucket: `take()` is false once the client sends faster than the limits allow. */
export class MessageBudget {
  private tokens: number;
  private last: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The close code `ws` sends for a protocol error it detected itself (read from the error's code). */
export function closeCodeOfSocketError(error: { code?: unknown }): number {
  switch (error.code) {
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
    case 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH':
      return CLOSE_CODES.tooBig;
    case 'WS_ERR_INVALID_UTF8':
      return CLOSE_CODES.invalidPayload;
    default:
      return CLOSE_CODES.protocolError;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function malformedFrameError(): RpcError {
  const params = { details: 'trame RPC mal formée (type, id, method, params attendus)' };
  return { code: 'invalid_params', message: errorMessage('fr', 'invalid_params', params), params };
}

/** The id of a frame that failed validation, when it has a usable one (so the error can be answered). */
function frameId(raw: unknown): number | undefined {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}

export interface RpcSocketDeps {
  core: Pick<Core, 'dispatch' | 'events'>;
  logger: Logger;
  limits?: SocketLimits;
}

/** Serves RPC frames on one accepted WebSocket until it closes. */
export function serveRpcSocket(ws: WebSocket, deps: RpcSocketDeps): void {
  const limits = deps.limits ?? DEFAULT_SOCKET_LIMITS;
  const clientId = randomUUID();
  const log = deps.logger;
  const budget = new MessageBudget(limits.messagesPerSecond, limits.burst);
  let inFlight = 0;
  /** Set once this side decided to end the connection: later frames are ignored, nothing more is logged. */
  let ending = false;

  /** Ends the connection for a reason of the client's making: one log line, one close frame. */
  const end = (code: number, why: string, reason: string) => {
    if (ending) return;
    ending = true;
    log.warn(`browser host: connection ${clientId} closed (${code}): ${why}`);
    // The close reason travels in a control frame: 123 bytes at most.
    ws.close(code, reason);
    // A client that never answers the close frame is cut after a moment.
    setTimeout(() => ws.terminate(), 5000).unref();
  };

  const send = (frame: unknown) => {
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount > limits.maxBufferedBytes) {
      if (!ending) {
        ending = true;
        log.warn(
          `browser host: connection ${clientId} dropped: ${ws.bufferedAmount} bytes waiting, the client does not read`,
        );
      }
      ws.terminate();
      return;
    }
    let text: string;
    try {
      text = JSON.stringify(frame);
    } catch (error) {
      log.error(`browser host: a frame for ${clientId} could not be serialised`, String(error));
      return;
    }
    ws.send(text, (error) => {
      // The client went away while the frame was being written: nothing to do, the close is logged.
      if (error) ws.terminate();
    });
  };

  const unsubscribe = deps.core.events.on((frame) => send(frame));

  ws.on('error', (error: Error & { code?: unknown }) => {
    // `ws` has already started closing with the right code; say so once, without a stack.
    if (ending) return;
    ending = true;
    log.warn(
      `browser host: connection ${clientId} closed (${closeCodeOfSocketError(error)}): ${error.message}`,
    );
  });

  ws.on('close', (code) => {
    unsubscribe();
    if (!ending && code === 1006)
      log.info(
        `browser host: connection ${clientId} lost without a close frame${inFlight > 0 ? ` (${inFlight} ${inFlight === 1 ? 'call' : 'calls'} in flight, their results are dropped)` : ''}`,
      );
    ending = true;
  });

  const answer = async (id: number, method: string, params: unknown) => {
    inFlight += 1;
    try {
      const outcome = await deps.core.dispatch(method, params, { clientId });
      send({ type: 'result', id, ...outcome } satisfies ResultFrame);
    } catch (error) {
      // The dispatcher turns every failure into an error result; this is a last line only.
      log.error(`browser host: ${method} from ${clientId} failed outside the dispatcher`, String(error));
    } finally {
      inFlight -= 1;
    }
  };

  ws.on('message', (data, isBinary) => {
    if (ending) return;
    if (!budget.take()) {
      end(CLOSE_CODES.policy, 'too many messages', 'trop de messages');
      return;
    }
    if (isBinary) {
      end(CLOSE_CODES.unsupportedData, 'binary frame', 'trames binaires refusées : texte JSON attendu');
      return;
    }
    const text = Buffer.isBuffer(data)
      ? data.toString('utf8')
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : Buffer.from(data).toString('utf8');
    const raw = parseJson(text);
    if (raw === undefined) {
      end(CLOSE_CODES.invalidPayload, 'text frame that is not JSON', 'trame non JSON');
      return;
    }
    const call = callFrameSchema.safeParse(raw);
    if (!call.success) {
      const id = frameId(raw);
      if (id === undefined) {
        end(CLOSE_CODES.policy, 'frame without a usable id', 'trame RPC sans identifiant');
        return;
      }
      log.warn(`browser host: malformed frame ${id} from ${clientId}`);
      send({ type: 'result', id, ok: false, error: malformedFrameError() } satisfies ResultFrame);
      return;
    }
    if (inFlight >= limits.maxInFlight) {
      end(CLOSE_CODES.policy, `more than ${limits.maxInFlight} calls in flight`, 'trop d’appels en cours');
      return;
    }
    void answer(call.data.id, call.data.method, call.data.params);
  });
}
