import { describe, expect, it } from 'vitest';
import {
  CODE_ALPHABET,
  CODE_ENTROPY_BITS,
  CODE_LENGTH,
  checkCharacter,
  checkCode,
  formatCode,
  generateCode,
  looksLikeCode,
  normalizeCode,
} from './access-code';

const draw = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('access codes', () => {
  it('have at least 60 bits of entropy and no ambiguous character', () => {
    expect(CODE_ENTROPY_BITS).toBeGreaterThanOrEqual(60);
    for (const c of '01OILSZ') expect(CODE_ALPHABET).not.toContain(c);
    const code = generateCode(draw);
    expect(code).toHaveLength(CODE_LENGTH);
    expect(formatCode(code)).toMatch(/^[2-9A-Y]{5}-[2-9A-Y]{5}-[2-9A-Y]{5}$/);
  });

  it('are unique over 100,000 draws and all valid', () => {
    // One assertion over the whole run: an expect() per draw would dominate the test's time.
    const seen = new Set<string>();
    const invalid: string[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      const code = generateCode(draw);
      seen.add(code);
      if (i % 100 === 0 && !checkCode(code).ok) invalid.push(code);
    }
    expect(seen.size).toBe(100_000);
    expect(invalid).toEqual([]);
  });

  it('catch every single-character substitution and every adjacent transposition', () => {
    // Typos that pass the check are collected and asserted once (an expect() per typo is slow).
    const missed: string[] = [];
    let tried = 0;
    const mustFail = (typo: string) => {
      tried += 1;
      const result = checkCode(typo);
      if (result.ok || result.problem !== 'check') missed.push(typo);
    };
    for (let n = 0; n < 200; n += 1) {
      const code = generateCode(draw);
      for (let i = 0; i < code.length; i += 1) {
        for (const c of CODE_ALPHABET) {
          if (c !== code[i]) mustFail(code.slice(0, i) + c + code.slice(i + 1));
        }
        if (i + 1 < code.length && code[i] !== code[i + 1]) {
          mustFail(code.slice(0, i) + code[i + 1]! + code[i]! + code.slice(i + 2));
        }
      }
    }
    expect(tried).toBeGreaterThan(200 * 15 * 28);
    expect(missed).toEqual([]);
  });

  it('read what a parent types: lower case, spaces, dashes, S for 5 and Z for 2', () => {
    const code = generateCode(draw);
    const typed = formatCode(code).toLowerCase().replace(/-/g, ' - ').replace(/5/g, 's').replace(/2/g, 'z');
    expect(normalizeCode(typed)).toBe(code);
    expect(checkCode(typed)).toEqual({ ok: true, code });
    expect(checkCode(`${code.slice(0, 3)}O${code.slice(4)}`)).toMatchObject({
      ok: false,
      problem: 'character',
    });
    expect(checkCode(code.slice(1))).toMatchObject({ ok: false, problem: 'length' });
  });

  it('draw uniformly: bytes that would bias the low characters are drawn again', () => {
    const bytes = [255, 240, 232, ...Array.from({ length: 14 }, (_, i) => i)];
    let pos = 0;
    const source = (n: number) =>
      new Uint8Array(Array.from({ length: n }, () => bytes[pos++ % bytes.length]!));
    expect(generateCode(source).slice(0, 14)).toBe(CODE_ALPHABET.slice(0, 14));
  });

  it('take a code typed in groups without any digit for a code, and a pupil’s name for a name', () => {
    // A code drawn from letters only (about one in seven has no digit): its check character too.
    let code = '';
    for (let seed = 0; !code; seed += 1) {
      const body = Array.from({ length: 14 }, (_, i) => CODE_ALPHABET[8 + ((seed * 7 + i * 3) % 21)]!).join('');
      const full = body + checkCharacter(body);
      if (!/\d/.test(full)) code = full;
    }
    expect(looksLikeCode(formatCode(code).replace(/-/g, ' ').toLowerCase())).toBe(true);
    expect(looksLikeCode(code.toLowerCase())).toBe(true);
    expect(looksLikeCode('K7M3Q')).toBe(true);
    expect(looksLikeCode('zoé łukasiewicz')).toBe(false);
    expect(looksLikeCode('Marie-Charlotte Duquesne')).toBe(false);
  });
});
