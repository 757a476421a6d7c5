/**
 * Names of originals in the job: built from a template (by default capture date and time, camera
 * label, and the camera's folder + counter, e.g. `20261006-084512_B_1009999.JPG`), so files from
 * two bodies with the same counters, counters rolling over 9999 (the folder number changes) and
 * bursts within one second (the counter changes) never meet. Whatever the template, placement never
 * overwrites: a taken name gets `-2`, `-3`…
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

export interface NameParts {
  /** Local wall time `YYYY-MM-DDTHH:MM:SS.sss`, or null when unknown. */
  local: string | null;
  cameraLabel: string | null;
  /** Original path on the card, e.g. `DCIM/101CANON/IMG_0001.JPG`. */
  relPath: string;
}

/**
 * Characters that are illegal or awkward on FAT/exFAT/NTFS/APFS, control characters, and U+FFFD
 * (what stands for the bytes of a card name that was not valid UTF-8).
 */
function safe(text: string): string {
  return [...text.normalize('NFC')]
    .map((c) => (c.charCodeAt(0) < 32 || '<>:"/\\|?*\uFFFD'.includes(c) ? '_' : c))
    .join('')
    .replace(/\s+/g, '_')
    .replace(/^[.]+/, '')
    .slice(0, 80);
}

export function nameTokens(parts: NameParts): Record<string, string> {
  const base = path.posix.basename(parts.relPath);
  const ext = path.posix.extname(base);
  const stem = base.slice(0, base.length - ext.length);
  const folderName = path.posix.basename(path.posix.dirname(parts.relPath));
  const folder = /^(\d{3})/.exec(folderName)?.[1] ?? '';
  const number = /(\d+)$/.exec(stem)?.[1] ?? stem;
  const local = parts.local;
  return {
    date: local ? local.slice(0, 10).replaceAll('-', '') : 'sans-date',
    time: local ? local.slice(11, 19).replaceAll(':', '') : '000000',
    subsec: local ? local.slice(20, 22) : '00',
    camera: parts.cameraLabel ?? 'X',
    folder,
    number,
    original: stem,
  };
}

export function applyTemplate(template: string, parts: NameParts): string {
  const tokens = nameTokens(parts);
  const ext = path.posix.extname(parts.relPath).toUpperCase();
  const stem = safe(template.replace(/\{(\w+)\}/g, (whole, name: string) => tokens[name] ?? whole));
  return `${stem || 'photo'}${/^\.[A-Z0-9]{1,8}$/.test(ext) ? ext : ''}`;
}

/** `name.JPG`, `name-2.JPG`, `name-3.JPG`… */
export function candidateName(name: string, attempt: number): string {
  if (attempt <= 1) return name;
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)}-${attempt}${ext}`;
}

/**
 * Moves `from` to `to` without ever replacing an existing file: a hard link fails when `to` exists
 * (atomic no-overwrite), then the temporary name is removed. File systems without hard links
 * (FAT/exFAT backup drives) fall back to an existence check then a rename, which is safe here
 * because the job's lock and the name reservation in the database exclude any other writer.
 */
export async function renameNoOverwrite(from: string, to: string): Promise<'moved' | 'exists'> {
  try {
    await fsp.link(from, to);
    await fsp.unlink(from);
    return 'moved';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') throw error;
  }
  try {
    await fsp.access(to);
    return 'exists';
  } catch {
    await fsp.rename(from, to);
    return 'moved';
  }
}
