/**
 * `npm run bench:label`: labeling one class in sequence mode through the real UI, in Chromium,
 * served by the browser host. A generated class of 25 students (a group photo and a 3-photo burst
 * each, 76 photos) is assigned to its session and labeled from the keyboard; prints the keystrokes
 * per student (everything typed on the labeling screen: class picker, class-photo mark, Enter per
 * student; goal ≤ 1.1) and the time from a keystroke to its label painted on the burst (p50/p95;
 * goal p95 ≤ 50 ms). Last line: one JSON object. Figures are noisy when other work shares the machine.
 */
import { promises as fsp } from 'node:fs';
import { chromium } from 'playwright';
import { seedBenchJob } from '../test/fixtures/labeling-shoot';
import { CHROMIUM_ARGS, findChromium, startHostProcess } from '../test/helpers/host-process';

const STUDENTS = 25;
const chromiumPath = findChromium();
if (!chromiumPath) throw new Error('no Chromium found: set PREAU_CHROMIUM=/path/to/chromium');

const bench = await seedBenchJob('preau-bench-label-', {
  classes: 1,
  studentsPerClass: STUDENTS,
  burst: 3,
  images: true,
});
const { root, dataDir, libraryDir, core } = bench;
const shoot = bench;
await core.close();

const host = await startHostProcess({ dataDir, libraryDir });
const url = host.url;

const browser = await chromium.launch({
  executablePath: chromiumPath,
  headless: true,
  args: CHROMIUM_ARGS,
});
let keystrokes = 0;
const latencies: number[] = [];
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 } });
  await page.goto(url);
  await page
    .getByTestId('recent-job')
    .getByRole('button', { name: /^Ouvrir/ })
    .click();
  await page.getByRole('button', { name: /Tri et identification/ }).click();
  const picker = page.getByRole('combobox', { name: 'Classe de la séance 1' });
  await picker.waitFor();

  // The UI's CSP forbids eval, which Playwright's string predicates need: poll an expression instead.
  const waitFor = async (expression: string) => {
    const until = Date.now() + 30_000;
    while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
      if (Date.now() > until) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const press = async (key: string) => {
    keystrokes += 1;
    await page.keyboard.press(key);
  };
  // The only class is the first choice of the picker.
  await picker.focus();
  await press('ArrowDown');
  // Page-side code is passed as strings: this script is type-checked for Node, without the DOM.
  await waitFor(`document.querySelector('select')?.value === ${JSON.stringify(shoot.classes[0]!.id)}`);
  await page.getByTestId('labeling-workspace').focus();
  await waitFor(`document.querySelector('[data-testid=proposal]')?.textContent?.startsWith('Proposé')`);
  await press('1');

  // Keystroke → the proposed name painted on the current burst, measured inside the page.
  await page.evaluate(`(() => {
    window.__lat = [];
    window.__pending = null;
    window.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      const text = document.querySelector('[data-testid=proposal]')?.textContent ?? '';
      window.__pending = { t0: performance.now(), name: text.replace(/^Proposé : /, '') };
    }, true);
    new MutationObserver(() => {
      const p = window.__pending;
      if (!p) return;
      const shown = [...document.querySelectorAll('.thumb__names')].some((el) => el.textContent === p.name);
      if (!shown) return;
      window.__pending = null;
      requestAnimationFrame(() => window.__lat.push(performance.now() - p.t0));
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  })()`);

  for (let s = 0; s < STUDENTS; s += 1) {
    await press('Enter');
    await waitFor(`window.__lat.length >= ${s + 1}`);
  }
  latencies.push(...(await page.evaluate<number[]>('window.__lat')));
  await waitFor(
    `document.querySelector('[data-testid=proposal]')?.textContent === 'Tous les élèves de la classe ont une photo.'`,
  );
} finally {
  await browser.close();
  await host.stop();
  await fsp.rm(root, { recursive: true, force: true });
}

const sorted = [...latencies].sort((a, b) => a - b);
const pct = (p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const result = {
  students: STUDENTS,
  photos: shoot.photos.length,
  keystrokes,
  keystrokes_per_student: Number((keystrokes / STUDENTS).toFixed(3)),
  label_p50_ms: Number(pct(50).toFixed(1)),
  label_p95_ms: Number(pct(95).toFixed(1)),
};
process.stdout.write(
  `keystrokes: ${keystrokes} for ${STUDENTS} students (${result.keystrokes_per_student} per student, goal ≤ 1.1)\n` +
    `keystroke → label painted: p50 ${result.label_p50_ms} ms, p95 ${result.label_p95_ms} ms (goal p95 ≤ 50 ms)\n`,
);
process.stdout.write(`${JSON.stringify(result)}\n`);
