import { describe, expect, it } from 'vitest';
import { checkCharacter } from '../../shared/domain/access-code';
import { codeShape } from './family-page';

const valid = (body: string) => body + checkCharacter(body);

describe('reading a typed access code before any lookup', () => {
  it('reads a studio code as printed, typed in lower case, with spaces, or with S and Z for 5 and 2', () => {
    const code = valid('K7M3QXB9TN4HRW');
    const grouped = `${code.slice(0, 5)}-${code.slice(5, 10)}-${code.slice(10)}`;
    expect(codeShape(grouped)).toEqual({ kind: 'code', code });
    expect(codeShape(` ${grouped.toLowerCase().replaceAll('-', ' ')} `)).toEqual({ kind: 'code', code });
    const with5 = valid('K5M3QXB9TN4HRW');
    expect(codeShape(with5.replace('5', 'S'))).toEqual({ kind: 'code', code: with5 });
  });

  it('says a typo at once, and which kind, without treating it as a code to look up', () => {
    const code = valid('K7M3QXB9TN4HRW');
    const message = (typed: string) => {
      const shape = codeShape(typed);
      return shape.kind === 'malformed' ? shape.message : `looked up: ${shape.code}`;
    };
    const typo = `${code.slice(0, 3)}${code[4]}${code[3]}${code.slice(5)}`;
    expect(message(typo)).toContain('faute de frappe');
    expect(message(`O${code.slice(1)}`)).toContain('jamais utilisé');
    expect(message(code.slice(0, 14))).toContain('14 caractères au lieu de 15');
    expect(message('   ')).toContain('Saisissez');
    expect(message('<script>')).toContain('n’est pas un code');
  });

  it('looks up codes of another shape the protocol accepts as they are', () => {
    expect(codeShape('ABCD-EF01')).toEqual({ kind: 'code', code: 'ABCD-EF01' });
    expect(codeShape('BENCH000001')).toEqual({ kind: 'code', code: 'BENCH000001' });
  });
});
