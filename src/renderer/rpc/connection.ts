/**
 * Connection state of the transport, observable by the UI (the "connexion perdue" banner) and by the
 * stores (which refetch everything after a reconnection, since events may have been missed).
 */
export const CONNECTION_STATES = ['connecting', 'open', 'lost'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export interface ConnectionSource {
  state: () => ConnectionState;
  /** Called on every change; returns an unsubscribe function. */
  onChange: (listener: (state: ConnectionState) => void) => () => void;
}

/** A transport whose connection never drops (Electron IPC, tests). */
export const alwaysOpen: ConnectionSource = {
  state: () => 'open',
  onChange: () => () => {},
};
