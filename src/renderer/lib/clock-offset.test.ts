import { describe, expect, it } from 'vitest';
import { formatOffset, parseOffset } from './clock-offset';

describe('camera clock offsets', () => {
  it('shows offsets the way photographers say them', () => {
    expect(formatOffset(95)).toBe('+1 min 35 s');
    expect(formatOffset(-7500)).toBe('−2 h 05 min');
    expect(formatOffset(0)).toBe('0 s');
    expect(formatOffset(-12)).toBe('−12 s');
  });

  it('reads what a user types, and refuses what is not an offset', () => {
    expect(parseOffset('+1 min 35 s')).toBe(95);
    expect(parseOffset('1m35s')).toBe(95);
    expect(parseOffset('-95')).toBe(-95);
    expect(parseOffset('−2 h 05 min')).toBe(-7500);
    expect(parseOffset('1:35')).toBe(95);
    expect(parseOffset('-1:02:03')).toBe(-3723);
    expect(parseOffset(formatOffset(-3723))).toBe(-3723);
    expect(parseOffset('')).toBeNull();
    expect(parseOffset('une minute')).toBeNull();
    expect(parseOffset('5 jours')).toBeNull();
  });
});
