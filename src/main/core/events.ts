/** The core's event bus: typed emitters for the core, untyped frames for the hosts that forward them. */
import type { EventName, EventPayload } from '../../shared/rpc/events';
import type { EventFrame } from '../../shared/rpc/wire';

export class EventBus {
  private readonly listeners = new Set<(frame: EventFrame) => void>();

  on(listener: (frame: EventFrame) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One event's payloads, typed: no listener casts a payload by hand. */
  subscribe<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.on((frame) => {
      if (frame.name === name) listener(frame.payload as EventPayload<E>);
    });
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    const frame: EventFrame = { type: 'event', name, payload };
    for (const listener of this.listeners) listener(frame);
  }
}
