/**
 * The core's log: plain lines on stderr (and whatever sink a host adds). Secrets never reach it:
 * anything that looks like a token or an access code is masked before it is written.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, details?: unknown): void;
  info(message: string, details?: unknown): void;
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

const SECRET_PATTERNS: RegExp[] = [
  /([?&](?:token|code)=)[^&\s"']+/gi,
  /((?:"|')?(?:token|apiToken|secret|password|accessCode)(?:"|')?\s*[:=]\s*(?:"|')?)[^"'\s,}]+/gi,
  /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g,
  /(preau_token_\d+=)[^;\s]+/g,
];

/** Masks secrets in a log line. */
export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((acc, pattern) => acc.replace(pattern, '$1***'), text);
}

function describe(details: unknown): string {
  if (details === undefined) return '';
  if (details instanceof Error) return ` ${details.stack ?? details.message}`;
  try {
    return ` ${JSON.stringify(details)}`;
  } catch {
    return ' [unserialisable]';
  }
}

export function createLogger(
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  minLevel: LogLevel = (process.env.PREAU_LOG_LEVEL as LogLevel | undefined) ?? 'info',
): Logger {
  const order: LogLevel[] = ['debug', 'info', 'warn', 'error'];
  const log = (level: LogLevel) => (message: string, details?: unknown) => {
    if (order.indexOf(level) < order.indexOf(minLevel)) return;
    write(redact(`${new Date().toISOString()} ${level.toUpperCase()} ${message}${describe(details)}`));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
