/** A real core (real SQLite, real file system) in a temporary data folder, closed after the test. */
import path from 'node:path';
import { afterEach } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../src/main/core/core';
import { silentLogger } from '../../src/main/lib/logger';
import { tempDir } from './temp-dir';

const open: Core[] = [];

afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});

export interface TestCore {
  core: Core;
  dataDir: string;
  libraryDir: string;
  root: string;
}

export async function testCore(options: Partial<CoreOptions> = {}): Promise<TestCore> {
  const root = tempDir();
  const dataDir = options.dataDir ?? path.join(root, 'data');
  const libraryDir = options.libraryDir ?? path.join(root, 'library');
  const core = await createCore({
    host: 'test',
    logger: silentLogger,
    validateResults: true,
    ...options,
    dataDir,
    libraryDir,
  });
  open.push(core);
  return { core, dataDir, libraryDir, root };
}
