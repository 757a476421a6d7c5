/**
 * `preau production build` over a job with paper orders in the real order book: prints and
 * manifest written, the summary printed, the JSON line; a damaged original makes exit code 1 and is
 * named on stderr; `--out` into a folder whose parent is missing is refused.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core/core';
import { silentLogger } from '../../src/main/lib/logger';
import { seedProductionJob } from '../fixtures/production-job';
import { runCli as run } from '../helpers/run-cli';
import { tempDir } from '../helpers/temp-dir';

async function jobWithOrders() {
  const root = tempDir();
  const dataDir = path.join(root, 'data');
  const libraryDir = path.join(root, 'lib');
  const core = await createCore({ dataDir, libraryDir, host: 'test', logger: silentLogger });
  try {
    const j = await seedProductionJob(core);
    const client = core.client();
    const [s0, s1] = j.classes[0]!.students;
    for (const [s, lines] of [
      [s0!, [{ ref: 'P', pose: 1, quantity: 1 }]],
      [s1!, [{ ref: 'T1', pose: 2, quantity: 2 }]],
    ] as const)
      await client.call('orders.record', {
        jobId: j.jobId,
        query: `${s.firstName} ${s.displayName}`,
        lines: [...lines],
        paymentMethod: 'cheque',
      });
    return { root, global: ['--data', dataDir, '--library', libraryDir], ...j };
  } finally {
    await core.close();
  }
}

describe('preau production build', () => {
  it('renders the orders of the order book and prints the summary and a JSON line', async () => {
    const j = await jobWithOrders();
    const r = await run([...j.global, 'production', 'build', '--job', j.jobDir, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('2 commandes produites');
    expect(r.out).toContain('13×18 : 4 tirages');
    const json = JSON.parse(r.out.trim().split('\n').at(-1)!) as {
      path: string;
      orders: number;
      decodes: number;
    };
    expect(json.orders).toBe(2);
    expect(json.decodes).toBe(3);
    const manifest = await fsp.readFile(path.join(json.path, 'manifeste.csv'), 'utf8');
    expect(manifest.split('\r\n').filter(Boolean).length).toBeGreaterThan(3);
    // Produced orders are in production now: a second run has nothing left to make.
    const again = await run([...j.global, 'production', 'build', '--job', j.jobDir, '--json']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('0 commande produite');
  });

  it('exits 1 naming a damaged original, and refuses an output folder whose parent is missing', async () => {
    const j = await jobWithOrders();
    const file = j.originalOf(j.poses(1)[1]!);
    const bytes = await fsp.readFile(file);
    bytes[100]! ^= 0x01;
    await fsp.writeFile(file, bytes);
    const missing = path.join(j.root, 'nope', 'labo');
    const refused = await run([...j.global, 'production', 'build', '--job', j.jobDir, '--out', missing]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/nope/);
    const r = await run([...j.global, 'production', 'build', '--job', j.jobDir]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(path.basename(file));
    expect(r.out).toContain('1 commande produite');
  });
});
