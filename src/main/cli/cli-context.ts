/**
 * What every `preau` command shares: the global options, a core opened for the duration of the
 * command, printing, exit codes (0 success, 1 the work failed, 2 usage error) and option parsers.
 */
import { CommanderError } from 'commander';
import type { Core, CoreOptions } from '../core/core';
import { createLogger } from '../core/logger';
import { defaultDataDir, defaultLibraryDir } from '../core/paths';
import { createHostCore } from '../host/host-core';
import { fileSecretStore } from '../host/secret-store';

export interface GlobalOptions {
  data?: string;
  library?: string;
}

export function coreFolders(opts: GlobalOptions): { dataDir: string; libraryDir: string } {
  return { dataDir: opts.data ?? defaultDataDir(), libraryDir: opts.library ?? defaultLibraryDir(opts.data) };
}

/**
 * Runs `fn` with a core opened on the studio's data folder, and always closes it. Platform tokens
 * come from the user-only secrets file of that folder; the local sandbox, when a command publishes
 * to it, runs in this process for the command's duration (or is reused if the app serves it).
 * `extra.platformTarget` (a command's explicit --target) takes precedence over the studio's target.
 */
export async function withCore<T>(
  opts: GlobalOptions,
  fn: (core: Core) => Promise<T>,
  extra: Pick<CoreOptions, 'platformTarget'> = {},
): Promise<T> {
  const folders = coreFolders(opts);
  const core = await createHostCore(
    { ...folders, host: 'cli', logger: createLogger(), ...extra },
    fileSecretStore(folders.dataDir),
  );
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
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

/** Resolves when the process is asked to stop (Ctrl+C, service stop). */
export function untilStopped(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
