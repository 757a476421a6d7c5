/**
 * What every `preau` command shares: the global options, a core opened for the duration of the
 * command, printing, exit codes (0 success, 1 the work failed, 2 usage error) and option parsers.
 */
import path from 'node:path';
import { CommanderError } from 'commander';
import type { Language } from '../../shared/domain/settings';
import { errorMessage } from '../../shared/i18n';
import { RpcCallError, type Client } from '../../shared/rpc/client';
import type { Core } from '../core/core';
import { AppError, fsErrorToAppError, isAppError } from '../lib/errors';
import { ensurePrivateDir } from '../lib/atomic';
import { canCreateIn, checkPathLength } from '../lib/path-checks';
import { createLogger, type Logger } from '../lib/logger';
import { defaultDataDir, defaultLibraryDir } from '../core/paths';
import { createHostCore, type HostCoreOptions } from '../host/host-core';
import { fileSecretStore } from '../host/secret-store';

export interface GlobalOptions {
  data?: string;
  library?: string;
}

export function coreFolders(opts: GlobalOptions): { dataDir: string; libraryDir: string } {
  return {
    dataDir: path.resolve(opts.data ?? defaultDataDir()),
    libraryDir: path.resolve(opts.library ?? defaultLibraryDir(opts.data)),
  };
}

/** A failure of the command that has its own message (printed as is, exit code 1). */
export class CliFailure extends Error {}

/**
 * Makes sure the data folder can be used (created with its parents when missing, as the app's own
 * folder is): a place that cannot hold it is said in words, with the option that changes it, rather
 * than as « Erreur inattendue : ENOENT … mkdir ».
 */
export async function prepareDataFolder(dataDir: string, option = '--data'): Promise<void> {
  try {
    checkPathLength(dataDir);
    await ensurePrivateDir(dataDir);
    if (!(await canCreateIn(dataDir))) throw new AppError('read_only', { path: dataDir });
  } catch (error) {
    const known = isAppError(error) ? error : fsErrorToAppError(error, dataDir);
    if (!known) throw error;
    throw new CliFailure(
      `${errorMessage('fr', known.code, known.params)}\nLe dossier de données du studio se choisit avec l’option ${option}.`,
    );
  }
}

/**
 * The core of a command, on its data folder (checked first), with platform tokens from the user-only
 * secrets file of that folder.
 */
export async function openCliCore(
  opts: GlobalOptions,
  options: Omit<HostCoreOptions, 'dataDir' | 'libraryDir'>,
): Promise<Core> {
  const folders = coreFolders(opts);
  await prepareDataFolder(folders.dataDir);
  return createHostCore({ ...folders, ...options }, fileSecretStore(folders.dataDir));
}

/**
 * Runs `fn` with a core opened on the studio's data folder, and always closes it. Platform tokens
 * come from the user-only secrets file of that folder; the local sandbox, when a command publishes
 * to it, runs in this process for the command's duration (or is reused if the app serves it).
 * `extra.port.platformTarget` (a command's explicit --target) takes precedence over the studio's target.
 */
export async function withCore<T>(
  opts: GlobalOptions,
  fn: (core: Core) => Promise<T>,
  extra: Pick<HostCoreOptions, 'port'> = {},
): Promise<T> {
  const core = await openCliCore(opts, { host: 'cli', logger: createLogger(), ...extra });
  try {
    return await fn(core);
  } catch (error) {
    // A path checked by the command itself (lib/path-checks): said in the studio's language.
    if (isAppError(error)) throw inLanguage(error, await studioLanguage(core));
    throw error;
  } finally {
    await core.close();
  }
}

async function studioLanguage(core: Core): Promise<Language> {
  try {
    return (await core.client().call('settings.get', {})).language;
  } catch {
    return 'fr';
  }
}

function inLanguage(error: AppError, lang: Language): RpcCallError {
  return new RpcCallError({
    code: error.code,
    message: errorMessage(lang, error.code, error.params),
    params: error.params,
  });
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Ends the command with an exit code after its own message was printed. */
export class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** A usage error with a French message: printed as is, exit code 2. */
export function usageError(message: string): CommanderError {
  return new CommanderError(2, 'preau.usage', message);
}

export function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw usageError(`port invalide : ${value}`);
  return n;
}

/** Accepts dd/mm/yyyy (as users write it) or yyyy-mm-dd. */
export function collectDates(value: string, previous: string[]): string[] {
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  const iso = fr ? `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}` : value.trim();
  return [...previous, iso];
}

/**
 * The last resort of the long-running commands (serve, platform): a promise rejected where nobody
 * handled it is a bug, but it must not end a studio with tasks in flight. It is logged in one line
 * (no stack on the user's terminal) and the process goes on. Errors are handled where they arise;
 * this only catches what was missed. Thrown exceptions still end the process: its state is unknown.
 */
export function keepRunningOnStrayRejections(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    logger.error(
      `unexpected error, not handled where it happened (the studio keeps running): ${reason instanceof Error ? reason.message : String(reason)}`,
    );
  });
}

/** Resolves when the process is asked to stop (Ctrl+C, service stop). */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * The ids of the classes named by `--class` (case and surrounding spaces ignored); undefined when
 * none was named (every class). An unknown name is a usage error listing the job's classes.
 */
export async function classIdsByLabel(
  client: Client,
  jobId: string,
  labels: readonly string[],
): Promise<string[] | undefined> {
  if (labels.length === 0) return undefined;
  const classes = await client.call('classes.list', { jobId });
  return labels.map((label) => {
    const found = classes.find((c) => c.label.toLowerCase() === label.trim().toLowerCase());
    if (!found)
      throw usageError(
        `Aucune classe « ${label} » dans ce reportage. Classes existantes : ${classes.map((c) => c.label).join(', ') || 'aucune'}.`,
      );
    return found.id;
  });
}
