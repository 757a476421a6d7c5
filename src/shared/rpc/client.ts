/**
 * Typed client over any transport. The UI and the tests use the same client; only the transport
 * differs (Electron IPC, WebSocket, or in-process).
 */
import type { ErrorCode, ErrorParams, RpcError, ValidationIssue } from './errors';
import type { MethodName, ParamsIn, Result } from './contract';
import type { EventName, EventPayload } from './events';
import type { EventFrame, ResultFrame } from './wire';

export interface Transport {
  call(method: string, params: unknown): Promise<ResultFrame>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}

/** A failed call, carrying the core's error as is. */
export class RpcCallError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams | undefined;
  readonly issues: ValidationIssue[] | undefined;
  constructor(error: RpcError) {
    super(error.message);
    this.name = 'RpcCallError';
    this.code = error.code;
    this.params = error.params;
    this.issues = error.issues;
  }
  toJSON(): RpcError {
    return { code: this.code, message: this.message, params: this.params, issues: this.issues };
  }
}

export interface Client {
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export function createClient(transport: Transport): Client {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  transport.onEvent((frame) => {
    for (const listener of listeners.get(frame.name) ?? []) listener(frame.payload);
  });
  return {
    async call(method, params) {
      const frame = await transport.call(method, params);
      if (!frame.ok) throw new RpcCallError(frame.error);
      return frame.result as never;
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
}
