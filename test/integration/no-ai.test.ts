import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findForbiddenPackages } from '../../src/main/core/policy/no-ai';

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; name?: string }>;
};

describe('no AI in the dependency tree', () => {
  it('finds no face detection, recognition or ML inference package in the installed tree', () => {
    expect(Object.keys(lock.packages).length).toBeGreaterThan(100); // the real tree was read
    expect(findForbiddenPackages(lock)).toEqual([]);
  });

  it('fails on a planted ML dependency, however deep', () => {
    const planted = {
      packages: {
        ...lock.packages,
        'node_modules/some-helper/node_modules/@vladmandic/face-api': { version: '1.7.0' },
        'node_modules/onnxruntime-node': { version: '1.20.0' },
      },
    };
    expect(findForbiddenPackages(planted)).toEqual(['@vladmandic/face-api', 'onnxruntime-node']);
  });
});
