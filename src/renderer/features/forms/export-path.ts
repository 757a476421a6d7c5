/** Names of the files a job produced, as the exports route and the screens use them. */

/** The path of a produced file relative to the job's `exports/` folder (`bons-de-commande/École.pdf`). */
export function exportRelativePath(file: string): string {
  const parts = file.split(/[/\\]/);
  const at = parts.lastIndexOf('exports');
  return at >= 0 ? parts.slice(at + 1).join('/') : (parts.pop() ?? file);
}

/** The last part of a path, on any system. */
export const fileName = (file: string): string => file.split(/[/\\]/).pop() ?? file;

/** The folder a file is in, written with the file's own separators. */
export function folderOf(file: string): string {
  const separator = file.includes('\\') && !file.includes('/') ? '\\' : '/';
  return file.split(/[/\\]/).slice(0, -1).join(separator);
}
