/**
 * Benchmark of the photo grid with a large job: 20 000 photo rows (with real thumbnails on disk for
 * every one of them) in a job, the real browser host, the real UI in Chromium. Measures how long
 * the grid takes to show, how many cells exist in the DOM (virtualization keeps it bounded), and
 * frame times while scrolling from top to bottom. Prints a table, then one JSON line.
 * Run: `npm run bench:grid` (builds first). Needs Chromium (same lookup as the e2e suite).
 */
import { mkdtempSync, promises as fsp, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
import sharp from 'sharp';
import { createCore } from '../src/main/core/core';
import { cachePaths } from '../src/main/core/ingest/derivatives';
import { CardManifestRepository } from '../src/main/core/ingest/card-manifest.repository';
import { PhotosRepository } from '../src/main/core/ingest/photos.repository';
import { silentLogger } from '../src/main/lib/logger';
import { CHROMIUM_ARGS, findChromium, startHostProcess } from '../test/helpers/host-process';

const PHOTOS = Number(process.env.BENCH_PHOTOS ?? 20_000);

async function seedJob(root: string): Promise<string> {
  const core = await createCore({
    host: 'cli',
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'library'),
    logger: silentLogger,
  });
  try {
    const job = await core
      .client()
      .call('jobs.create', { schoolName: 'École du banc d’essai', schoolYear: '2026-2027' });
    const open = core.jobs.get(job.id);
    const repo = new PhotosRepository(open.db);
    const card = new CardManifestRepository(open.db).ensureCard('bench', '/bench');
    const camera = repo.ensureCamera('Canon', 'Canon EOS R6', '012345678901');
    const thumb = await sharp({ create: { width: 320, height: 213, channels: 3, background: '#7a8fa6' } })
      .jpeg({ quality: 70 })
      .toBuffer();
    const start = Date.parse('2026-10-06T08:00:00Z');
    open.db.transaction(() => {
      for (let i = 0; i < PHOTOS; i += 1) {
        const ms = start + i * 1500;
        repo.insertPhoto({
          id: `p${String(i).padStart(6, '0')}`,
          sha256: String(i).padStart(64, '0'),
          fileName: `IMG_${i}.JPG`,
          originalName: `IMG_${i}.JPG`,
          cardId: card.id,
          size: 9_000_000,
          kind: 'jpeg',
          capturedAt: new Date(ms).toISOString().slice(0, 23),
          captureOffset: null,
          captureMs: ms,
          captureSource: 'DateTimeOriginal',
          cameraId: camera.id,
          orientation: 1,
          width: 6000,
          height: 4000,
          lens: null,
          readable: true,
          unreadableReason: null,
          hasThumb: true,
        });
      }
    })();
    for (let i = 0; i < PHOTOS; i += 1) {
      const file = cachePaths(open.dir, `p${String(i).padStart(6, '0')}`).thumb;
      if (i === 0) await fsp.mkdir(path.dirname(file), { recursive: true });
      await fsp.writeFile(file, thumb);
    }
    return job.id;
  } finally {
    await core.close();
  }
}

async function main(): Promise<void> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no Chromium found (set PREAU_CHROMIUM)');
  const root = mkdtempSync(path.join(os.tmpdir(), 'preau-bench-grid-'));
  const jobId = await seedJob(root);
  const host = await startHostProcess({
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'library'),
  });
  try {
    const url = host.url;
    const browser = await chromium.launch({
      executablePath,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
    await page.goto(url);
    // Opened through the recent list, as a user does (the host's core opens the job folder).
    await page
      .getByTestId('recent-job')
      .getByRole('button', { name: /^Ouvrir/ })
      .click();
    await page.getByRole('button', { name: /Import des cartes/ }).waitFor({ timeout: 30_000 });
    const t0 = Date.now();
    await page.getByRole('button', { name: /Import des cartes/ }).click();
    await page
      .getByTestId('photo-count')
      .filter({ hasText: String(PHOTOS) })
      .waitFor();
    await page.locator('[data-testid="photo-cell"] img').first().waitFor();
    const gridShownMs = Date.now() - t0;
    const domCells = await page.getByTestId('photo-cell').count();
    const frames = await page.evaluate<number[]>(`new Promise((resolve) => {
      const grid = document.querySelector('.photo-grid');
      const times = [];
      let last = performance.now();
      const step = grid.scrollHeight / 240;
      const tick = (now) => {
        times.push(now - last);
        last = now;
        if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) return resolve(times.slice(1));
        grid.scrollTop += step;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    })`);
    const lastTime = await page.locator('.photo-cell__time').last().textContent();
    await browser.close();
    const sorted = [...frames].sort((a, b) => a - b);
    const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
    const mean = frames.reduce((s, f) => s + f, 0) / Math.max(1, frames.length);
    const domAfter = domCells;
    console.log(`photos                    ${PHOTOS}`);
    console.log(`grid shown after click    ${gridShownMs} ms`);
    console.log(`cells in the DOM          ${domAfter}`);
    console.log(
      `scroll frames             ${frames.length} (mean ${mean.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${(sorted.at(-1) ?? 0).toFixed(1)} ms)`,
    );
    console.log(`last cell time            ${lastTime}`);
    console.log(
      JSON.stringify({
        photos: PHOTOS,
        job_id: jobId,
        grid_shown_ms: gridShownMs,
        dom_cells: domAfter,
        scroll_frames: frames.length,
        frame_mean_ms: Number(mean.toFixed(1)),
        frame_p95_ms: Number(p95.toFixed(1)),
      }),
    );
  } finally {
    await host.stop();
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
