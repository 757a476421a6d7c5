/**
 * What both local HTTP servers (the browser host and the sandbox platform) do with a request before
 * routing it: read its target strictly, and answer the requests Node's parser itself refuses. A
 * target is only ever a path (`/…`): `new URL(req.url, base)` would read `//[` as a host and throw
 * (an unhandled rejection that ended the process), and `//elsewhere/x` as another host's `/x`. A
 * percent-escape that does not decode (`/%E0%A4%A`) is the client's mistake: a 400, never a 500.
 */
import type { Duplex } from 'node:stream';

export interface RequestTarget {
  url: URL;
  /** The path with its escapes decoded (for logging and checks; routes decode their own parts). */
  decodedPath: string;
}

/** The parsed target, or null when it is not a path or does not decode. */
export function parseRequestTarget(raw: string | undefined): RequestTarget | null {
  if (!raw?.startsWith('/')) return null;
  let url: URL;
  try {
    url = new URL(`http://127.0.0.1${raw}`);
  } catch {
    return null;
  }
  try {
    const decodedPath = decodeURIComponent(url.pathname);
    if (decodedPath.includes('\0')) return null;
    return { url, decodedPath };
  } catch {
    return null;
  }
}

/** Status of a request Node's HTTP parser refused (too big headers, timeout, malformed syntax). */
export function clientErrorStatus(error: { code?: unknown }): 400 | 408 | 413 | 431 {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return 413;
    default:
      return 400;
  }
}

const REASONS = {
  400: 'Bad Request',
  408: 'Request Timeout',
  413: 'Content Too Large',
  431: 'Request Header Fields Too Large',
};

/**
 * Answers a request the parser refused, on the raw socket, with `body` (JSON or text), then closes
 * it. Returns the status for the caller's log line; nothing is written to a socket already gone.
 */
export function answerClientError(
  error: Error & { code?: unknown },
  socket: Duplex,
  body: (status: number) => { type: string; text: string },
): number {
  const status = clientErrorStatus(error);
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return status;
  }
  const { type, text } = body(status);
  socket.end(
    `HTTP/1.1 ${status} ${REASONS[status]}\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
  return status;
}
