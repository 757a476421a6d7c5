import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Volume } from '../../../shared/domain/ingest';
import { tempDir } from '../../../../test/helpers/temp-dir';
import { defaultMountRoots, VolumeWatcher } from './volume-watcher';

function insertCard(mountRoot: string, name: string, files: Record<string, number>): string {
  const card = path.join(mountRoot, name);
  for (const [rel, size] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(card, rel)), { recursive: true });
    writeFileSync(path.join(card, rel), Buffer.alloc(size, 1));
  }
  return card;
}

describe('VolumeWatcher', () => {
  it('reports a card with a DCIM folder when it is inserted and when it is removed, ignoring other drives', async () => {
    const mountRoot = tempDir('preau-mnt-');
    const changes: Volume[][] = [];
    const watcher = new VolumeWatcher({
      roots: { parents: [mountRoot, path.join(mountRoot, 'absent')], volumes: [] },
      onChange: (v) => changes.push(v),
    });
    await watcher.poll();
    expect(watcher.list()).toEqual([]);
    expect(changes).toHaveLength(0);

    insertCard(mountRoot, 'USB_STICK', { 'docs/a.txt': 10 });
    const card = insertCard(mountRoot, 'EOS_DIGITAL', {
      'DCIM/100CANON/IMG_0001.JPG': 1000,
      'DCIM/100CANON/IMG_0002.JPG': 2000,
    });
    await watcher.poll();
    expect(changes).toHaveLength(1);
    expect(watcher.list()).toMatchObject([{ path: card, name: 'EOS_DIGITAL', files: 2, bytes: 3000 }]);

    await watcher.poll();
    expect(changes).toHaveLength(1); // Nothing changed: no event.

    rmSync(card, { recursive: true });
    await watcher.poll();
    expect(changes).toHaveLength(2);
    expect(changes[1]).toEqual([]);
  });

  it('watches the usual mount roots of each platform', () => {
    expect(defaultMountRoots('linux', 'anne').parents).toEqual(['/media/anne', '/run/media/anne', '/mnt']);
    expect(defaultMountRoots('darwin').parents).toEqual(['/Volumes']);
    expect(defaultMountRoots('win32').volumes).toContain('E:\\');
    expect(defaultMountRoots('win32').volumes).not.toContain('C:\\');
  });
});
