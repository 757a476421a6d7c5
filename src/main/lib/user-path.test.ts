import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors';
import { isInside, resolveUserPath } from './user-path';

describe('paths typed by the user', () => {
  it('expands ~, strips quotes and trailing separators', () => {
    expect(resolveUserPath('~/Reportages/')).toBe(path.join(os.homedir(), 'Reportages'));
    expect(resolveUserPath('"/srv/photos/École Jules Ferry"')).toBe('/srv/photos/École Jules Ferry');
    expect(resolveUserPath('/srv//photos/./a/../b')).toBe('/srv/photos/b');
  });

  it('refuses a relative path with a message saying to give a full path', () => {
    expect(() => resolveUserPath('Reportages/ecole')).toThrow(AppError);
    try {
      resolveUserPath('ecole');
    } catch (error) {
      expect((error as AppError).code).toBe('invalid_params');
      expect((error as AppError).message).toContain('chemin complet');
    }
  });

  it('tells inside from outside', () => {
    expect(isInside('/a/b', '/a/b/c/d.jpg')).toBe(true);
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/bc/d.jpg')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
  });
});
