/**
 * `--target <adresse>` and `--token-file <fichier>` of the commands that talk to the sales platform
 * (publish, orders sync): the platform named on the command line with its token from
 * PREAU_PLATFORM_TOKEN or a file only its owner can read — never from the command line, where any
 * user of the machine could read it. Without `--target`, the studio's platform and the token the
 * app keeps are used.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { PlatformConnection } from '../core/publish/platform-gateway';
import { isAppError } from '../lib/errors';
import { checkFileToRead } from '../lib/path-checks';
import { usageError } from './cli-context';

export interface PlatformOptions {
  target?: string;
  tokenFile?: string;
}

export function addPlatformOptions(command: Command): Command {
  return command
    .option(
      '--target <adresse>',
      'adresse de la plateforme, avec son jeton (par défaut la plateforme des réglages et le jeton gardé par l’application)',
    )
    .option('--token-file <fichier>', 'fichier (privé) contenant le jeton ; sinon PREAU_PLATFORM_TOKEN');
}

async function readToken(tokenFile: string | undefined): Promise<string | null> {
  const fromEnv = process.env.PREAU_PLATFORM_TOKEN?.trim();
  if (fromEnv) return fromEnv;
  if (!tokenFile) return null;
  let file: string;
  try {
    file = await checkFileToRead(path.resolve(tokenFile));
  } catch (error) {
    // Missing, a folder, unreadable: a mistake in the command line, said in words (exit code 2).
    if (isAppError(error)) throw usageError(`fichier de jeton : ${error.message}`);
    throw error;
  }
  const stat = await fsp.stat(file);
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0)
    throw usageError(
      `le fichier de jeton ${file} est lisible par d’autres utilisateurs : rendez-le privé (chmod 600 "${file}") puis relancez`,
    );
  const token = (await fsp.readFile(file, 'utf8')).trim();
  if (!token) throw usageError(`le fichier de jeton ${file} est vide`);
  return token;
}

/** The connection `--target` names (null without it: the studio's own), checked before any work. */
export async function platformConnection(o: PlatformOptions): Promise<PlatformConnection | null> {
  if (!o.target) return null;
  if (!/^https?:\/\/[^\s/]+/i.test(o.target))
    throw usageError(`adresse de plateforme invalide : ${o.target} (ex. http://127.0.0.1:41234)`);
  const token = await readToken(o.tokenFile);
  if (!token)
    throw usageError(
      'jeton de la plateforme manquant : mettez-le dans PREAU_PLATFORM_TOKEN ou dans un fichier privé passé par --token-file',
    );
  return { baseUrl: o.target, token };
}
