/**
 * Folder paths typed or pasted by a user: `~` expanded, must be absolute, normalised, and short
 * enough for the file system (a 300-character name is refused with its own message, not as a crash).
 */
import os from 'node:os';
import path from 'node:path';
import { AppError } from './errors';
import { checkPathLength } from './path-checks';

export function resolveUserPath(input: string, field = 'path'): string {
  let value = input.trim();
  // Paths pasted from a file manager often come quoted.
  if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
  if (value === '~' || value.startsWith('~/') || value.startsWith('~\\'))
    value = path.join(os.homedir(), value.slice(1));
  if (!path.isAbsolute(value)) {
    throw new AppError(
      'invalid_params',
      { details: `${field} : indiquez un chemin complet` },
      { issues: [{ path: field, message: 'validation.path.relative' }] },
    );
  }
  const normalised = path.normalize(value);
  const resolved = normalised.length > 1 ? normalised.replace(/[\\/]+$/, '') || normalised : normalised;
  checkPathLength(resolved);
  return resolved;
}

/** True when `candidate` is `root` or inside it (both already resolved). */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
