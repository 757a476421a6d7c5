/**
 * A camera's clock offset as photographers say it ("+1 min 35 s", "-2 h", "+95 s") and back: typed
 * by hand when they know how far a body's clock was off, shown in the cameras panel.
 */
const UNIT_SECONDS: Record<string, number> = { h: 3600, min: 60, m: 60, s: 1, sec: 1 };

/** `+1 min 35 s`, `−2 h 05 min`, `0 s`. */
export function formatOffset(totalSeconds: number): string {
  const rounded = Math.round(totalSeconds);
  if (rounded === 0) return '0 s';
  const sign = rounded < 0 ? '−' : '+';
  let rest = Math.abs(rounded);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(h ? `${String(m).padStart(2, '0')} min` : `${m} min`);
  if (s) parts.push(`${s} s`);
  return `${sign}${parts.join(' ')}`;
}

/**
 * Reads `+1 min 35 s`, `-95`, `1:35`, `-1:02:03`, `2h`, `1m35s`; `null` when it is not an offset.
 * A bare number is seconds.
 */
export function parseOffset(text: string): number | null {
  const trimmed = text.trim().replace(/−/g, '-').replace(/,/g, '.');
  if (trimmed === '') return null;
  const sign = trimmed.startsWith('-') ? -1 : 1;
  const body = trimmed.replace(/^[+-]\s*/, '');
  if (/^\d+(\.\d+)?$/.test(body)) return sign * Math.round(Number(body));
  const clock = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(body);
  if (clock) {
    const [a, b, c] = [Number(clock[1]), Number(clock[2]), clock[3] === undefined ? null : Number(clock[3])];
    return sign * (c === null ? a * 60 + b : a * 3600 + b * 60 + c);
  }
  const compact = body.replace(/\s+/g, ' ');
  let total = 0;
  let consumed = 0;
  let matched = false;
  for (const part of compact.matchAll(/(\d+)\s*(h|min|sec|m|s)(?=\s|\d|$)/g)) {
    if (part.index !== consumed) return null;
    total += Number(part[1]) * UNIT_SECONDS[part[2]!]!;
    consumed = part.index + part[0].length;
    while (compact[consumed] === ' ') consumed += 1;
    matched = true;
  }
  return matched && consumed === compact.length ? sign * total : null;
}
