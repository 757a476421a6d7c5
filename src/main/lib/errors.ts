/**
 * Errors raised inside the core. An `AppError` carries a code from the contract and the parameters
 * of its message; anything else that escapes a handler is an internal error, logged with a reference
 * and reported without its stack or any secret.
 */
import { randomBytes } from 'node:crypto';
import type { Language } from '../../shared/domain/settings';
import { errorMessage } from '../../shared/i18n';
import type { ErrorCode, ErrorParams, RpcError, ValidationIssue } from '../../shared/rpc/errors';

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly params: ErrorParams;
  readonly issues: ValidationIssue[] | undefined;
  constructor(
    code: ErrorCode,
    params: ErrorParams = {},
    options: { cause?: unknown; issues?: ValidationIssue[] } = {},
  ) {
    super(errorMessage('fr', code, params), { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.params = params;
    this.issues = options.issues;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** Maps a Node file-system error to the user-facing error it means for `path`; undefined when it is not one. */
export function fsErrorToAppError(error: unknown, path: string): AppError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new AppError('read_only', { path }, { cause: error });
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('disk_full', { path }, { cause: error });
    case 'ENOENT':
      return new AppError('folder_missing', { path }, { cause: error });
    case 'ENOTDIR':
      return new AppError('not_a_folder', { path }, { cause: error });
    case 'ENAMETOOLONG':
      return new AppError('path_too_long', { path }, { cause: error });
    case 'EISDIR':
      return new AppError('output_is_folder', { path, suggestion: `${path}/…` }, { cause: error });
    default:
      return undefined;
  }
}

/**
 * A disk with no room left, whoever met it: the file system (ENOSPC, or a quota), SQLite writing the
 * database or its journal (SQLITE_FULL), or an error already translated to `disk_full`.
 */
export function isDiskFull(error: unknown): boolean {
  if (error instanceof AppError) return error.code === 'disk_full';
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/** Runs `fn`, turning file-system errors about `path` into clear AppErrors. */
export async function withFsErrors<T>(path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw fsErrorToAppError(error, path) ?? error;
  }
}

export function newErrorRef(): string {
  return `${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}#${randomBytes(3).toString('hex')}`;
}

/** The serializable form of any error, in the given language. */
export function toRpcError(
  error: unknown,
  lang: Language,
  onInternal: (ref: string, error: unknown) => void,
): RpcError {
  if (isAppError(error)) {
    return {
      code: error.code,
      message: errorMessage(lang, error.code, error.params),
      params: error.params,
      ...(error.issues ? { issues: error.issues } : {}),
    };
  }
  const ref = newErrorRef();
  onInternal(ref, error);
  return { code: 'internal', message: errorMessage(lang, 'internal', { ref }), params: { ref } };
}
