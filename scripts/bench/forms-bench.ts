/**
 * Order-form benchmark: 1,000 students (40 classes of 25) with 3 poses each, as generated preview
 * JPEGs cached under .cache/bench/forms-poses. Times `forms.build` (proofs, one PDF per class, the
 * school PDF, proof sheets, report) and prints forms per second and the mean size of a form in the
 * class PDFs. Last line: one JSON object. Run by `npm run bench:forms` (bundled by esbuild first).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { FormPose } from '../../src/shared/domain/order-form';
import { createCore } from '../../src/main/core/core';
import { silentLogger } from '../../src/main/lib/logger';
import { noPoses } from '../../src/main/core/forms/pose-source';

const CLASSES = 40;
const PER_CLASS = 25;
const POSES = 3;
const cacheDir = path.resolve('.cache/bench/forms-poses');

async function poseImage(i: number): Promise<string> {
  const file = path.join(cacheDir, `pose-${String(i).padStart(5, '0')}.jpg`);
  if (existsSync(file)) return file;
  const hue = (i * 37) % 255;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="1000">
    <rect width="800" height="1000" fill="rgb(${hue},${(hue * 3) % 255},${255 - hue})"/>
    <circle cx="400" cy="380" r="${160 + (i % 40)}" fill="rgb(240,200,170)"/>
    <rect x="180" y="600" width="440" height="400" fill="rgb(${(hue * 7) % 255},80,120)"/></svg>`;
  await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toFile(file);
  return file;
}

// Bundled into .cache/bench/, away from the fonts folder it would find next to dist/ or src/.
process.env.PREAU_FONTS_DIR ??= path.resolve('src/main/assets/fonts');

const root = path.join(os.tmpdir(), `preau-forms-bench-${process.pid}`);
mkdirSync(cacheDir, { recursive: true });
const total = CLASSES * PER_CLASS;
const images: string[] = [];
for (let i = 0; i < total * POSES; i += 1) images.push(await poseImage(i));

const posesOf = new Map<string, FormPose[]>();
const core = await createCore({
  dataDir: path.join(root, 'data'),
  libraryDir: path.join(root, 'lib'),
  host: 'cli',
  logger: silentLogger,
  poseSource: { ...noPoses, posesOf: () => Promise.resolve(posesOf) },
});
try {
  const client = core.client();
  const job = await client.call('jobs.create', {
    dir: path.join(root, 'job'),
    schoolName: 'École du Banc d’Essai',
    town: 'Quimper',
    schoolYear: '2026-2027',
    shootDates: [],
  });
  await client.call('school.update', {
    jobId: job.id,
    patch: {
      association: {
        legalName: 'Association des parents d’élèves du Banc d’Essai',
        chequePayee: 'APE Banc d’Essai',
      },
    },
  });
  let n = 0;
  for (let c = 0; c < CLASSES; c += 1) {
    const cls = await client.call('classes.add', {
      jobId: job.id,
      label: `Classe ${String(c + 1).padStart(2, '0')}`,
    });
    for (let s = 0; s < PER_CLASS; s += 1) {
      const student = await client.call('students.add', {
        jobId: job.id,
        classId: cls.id,
        familyName: `Élève-${n}`,
        firstName: `Zoé ${n}`,
      });
      for (const use of ['photo', 'online_gallery'] as const)
        for (const holder of ['parent1', 'parent2'] as const)
          await client.call('consent.record', {
            jobId: job.id,
            studentId: student.id,
            use,
            holder,
            decision: 'granted',
            decidedOn: '2026-09-10',
            source: 'paper_form',
          });
      posesOf.set(
        student.id,
        Array.from({ length: POSES }, (_, p) => ({ number: p + 1, imagePath: images[n * POSES + p]! })),
      );
      n += 1;
    }
  }
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const report = await client.call('forms.build', { jobId: job.id });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const dir = path.dirname(report.reportPath);
  const classBytes = readdirSync(dir)
    .filter((f) => f.startsWith('Bons de commande - Classe'))
    .reduce((sum, f) => sum + statSync(path.join(dir, f)).size, 0);
  const formsPerS = report.forms / seconds;
  const kbPerForm = classBytes / 1024 / report.forms;
  console.log(`forms: ${report.forms} in ${seconds.toFixed(2)} s (class PDFs + school PDF + proof sheets)`);
  console.log(
    `CPU time: ${cpuSeconds.toFixed(1)} s over ${os.cpus().length} core(s), load average ${os.loadavg()[0]!.toFixed(1)} (the cores are shared)`,
  );
  console.log(`forms per second: ${formsPerS.toFixed(1)} (goal ≥ 50)`);
  console.log(`mean size per form: ${kbPerForm.toFixed(1)} kB (goal ≤ 150)`);
  console.log(
    JSON.stringify({
      forms_per_s: Number(formsPerS.toFixed(1)),
      kb_per_form: Number(kbPerForm.toFixed(1)),
      forms: report.forms,
      seconds: Number(seconds.toFixed(2)),
      cpu_s: Number(cpuSeconds.toFixed(1)),
    }),
  );
} finally {
  await core.close();
  rmSync(root, { recursive: true, force: true });
}
