/** The core's card watcher as the hosts start it: a card under a mount root is announced and listed. */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventFrame } from '../../src/shared/rpc/wire';
import { testCore } from '../helpers/core';
import { tempDir } from '../helpers/temp-dir';

describe('card watcher in the core', () => {
  it('announces a card inserted under a watched mount root and lists it through ingest.volumes', async () => {
    const mountRoot = tempDir('preau-mnt-');
    const { core } = await testCore({
      watchVolumes: { roots: { parents: [mountRoot], volumes: [] }, intervalMs: 50 },
    });
    const client = core.client();
    const frames: EventFrame[] = [];
    core.events.on((f) => frames.push(f));
    expect(await client.call('ingest.volumes', {})).toEqual([]);

    const staged = path.join(tempDir(), 'NIKON_Z6');
    mkdirSync(path.join(staged, 'DCIM', '100NCZ_6'), { recursive: true });
    writeFileSync(path.join(staged, 'DCIM', '100NCZ_6', 'DSC_0001.JPG'), Buffer.alloc(1234));
    renameSync(staged, path.join(mountRoot, 'NIKON_Z6'));

    await expect
      .poll(() => frames.filter((f) => f.name === 'ingest.volumesChanged').length, { timeout: 5000 })
      .toBeGreaterThan(0);
    expect(await client.call('ingest.volumes', {})).toMatchObject([
      { path: path.join(mountRoot, 'NIKON_Z6'), name: 'NIKON_Z6', files: 1, bytes: 1234 },
    ]);
  });

  it('watches nothing unless the host asks (CLI commands)', async () => {
    const { core } = await testCore();
    expect(await core.client().call('ingest.volumes', {})).toEqual([]);
  });
});
