/**
 * A label (a class, a student's name) made usable as a file name on every system: control
 * characters and the characters Windows forbids become `_`, runs of spaces one space, accents kept,
 * cut to `max` characters so the whole path stays well under Windows' 260.
 */
export function safeFileName(label: string, max = 60): string {
  return [...label]
    .map((c) => (c.charCodeAt(0) < 32 || '<>:"/\\|?*'.includes(c) ? '_' : c))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max);
}
