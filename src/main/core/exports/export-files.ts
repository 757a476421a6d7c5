/**
 * Files a job produced for the user (shoot-day lists, later order forms) live in its `exports/`
 * folder. Opening or serving one goes through here so that nothing outside that folder — by a
 * crafted name, `..` or a symbolic link — can ever be opened or downloaded.
 */
import path from 'node:path';
import { containedRealPath } from '../media/media-resolver';

/** A single file name (no folder part), as found in the exports route and in paths the core returned. */
export function isPlainFileName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

/**
 * The absolute path of `fileOrPath` when it names an existing file directly in the job's `exports/`
 * (a bare name, or the full path the core returned); null otherwise.
 */
export async function resolveExportFile(jobDir: string, fileOrPath: string): Promise<string | null> {
  const exportsDir = path.join(jobDir, 'exports');
  const name = path.isAbsolute(fileOrPath) ? path.relative(exportsDir, path.resolve(fileOrPath)) : fileOrPath;
  if (!isPlainFileName(name)) return null;
  const file = path.join(exportsDir, name);
  return (await containedRealPath(exportsDir, file)) ? file : null;
}
