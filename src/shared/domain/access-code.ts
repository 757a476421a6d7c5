/**
 * Private access codes printed on order forms: what opens a family's online gallery. Pure logic
 * (alphabet, check character, formatting, normalisation of what a parent types); the random draw
 * and the studio-wide registry live in the core.
 *
 * Alphabet: 29 characters, digits 2–9 and upper-case letters without I, L, O, S, Z — no 0/O,
 * 1/I/L, 5/S or 2/Z pairs can be confused on paper. 29 is prime, which is what makes the check
 * character work (below). A typed S or Z is read as 5 or 2, lower case as upper case, and spaces,
 * dashes, dots and underscores are ignored.
 *
 * Size: 14 random characters = 14 × log2(29) ≈ 68 bits of entropy (≥ 60 asked), plus one check
 * character: 15 characters printed as three groups of five, `K7M3Q-XB9TN-4HRW2`.
 *
 * Check character: weighted sum modulo 29, weights 1…15 by position (ISO 7064-like "pure system"
 * over a prime modulus). The code is valid when Σ wᵢ·vᵢ ≡ 0 (mod 29). A single substituted
 * character changes the sum by wᵢ·(a−b), never 0 mod 29 because 29 is prime and neither factor
 * is a multiple of 29; two swapped neighbours change it by (a−b)·(wᵢ−wᵢ₊₁) = ±(a−b), never 0 either.
 * So every single-character typo and every adjacent transposition (check character included) is
 * caught — Luhn mod N misses some transpositions, Damm needs a quasigroup table; this needs neither.
 */

export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRTUVWXY';
export const CODE_MODULUS = CODE_ALPHABET.length;
export const CODE_RANDOM_LENGTH = 14;
export const CODE_LENGTH = CODE_RANDOM_LENGTH + 1;
export const CODE_GROUP = 5;

/** Bits of entropy of a code: ≈ 68. */
export const CODE_ENTROPY_BITS = CODE_RANDOM_LENGTH * Math.log2(CODE_MODULUS);

/** Letters a parent may type for a character of the alphabet (look-alikes), mapped before checking. */
const CONFUSABLES: Record<string, string> = { S: '5', Z: '2' };

const valueOf = new Map([...CODE_ALPHABET].map((c, i) => [c, i]));

function weightedSum(chars: string): number {
  let sum = 0;
  for (let i = 0; i < chars.length; i += 1) sum += (i + 1) * valueOf.get(chars[i]!)!;
  return sum % CODE_MODULUS;
}

/** The check character that makes `body` (CODE_RANDOM_LENGTH alphabet characters) a valid code. */
export function checkCharacter(body: string): string {
  // Find c with s + w·c ≡ 0 (mod p), w = CODE_LENGTH: c = −s · w⁻¹.
  const s = weightedSum(body);
  const w = CODE_LENGTH % CODE_MODULUS;
  let inverse = 1;
  while ((w * inverse) % CODE_MODULUS !== 1) inverse += 1;
  const value = (((CODE_MODULUS - s) % CODE_MODULUS) * inverse) % CODE_MODULUS;
  return CODE_ALPHABET[value]!;
}

/**
 * A new code from a source of random bytes (a CSPRNG in the core). Rejection sampling keeps every
 * character uniform: bytes ≥ 232 (= 8 × 29) are drawn again instead of biasing the low values.
 */
export function generateCode(randomBytes: (n: number) => Uint8Array): string {
  const limit = 256 - (256 % CODE_MODULUS);
  let body = '';
  while (body.length < CODE_RANDOM_LENGTH) {
    for (const b of randomBytes(CODE_RANDOM_LENGTH)) {
      if (b < limit && body.length < CODE_RANDOM_LENGTH) body += CODE_ALPHABET[b % CODE_MODULUS]!;
    }
  }
  return body + checkCharacter(body);
}

/** `K7M3QXB9TN4HRW2` → `K7M3Q-XB9TN-4HRW2`, as printed. */
export function formatCode(code: string): string {
  const groups: string[] = [];
  for (let i = 0; i < code.length; i += CODE_GROUP) groups.push(code.slice(i, i + CODE_GROUP));
  return groups.join('-');
}

/** What a parent typed, in canonical form: upper case, accents and separators dropped, look-alikes mapped. */
export function normalizeCode(typed: string): string {
  return typed
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[\s\-._/]+/g, '')
    .replace(/./g, (c) => CONFUSABLES[c] ?? c);
}

export const CODE_PROBLEMS = ['length', 'character', 'check'] as const;
export type CodeProblem = (typeof CODE_PROBLEMS)[number];

export type CodeCheck = { ok: true; code: string } | { ok: false; problem: CodeProblem; code: string };

/**
 * Checks a typed code: `length` (not 15 characters), `character` (a character that never appears in
 * a code, e.g. O or 1), `check` (a typo: the check character does not match). Never says whether a
 * well-formed code exists: that is the registry's business, rate-limited on the platform.
 */
export function checkCode(typed: string): CodeCheck {
  const code = normalizeCode(typed);
  if (code.length !== CODE_LENGTH) return { ok: false, problem: 'length', code };
  if ([...code].some((c) => !valueOf.has(c))) return { ok: false, problem: 'character', code };
  if (weightedSum(code) !== 0) return { ok: false, problem: 'check', code };
  return { ok: true, code };
}

export function isValidCode(typed: string): boolean {
  return checkCode(typed).ok;
}

/**
 * Whether what someone typed in a « code or name » field is meant as a code: it has a digit, or it
 * is one unbroken 15-character word, or — typed in groups with spaces and no digit at all, which
 * about one code in seven allows — it is a valid code (a name passes the check by chance only if
 * its letters all belong to the alphabet, make exactly 15 and hit 1 in 29).
 */
export function looksLikeCode(typed: string): boolean {
  const trimmed = typed.trim();
  if (/\d/.test(trimmed)) return true;
  if (!/\s/.test(trimmed) && normalizeCode(trimmed).length === CODE_LENGTH) return true;
  return isValidCode(trimmed);
}
