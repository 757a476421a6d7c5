/**
 * A counting relay between a publishing process and the platform: it forwards every byte as it is
 * and reads the upload requests going through (HTTP/1.1 with a content-length, as the client sends
 * them) to record, per request, which files crossed the link whole, which only in part (the
 * connection ended in the middle of their bytes) and which not at all, and what the platform
 * answered. "Files sent" then means bytes that actually left the publisher — the figure a kill
 * test needs, whatever the client or the platform believe.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export type Delivery = 'whole' | 'part' | 'none';

export interface RelayedFile {
  sha256: string;
  size: number;
  delivered: Delivery;
}

export interface RelayedRequest {
  seq: number;
  /** Which publisher run sent it (set by the test before each run). */
  run: number;
  method: string;
  path: string;
  /** Files of a batch, or the one file of a chunk sent whole (offset 0, length = size). */
  files: RelayedFile[];
  /** The HTTP status of the answer; undefined when none came back. */
  status?: number;
  /** The publisher's side closed before the body was complete (it was killed). */
  cutByClient: boolean;
}

interface Parsing {
  request: RelayedRequest;
  /** Body bytes still expected. */
  remaining: number;
  received: number;
  /** File boundaries inside the body. */
  spans: { start: number; end: number; file: RelayedFile }[];
}

const BATCH_HEADER = 'x-batch-files';

function parseHead(head: string): { method: string; path: string; headers: Map<string, string> } {
  const [line = '', ...rest] = head.split('\r\n');
  const [method = '', path = ''] = line.split(' ');
  const headers = new Map<string, string>();
  for (const h of rest) {
    const at = h.indexOf(':');
    if (at > 0) headers.set(h.slice(0, at).trim().toLowerCase(), h.slice(at + 1).trim());
  }
  return { method, path, headers };
}

export interface CountingProxy {
  url: string;
  requests: RelayedRequest[];
  /** Tags the requests of the next connections with this run number. */
  setRun(run: number): void;
  /** Resolves once no connection is open any more (the platform has read everything sent to it). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startCountingProxy(targetPort: number): Promise<CountingProxy> {
  const requests: RelayedRequest[] = [];
  const open = new Set<net.Socket>();
  let run = 0;
  let seq = 0;
  const server = net.createServer((client) => {
    const connectionRun = run;
    const upstream = net.connect(targetPort, '127.0.0.1');
    open.add(client);
    const pending: RelayedRequest[] = [];
    let head = Buffer.alloc(0);
    let body: Parsing | undefined;

    const finishBody = () => {
      for (const span of body!.spans) {
        span.file.delivered =
          body!.received >= span.end ? 'whole' : body!.received > span.start ? 'part' : 'none';
      }
      body = undefined;
    };

    const account = (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length) {
        if (body) {
          const take = Math.min(body.remaining, chunk.length - at);
          body.received += take;
          body.remaining -= take;
          at += take;
          if (body.remaining === 0) finishBody();
          continue;
        }
        head = Buffer.concat([head, chunk.subarray(at)]);
        at = chunk.length;
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) break;
        const parsed = parseHead(head.subarray(0, end).toString('latin1'));
        const rest = head.subarray(end + 4);
        head = Buffer.alloc(0);
        const length = Number(parsed.headers.get('content-length') ?? 0);
        const request: RelayedRequest = {
          seq: seq++,
          run: connectionRun,
          method: parsed.method,
          path: parsed.path,
          files: [],
          cutByClient: false,
        };
        const spans: Parsing['spans'] = [];
        const batch = parsed.headers.get(BATCH_HEADER);
        if (batch) {
          let offset = 0;
          for (const part of batch.split(',')) {
            const [sha256 = '', size = '0'] = part.split(':');
            const file: RelayedFile = { sha256, size: Number(size), delivered: 'none' };
            request.files.push(file);
            spans.push({ start: offset, end: offset + file.size, file });
            offset += file.size;
          }
        }
        const chunkFile = /\/files\/([0-9a-f]{64})$/.exec(parsed.path);
        if (chunkFile && parsed.headers.get('x-chunk-offset') === '0') {
          // Only a chunk that starts a file counts as sending it (later chunks resume it).
          const file: RelayedFile = { sha256: chunkFile[1]!, size: length, delivered: 'none' };
          request.files.push(file);
          spans.push({ start: 0, end: length, file });
        }
        requests.push(request);
        pending.push(request);
        body = { request, remaining: length, received: 0, spans };
        if (length === 0) finishBody();
        if (rest.length > 0) account(rest);
      }
    };

    // Answers come back in request order on a connection: the first waiting request gets each one.
    let answer = Buffer.alloc(0);
    let answerBody = 0;
    upstream.on('data', (chunk: Buffer) => {
      answer = Buffer.concat([answer, chunk]);
      for (;;) {
        if (answerBody > 0) {
          const take = Math.min(answerBody, answer.length);
          answerBody -= take;
          answer = answer.subarray(take);
          if (answerBody > 0) return;
        }
        const end = answer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = answer.subarray(0, end).toString('latin1');
        answer = answer.subarray(end + 4);
        const waiting = pending.shift();
        if (waiting) waiting.status = Number(head.split(' ')[1]);
        answerBody = Number(parseHead(head).headers.get('content-length') ?? 0);
      }
    });

    client.on('data', (chunk: Buffer) => {
      account(chunk);
      if (!upstream.write(chunk)) {
        client.pause();
        upstream.once('drain', () => client.resume());
      }
    });
    upstream.pipe(client);
    const clientGone = () => {
      if (body) {
        body.request.cutByClient = true;
        finishBody();
      }
      upstream.end();
      // Keep reading the platform's side (its answers go nowhere now) so that it can close.
      upstream.unpipe(client);
      upstream.resume();
    };
    client.on('end', clientGone);
    client.on('error', () => clientGone());
    client.on('close', () => {
      if (body) clientGone();
    });
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => {
      if (body) finishBody();
      client.destroy();
      open.delete(client);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setRun(next) {
      run = next;
    },
    async idle() {
      const since = Date.now();
      while (open.size > 0) {
        if (Date.now() - since > 60_000) throw new Error(`${open.size} relayed connection(s) never closed`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
