/**
 * `npm run bench:grid`: the labeling grid on a 20,000-photo job, in Chromium through the browser
 * host. One long session of 5,000 bursts of 4 photos (thumbnails on disk), opened from the job's
 * nav; prints the time from the keystroke opening the screen to the first painted burst (goal
 * ≤ 1 s) and the frame times while the grid is scrolled end to end (p95 goal ≤ 20 ms). Last line:
 * one JSON object. Figures are noisy when other work shares the machine.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright';
import sharp from 'sharp';
import { cachePaths } from '../src/main/core/ingest/derivatives';
import { seedBenchJob } from '../test/fixtures/labeling-shoot';
import { CHROMIUM_ARGS, findChromium, startHostProcess } from '../test/helpers/host-process';

const BURSTS = Number(process.env.BENCH_BURSTS ?? 5000);
const chromiumPath = findChromium();
if (!chromiumPath) throw new Error('no Chromium found: set PREAU_CHROMIUM=/path/to/chromium');

const bench = await seedBenchJob('preau-bench-grid-', {
  classes: 1,
  studentsPerClass: BURSTS,
  burst: 4,
  studentGapSeconds: 10,
  addStudents: false,
});
const { root, dataDir, libraryDir, core } = bench;
const shoot = bench;
// One real thumbnail, hard-linked for every photo: the browser decodes real JPEGs without 20,000 encodes.
const jobDir = bench.jobDir;
const model = path.join(root, 'thumb.jpg');
await sharp({ create: { width: 240, height: 160, channels: 3, background: { r: 150, g: 180, b: 210 } } })
  .jpeg({ quality: 70 })
  .toFile(model);
await fsp.mkdir(path.dirname(cachePaths(jobDir, 'x').thumb), { recursive: true });
for (const p of shoot.photos) await fsp.link(model, cachePaths(jobDir, p.id).thumb);
await core.close();

const host = await startHostProcess({ dataDir, libraryDir });
const url = host.url;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: CHROMIUM_ARGS,
});
const measured = { firstPaintMs: NaN, frames: [] as number[] };
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  // The UI's CSP forbids eval, which Playwright's string predicates need: poll an expression instead.
  const waitFor = async (expression: string, timeoutMs = 60_000) => {
    const until = Date.now() + timeoutMs;
    while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  await page.goto(url);
  await page
    .getByTestId('recent-job')
    .getByRole('button', { name: /^Ouvrir/ })
    .click();
  const nav = page.getByRole('button', { name: /Tri et identification/ });
  await nav.waitFor();
  await nav.focus();
  await page.evaluate(`(() => {
    window.__t0 = null;
    window.__paint = null;
    window.addEventListener('keydown', () => { window.__t0 = performance.now(); }, { capture: true, once: true });
    new MutationObserver((_, observer) => {
      if (window.__t0 === null || !document.querySelector('.burst img')) return;
      observer.disconnect();
      requestAnimationFrame(() => { window.__paint = performance.now() - window.__t0; });
    }).observe(document.body, { subtree: true, childList: true });
  })()`);
  await page.keyboard.press('Enter');
  await waitFor('window.__paint !== null');
  measured.firstPaintMs = await page.evaluate<number>('window.__paint');

  // Scroll end to end, a screenful every frame, recording each frame's duration.
  measured.frames = await page.evaluate<number[]>(`new Promise((resolve) => {
    const grid = document.querySelector('.burst-grid');
    const times = [];
    let last = performance.now();
    const step = (now) => {
      times.push(now - last);
      last = now;
      if (grid.scrollTop + grid.clientHeight >= grid.scrollHeight - 1) return resolve(times.slice(1));
      grid.scrollTop += grid.clientHeight;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  })`);
} finally {
  await browser.close();
  await host.stop();
  await fsp.rm(root, { recursive: true, force: true });
}

const { firstPaintMs, frames } = measured;
const sorted = [...frames].sort((a, b) => a - b);
const pct = (p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const result = {
  photos: shoot.photos.length,
  frames: frames.length,
  frame_p50_ms: Number(pct(50).toFixed(1)),
  frame_p95_ms: Number(pct(95).toFixed(1)),
  first_paint_s: Number((firstPaintMs / 1000).toFixed(3)),
};
process.stdout.write(
  `${result.photos} photos, ${result.frames} frames scrolled: p50 ${result.frame_p50_ms} ms, p95 ${result.frame_p95_ms} ms (goal p95 ≤ 20 ms)\n` +
    `first grid paint after opening: ${result.first_paint_s} s (goal ≤ 1 s)\n`,
);
process.stdout.write(`${JSON.stringify(result)}\n`);
