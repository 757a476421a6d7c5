import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ResultFrame } from '../../shared/rpc/wire';
import { createWsTransport } from './ws-transport';

/** A strict stand-in for the browser's WebSocket: records what is sent, lets the test drive the server side. */
class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeSocket[] = [];
  readyState = FakeSocket.CONNECTING;
  sent: { id: number; method: string; params: unknown }[] = [];
  private readonly listeners = new Map<string, ((event: unknown) => void)[]>();

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }
  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  send(text: string): void {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('send on a socket that is not open');
    this.sent.push(JSON.parse(text) as { id: number; method: string; params: unknown });
  }
  close(): void {
    this.serverClose();
  }
  private fire(type: string, event: unknown = {}): void {
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
  serverOpen(): void {
    this.readyState = FakeSocket.OPEN;
    this.fire('open');
  }
  serverSend(frame: unknown): void {
    this.fire('message', { data: JSON.stringify(frame) });
  }
  serverClose(): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    this.fire('close');
  }
}

const latest = () => FakeSocket.instances.at(-1)!;

function transport() {
  return createWsTransport({
    url: 'ws://127.0.0.1:1234/rpc',
    backoff: [100, 1000],
    WebSocketImpl: FakeSocket as unknown as typeof WebSocket,
  });
}

beforeEach(() => {
  FakeSocket.instances = [];
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('WebSocket transport', () => {
  it('holds calls made before the socket opens and answers each by its id', async () => {
    const t = transport();
    const pending = t.call('app.info', {});
    expect(t.state()).toBe('connecting');
    latest().serverOpen();
    expect(latest().sent).toEqual([{ type: 'call', id: 1, method: 'app.info', params: {} }]);
    latest().serverSend({ type: 'result', id: 1, ok: true, result: { name: 'Préau Studio' } });
    await expect(pending).resolves.toMatchObject({ ok: true, result: { name: 'Préau Studio' } });
    t.close();
  });

  it('fails calls in flight with `disconnected` when the socket drops, then reconnects with backoff', async () => {
    const t = transport();
    const states: string[] = [];
    t.onChange((s) => states.push(s));
    latest().serverOpen();
    const inFlight = t.call('jobs.list', {});
    latest().serverClose();
    const frame: ResultFrame = await inFlight;
    expect(frame).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    expect(t.state()).toBe('lost');

    // First retry after 100 ms; it fails too, the next one waits 1 s.
    expect(FakeSocket.instances).toHaveLength(1);
    vi.advanceTimersByTime(100);
    expect(FakeSocket.instances).toHaveLength(2);
    latest().serverClose();
    vi.advanceTimersByTime(999);
    expect(FakeSocket.instances).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.instances).toHaveLength(3);

    // A call made while down waits for the new socket.
    const later = t.call('jobs.list', {});
    latest().serverOpen();
    expect(states).toEqual(['open', 'lost', 'open']);
    const id = latest().sent[0]!.id;
    latest().serverSend({ type: 'result', id, ok: true, result: [] });
    await expect(later).resolves.toMatchObject({ ok: true, result: [] });
    t.close();
  });

  it('delivers pushed events and ignores frames that are not valid', () => {
    const t = transport();
    const seen: unknown[] = [];
    t.onEvent((frame) => seen.push(frame.payload));
    latest().serverOpen();
    latest().serverSend({ type: 'event', name: 'data.changed', payload: { entity: 'jobs' } });
    latest().serverSend({ type: 'nonsense' });
    expect(seen).toEqual([{ entity: 'jobs' }]);
    t.close();
  });

  it('fails every call once closed, without reconnecting', async () => {
    const t = transport();
    latest().serverOpen();
    t.close();
    await expect(t.call('app.info', {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'disconnected' },
    });
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.instances).toHaveLength(1);
  });

  it('refuses a call too large for the host before sending it, and keeps the connection for the others', async () => {
    const t = transport();
    latest().serverOpen();
    const small = t.call('app.info', {});
    const big = await t.call('roster.import', { text: 'é'.repeat(2_200_000) });
    expect(big).toMatchObject({ ok: false, error: { code: 'request_too_large' } });
    expect(big.ok === false && big.error.message).toContain('trop volumineuse');
    expect(latest().sent.map((f) => f.method)).toEqual(['app.info']);
    latest().serverSend({ type: 'result', id: 1, ok: true, result: { name: 'Préau Studio' } });
    expect(await small).toMatchObject({ ok: true });
    t.close();
  });
});
