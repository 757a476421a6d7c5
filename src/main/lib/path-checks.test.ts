import { describe, expect, it } from 'vitest';
import { type AppError } from './errors';
import { checkPathLength } from './path-checks';

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as AppError).code;
  }
}

describe('path lengths the file system can hold', () => {
  it('counts a name in bytes where the disk does (Linux, macOS) and in characters on Windows', () => {
    const accented = `/srv/${'é'.repeat(128)}`; // 128 characters, 256 bytes
    expect(codeOf(() => checkPathLength(accented, 'linux'))).toBe('name_too_long');
    expect(codeOf(() => checkPathLength(accented, 'darwin'))).toBe('name_too_long');
    expect(codeOf(() => checkPathLength('C:\\' + 'é'.repeat(128), 'win32'))).toBeUndefined();
    expect(codeOf(() => checkPathLength(`/srv/${'e'.repeat(255)}`, 'linux'))).toBeUndefined();
  });

  it('refuses a whole path longer than the system allows, each name being fine', () => {
    const deep = `/${Array.from({ length: 40 }, () => 'd'.repeat(100)).join('/')}`; // ~4,040 bytes
    expect(codeOf(() => checkPathLength(deep, 'darwin'))).toBe('path_too_long');
    expect(codeOf(() => checkPathLength(deep, 'linux'))).toBeUndefined();
    expect(codeOf(() => checkPathLength(`${deep}/${'d'.repeat(100)}`, 'linux'))).toBe('path_too_long');
  });

  it('shortens the name in the message so it stays readable', () => {
    try {
      checkPathLength(`/srv/${'x'.repeat(300)}`, 'linux');
    } catch (error) {
      expect((error as AppError).message).toContain(`« ${'x'.repeat(40)}… »`);
      expect((error as AppError).message).toContain('(300 caractères)');
    }
    expect.assertions(2);
  });
});
