/**
 * Small HTTP helpers of the sandbox: bounded body reading (with the test mode's slow link and
 * dropped connections), JSON answers in the protocol's error format, and the platform error type.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorResponse, PlatformErrorCode } from '../../shared/publish/protocol';
import type { LinkThrottle } from './faults';

const STATUS_OF: Record<PlatformErrorCode, number> = {
  unauthorized: 401,
  not_found: 404,
  invalid_request: 400,
  conflict: 409,
  offset_mismatch: 409,
  chunk_hash_mismatch: 422,
  file_hash_mismatch: 422,
  file_not_declared: 404,
  missing_files: 409,
  gallery_closed: 409,
  ordering_closed: 409,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export class PlatformError extends Error {
  readonly status: number;
  constructor(
    readonly code: PlatformErrorCode,
    message: string,
    readonly extra: Omit<ErrorResponse['error'], 'code' | 'message'> = {},
  ) {
    super(message);
    this.status = STATUS_OF[code];
  }

  toBody(): ErrorResponse {
    return { error: { code: this.code, message: this.message, ...this.extra } };
  }
}

/** Thrown when the test mode cut the connection: nothing is answered. */
export class ConnectionDropped extends Error {}

export interface ReadBodyOptions {
  limit: number;
  throttle?: LinkThrottle | undefined;
  /** Cut the connection once this many bytes were read (test mode). */
  dropAfter?: number | undefined;
}

export async function readBody(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer> {
  const parts = await readBodyParts(req, options);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/**
 * The body as the blocks it arrived in, not joined: a batch of files is split and written straight
 * from them, without copying megabytes into one buffer first.
 */
export function readBodyParts(req: IncomingMessage, options: ReadBodyOptions): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let length = 0;
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      length += chunk.length;
      if (length > options.limit) {
        fail(new PlatformError('payload_too_large', `corps trop gros (plus de ${options.limit} octets)`));
        req.resume();
        return;
      }
      parts.push(chunk);
      if (options.dropAfter !== undefined && length >= options.dropAfter) {
        fail(new ConnectionDropped('test mode: connection dropped mid-body'));
        req.socket.destroy();
        return;
      }
      const wait = options.throttle?.reserve(chunk.length) ?? 0;
      if (wait > 1) {
        req.pause();
        setTimeout(() => req.resume(), wait);
      }
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(parts);
    });
    req.on('aborted', () => fail(new ConnectionDropped('client went away')));
    req.on('error', fail);
  });
}

/**
 * The body handed to `onChunk` block by block as it arrives, for work that must not wait for the
 * end (a batch stores each file as soon as its bytes are in). Same limit, slow link and dropped
 * connection as `readBodyParts`; a dropped connection delivers exactly the bytes before the cut.
 * Rejects with what `onChunk` throws, or when the body is cut; resolves with the length at its end.
 */
export function streamBody(
  req: IncomingMessage,
  options: ReadBodyOptions,
  onChunk: (chunk: Buffer) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let length = 0;
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      reject(error instanceof Error ? error : new Error(String(error)));
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      const cut = options.dropAfter !== undefined && length + chunk.length >= options.dropAfter;
      const block = cut ? chunk.subarray(0, options.dropAfter! - length) : chunk;
      length += block.length;
      if (length > options.limit) {
        fail(new PlatformError('payload_too_large', `corps trop gros (plus de ${options.limit} octets)`));
        req.resume();
        return;
      }
      try {
        if (block.length > 0) onChunk(block);
      } catch (error) {
        fail(error);
        req.resume();
        return;
      }
      if (cut) {
        fail(new ConnectionDropped('test mode: connection dropped mid-body'));
        req.socket.destroy();
        return;
      }
      const wait = options.throttle?.reserve(chunk.length) ?? 0;
      if (wait > 1) {
        req.pause();
        setTimeout(() => req.resume(), wait);
      }
    });
    req.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(length);
    });
    req.on('aborted', () => fail(new ConnectionDropped('client went away')));
    req.on('error', fail);
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(text);
}
