/**
 * Proofing through the real core: real SQLite job databases, previews made with sharp, order forms
 * built and read back with pdf.js (the text of each page for the pose numbers, the images a page
 * draws for the proofs' pixels), and the erasure of a student.
 */
import { promises as fsp } from 'node:fs';
import { parse } from 'csv-parse/sync';
import sharp from 'sharp';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { defaultCrop } from '../../src/shared/domain/proofing';
import { RpcCallError } from '../../src/shared/rpc/client';
import { cachePaths } from '../../src/main/core/ingest/derivatives';
import { LabelingService } from '../../src/main/core/labeling/labeling.service';
import { LabelPoseSource } from '../../src/main/core/proofing/label-pose-source';
import { ProofingService } from '../../src/main/core/proofing/proofing.service';
import { ConsentService } from '../../src/main/core/roster/consent.service';
import { seedShoot } from '../fixtures/labeling-shoot';
import { giveConsent } from '../fixtures/consent';
import { testCore } from '../helpers/core';
import { pdfImages, pdfPages } from '../helpers/pdf';

/**
 * Two classes of three students, three photos each and a group photo per class, with previews on
 * disk; sessions assigned, group photos marked, every burst labeled except the last student of the
 * second class (absent).
 */
async function labeledJob() {
  const t = await testCore();
  const client = t.core.client();
  const job = await client.call('jobs.create', {
    schoolName: 'École Jules Ferry',
    town: 'Brest',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  const jobId = job.id;
  await client.call('school.update', {
    jobId,
    patch: { association: { legalName: 'APE de l’école Jules Ferry', chequePayee: 'APE Jules Ferry' } },
  });
  const shoot = await seedShoot(t.core, jobId, { classes: 2, studentsPerClass: 3, burst: 3, images: true });
  for (const c of shoot.classes) for (const s of c.students) await giveConsent(client, jobId, s.id);
  const sessions = await client.call('sessions.list', { jobId });
  expect(sessions.sessions).toHaveLength(2);
  for (const [i, session] of sessions.sessions.entries())
    await client.call('sessions.assignClass', {
      jobId,
      sessionId: session.id,
      classId: shoot.classes[i]!.id,
    });
  const burst = (c: number, s: number | null) =>
    shoot.photos.filter((p) => p.classIndex === c && p.studentIndex === s).map((p) => p.id);
  for (let c = 0; c < 2; c += 1) {
    await client.call('photos.mark', { jobId, photoIds: burst(c, null), mark: 'class' });
    for (let s = 0; s < 3; s += 1)
      if (!(c === 1 && s === 2))
        await client.call('labels.assign', {
          jobId,
          photoIds: burst(c, s),
          studentIds: [shoot.classes[c]!.students[s]!.id],
        });
  }
  const student = (c: number, s: number) => shoot.classes[c]!.students[s]!;
  const name = (c: number, s: number) => `${student(c, s).firstName} ${student(c, s).displayName}`;
  const poseSource = new LabelPoseSource(
    new ProofingService(new LabelingService(new ConsentService(() => false))),
  );
  return { ...t, client, jobId, jobDir: job.path, shoot, burst, student, name, poseSource };
}

type Job = Awaited<ReturnType<typeof labeledJob>>;

/** The error a call was refused with (fails the test when the call succeeds). */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await call.then(
    () => new Error('the call was accepted'),
    (e: unknown) => e,
  );
  if (!(error instanceof RpcCallError)) throw error;
  return { code: error.code, message: error.message };
}

function posesOf(overview: { students: { studentId: string; poses: string[] }[] }, studentId: string) {
  return overview.students.find((s) => s.studentId === studentId)!.poses;
}

/** The proofs drawn on one page, in drawing order: pixel size and strongest colour channel. */
async function proofsOnPage(
  file: string,
  page: number,
): Promise<{ width: number; height: number; hue: string }[]> {
  const out: { width: number; height: number; hue: string }[] = [];
  for (const drawn of await pdfImages(file, page)) {
    // Proofs are 300 px on their long side; the QR code is not a proof.
    if (Math.max(drawn.width, drawn.height) !== 300) continue;
    const image = sharp(drawn.data, {
      raw: { width: drawn.width, height: drawn.height, channels: drawn.channels },
    });
    const { channels } = await image.stats();
    const means = channels.slice(0, 3).map((c) => c.mean);
    const hue = ['red', 'green', 'blue'][means.indexOf(Math.max(...means))]!;
    out.push({ width: drawn.width, height: drawn.height, hue });
  }
  return out;
}

async function paint(
  jobDir: string,
  photoId: string,
  colour: { r: number; g: number; b: number },
  width = 640,
  height = 960,
) {
  await sharp({ create: { width, height, channels: 3, background: colour } })
    .jpeg()
    .toFile(cachePaths(jobDir, photoId).preview);
}

describe('proofing', () => {
  it('offers by default a student’s labeled photos, best stars first then capture order, up to the maximum', async () => {
    const j: Job = await labeledJob();
    const a = j.student(0, 0);
    const [p1, p2, p3] = j.burst(0, 0) as [string, string, string];
    let overview = await j.client.call('proofing.get', { jobId: j.jobId });
    expect(overview.maxPoses).toBe(4);
    expect(posesOf(overview, a.id)).toEqual([p1, p2, p3]);
    expect(overview.students.find((s) => s.studentId === a.id)!.chosen).toBe(false);
    // The absent student has no pose; class photos are never individual poses.
    expect(posesOf(overview, j.student(1, 2).id)).toEqual([]);
    expect(overview.students.flatMap((s) => s.photoIds)).not.toContain(j.burst(0, null)[0]);

    await j.client.call('proofing.rate', { jobId: j.jobId, photoIds: [p3], stars: 5 });
    await j.client.call('proofing.rate', { jobId: j.jobId, photoIds: [p2], stars: 2 });
    overview = await j.client.call('proofing.get', { jobId: j.jobId });
    expect(posesOf(overview, a.id)).toEqual([p3, p2, p1]);
    expect(overview.photos.find((p) => p.photoId === p3)!.stars).toBe(5);

    // A rejected photo (closed eyes) is no longer offered.
    await j.client.call('photos.mark', {
      jobId: j.jobId,
      photoIds: [p2],
      mark: 'rejected',
      reason: 'yeux fermés',
    });
    await j.client.call('proofing.setMaxPoses', { jobId: j.jobId, maxPoses: 1 });
    overview = await j.client.call('proofing.get', { jobId: j.jobId, classId: j.shoot.classes[0]!.id });
    expect(overview.maxPoses).toBe(1);
    expect(overview.students).toHaveLength(3);
    expect(posesOf(overview, a.id)).toEqual([p3]);
    expect(overview.students.find((s) => s.studentId === a.id)!.photoIds).toEqual([p1, p3]);
  }, 60_000);

  it('prints the chosen poses in the chosen order on the order form, with rotations in the proofs', async () => {
    const j: Job = await labeledJob();
    const a = j.student(0, 0);
    const b = j.student(0, 1);
    const [a1, a2, a3] = j.burst(0, 0) as [string, string, string];
    await paint(j.jobDir, a1, { r: 220, g: 40, b: 40 });
    await paint(j.jobDir, a2, { r: 40, g: 200, b: 40 });
    await paint(j.jobDir, a3, { r: 40, g: 40, b: 220 });
    // Blue as favorite, then red; green not offered.
    await j.client.call('proofing.setPoses', { jobId: j.jobId, studentId: a.id, photoIds: [a3, a1] });
    // B's first photo (landscape preview) turned a quarter: its proof becomes portrait.
    const [b1] = j.burst(0, 1) as [string];
    await j.client.call('proofing.rotate', { jobId: j.jobId, photoIds: [b1], rotation: 90 });

    const fromSource = await j.poseSource.posesOf(j.core.jobs.get(j.jobId), [a.id, b.id]);
    expect(fromSource.get(a.id)!.map((p) => [p.number, p.photoId])).toEqual([
      [1, a3],
      [2, a1],
    ]);
    expect(fromSource.get(a.id)![0]!.imagePath).toBe(cachePaths(j.jobDir, a3).preview);
    expect(fromSource.get(b.id)!.map((p) => p.rotation)).toEqual([90, 0, 0]);

    const report = await j.client.call('forms.build', { jobId: j.jobId });
    // Every labeled student gets a form; only the absent one is « sans photo ».
    expect(report.skipped.map((s) => [s.name, s.reason])).toEqual([[j.name(1, 2), 'no_photos']]);
    expect(report.forms).toBe(5);
    const pdf = report.files.find((f) => f.endsWith(`Bons de commande - ${j.shoot.classes[0]!.label}.pdf`))!;
    const texts = await pdfPages(pdf);
    const pageOf = (name: string) => texts.findIndex((t) => t.includes(name)) + 1;
    const aText = texts[pageOf(j.name(0, 0)) - 1]!;
    expect(aText).toMatch(/Pose 1/);
    expect(aText).toMatch(/Pose 2/);
    expect(aText).not.toMatch(/Pose 3/);
    const bText = texts[pageOf(j.name(0, 1)) - 1]!;
    expect(bText).toMatch(/Pose 3/);

    expect(await proofsOnPage(pdf, pageOf(j.name(0, 0)))).toEqual([
      { width: 200, height: 300, hue: 'blue' },
      { width: 200, height: 300, hue: 'red' },
    ]);
    const bProofs = await proofsOnPage(pdf, pageOf(j.name(0, 1)));
    expect(bProofs.map((p) => [p.width, p.height])).toEqual([
      [200, 300],
      [300, 200],
      [300, 200],
    ]);

    // Back to the default: three poses again.
    await j.client.call('proofing.setPoses', { jobId: j.jobId, studentId: a.id, photoIds: [] });
    expect(posesOf(await j.client.call('proofing.get', { jobId: j.jobId }), a.id)).toEqual([a1, a2, a3]);
  }, 90_000);

  it('refuses poses that are not the student’s, and more than the maximum, with a clear message', async () => {
    const j: Job = await labeledJob();
    const a = j.student(0, 0);
    const wrong = await refusal(
      j.client.call('proofing.setPoses', { jobId: j.jobId, studentId: a.id, photoIds: [j.burst(0, 1)[0]!] }),
    );
    expect(wrong.code).toBe('proofing_not_student_photo');
    expect(wrong.message).toMatch(/n’est pas étiquetée à son nom/);
    await j.client.call('proofing.setMaxPoses', { jobId: j.jobId, maxPoses: 2 });
    await expect(
      j.client.call('proofing.setPoses', { jobId: j.jobId, studentId: a.id, photoIds: j.burst(0, 0) }),
    ).rejects.toThrow('Trop de poses : 2 au plus par élève');
  }, 60_000);

  it('keeps a crop per print ratio inside the photo and at the print’s proportions, turning it with the photo', async () => {
    const j: Job = await labeledJob();
    const [p] = j.burst(0, 0) as [string];
    // Previews are 960×640 (landscape).
    const crop = defaultCrop('13x18', 960, 640);
    await j.client.call('proofing.setCrop', { jobId: j.jobId, photoId: p, ratio: '13x18', rect: crop });
    const square = { x: 0.1, y: 0.1, w: 0.4, h: 0.6 };
    await j.client.call('proofing.setCrop', { jobId: j.jobId, photoId: p, ratio: 'square', rect: square });
    let photo = (await j.client.call('proofing.get', { jobId: j.jobId })).photos.find(
      (x) => x.photoId === p,
    )!;
    expect(photo.crops.map((c) => c.ratio).sort()).toEqual(['13x18', 'square']);

    const outside = await refusal(
      j.client.call('proofing.setCrop', {
        jobId: j.jobId,
        photoId: p,
        ratio: '13x18',
        rect: { ...crop, x: 1 - crop.w / 2 },
      }),
    );
    expect(outside.code).toBe('proofing_crop_outside');
    expect(outside.message).toContain('Le recadrage 13×18 dépasse de la photo');
    const ratio = await refusal(
      j.client.call('proofing.setCrop', { jobId: j.jobId, photoId: p, ratio: '20x30', rect: crop }),
    );
    expect(ratio.code).toBe('proofing_crop_ratio');
    expect(ratio.message).toContain('tirage 20×30');
    await expect(
      j.client.call('proofing.setCrop', {
        jobId: j.jobId,
        photoId: p,
        ratio: '13x18',
        rect: { x: -0.2, y: 0, w: 0.5, h: 1 },
      }),
    ).rejects.toMatchObject({ code: 'invalid_params' });
    // The same refusal in English for an English-speaking studio.
    const en = j.core.client({ lang: 'en' });
    await expect(
      en.call('proofing.setCrop', { jobId: j.jobId, photoId: p, ratio: '20x30', rect: crop }),
    ).rejects.toThrow('does not have the proportions of a 20×30 print');

    // Turned a quarter, the photo is portrait: the crop follows and is still a valid 13×18.
    await j.client.call('proofing.rotate', { jobId: j.jobId, photoIds: [p], rotation: 90 });
    photo = (await j.client.call('proofing.get', { jobId: j.jobId })).photos.find((x) => x.photoId === p)!;
    const turned = photo.crops.find((c) => c.ratio === '13x18')!.rect;
    expect(turned.w).toBeCloseTo(crop.h);
    expect(turned.h).toBeCloseTo(crop.w);
    await j.client.call('proofing.setCrop', { jobId: j.jobId, photoId: p, ratio: '13x18', rect: turned });
    await j.client.call('proofing.setCrop', { jobId: j.jobId, photoId: p, ratio: 'square', rect: null });
    photo = (await j.client.call('proofing.get', { jobId: j.jobId })).photos.find((x) => x.photoId === p)!;
    expect(photo.crops.map((c) => c.ratio)).toEqual(['13x18']);
    expect(photo.rotation).toBe(90);
  }, 60_000);

  it('gives the picked class photo to classPhotosOf, and the marked one by default', async () => {
    const j: Job = await labeledJob();
    const job = j.core.jobs.get(j.jobId);
    const [group] = j.burst(0, null) as [string];
    let picks = await j.poseSource.classPhotosOf(job);
    expect(picks.map((p) => [p.classId, p.photoId])).toEqual([
      [j.shoot.classes[0]!.id, group],
      [j.shoot.classes[1]!.id, j.burst(1, null)[0]!],
    ]);
    // Unlabeled, the class photo shows the whole class.
    expect(picks[0]!.studentIds.sort()).toEqual(j.shoot.classes[0]!.students.map((s) => s.id).sort());
    expect(picks[0]!.imagePath).toBe(cachePaths(j.jobDir, group).preview);

    // A second take of the group, marked as class photo too, then picked.
    const second = j.burst(0, 2)[2]!;
    await j.client.call('labels.remove', { jobId: j.jobId, photoIds: [second] });
    await j.client.call('photos.mark', { jobId: j.jobId, photoIds: [second], mark: 'class' });
    const overview = await j.client.call('proofing.get', { jobId: j.jobId, classId: j.shoot.classes[0]!.id });
    expect(overview.classes[0]!.classPhotoIds).toEqual([group, second]);
    expect(overview.classes[0]!.chosen).toBe(false);
    await j.client.call('proofing.pickClassPhoto', {
      jobId: j.jobId,
      classId: j.shoot.classes[0]!.id,
      photoId: second,
    });
    await j.client.call('proofing.rotate', { jobId: j.jobId, photoIds: [second], rotation: 270 });
    picks = await j.poseSource.classPhotosOf(job);
    const picked = picks.find((p) => p.classId === j.shoot.classes[0]!.id)!;
    expect([picked.photoId, picked.rotation]).toEqual([second, 270]);

    // A portrait is not a class photo; nor is another class's group photo.
    for (const photoId of [j.burst(0, 0)[0]!, j.burst(1, null)[0]!])
      await expect(
        j.client.call('proofing.pickClassPhoto', {
          jobId: j.jobId,
          classId: j.shoot.classes[0]!.id,
          photoId,
        }),
      ).rejects.toMatchObject({ code: 'proofing_not_class_photo' });
  }, 60_000);

  it('erasing a student removes their proofing rows', async () => {
    const j: Job = await labeledJob();
    const a = j.student(0, 0);
    const [p1, p2] = j.burst(0, 0) as [string, string];
    await j.client.call('proofing.setPoses', { jobId: j.jobId, studentId: a.id, photoIds: [p2, p1] });
    await j.client.call('proofing.rate', { jobId: j.jobId, photoIds: [p1, p2], stars: 4 });
    await j.client.call('proofing.rotate', { jobId: j.jobId, photoIds: [p1], rotation: 180 });
    await j.client.call('proofing.setCrop', {
      jobId: j.jobId,
      photoId: p1,
      ratio: 'square',
      rect: defaultCrop('square', 960, 640),
    });
    const db = j.core.jobs.get(j.jobId).db;
    const count = (sql: string, ...args: string[]) => (db.prepare(sql).get(...args) as { n: number }).n;
    expect(count('SELECT COUNT(*) AS n FROM proof_pose WHERE student_id = ?', a.id)).toBe(2);

    // The right of access lists the chosen poses, favorite first, by file name (no internal id).
    const access = await j.client.call('students.exportAccess', { jobId: j.jobId, studentId: a.id });
    const zip = await yauzl.fromBufferPromise(await fsp.readFile(access.path), { lazyEntries: true });
    let csv = '';
    try {
      for await (const entry of zip.eachEntry())
        if (entry.fileName.endsWith('.csv'))
          for await (const chunk of await zip.openReadStreamPromise(entry))
            csv += (chunk as Buffer).toString('utf8');
    } finally {
      zip.close();
    }
    const rows = parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { columns: true, delimiter: ';' });
    const fileOf = (id: string) =>
      (db.prepare('SELECT file_name AS f FROM photo WHERE id = ?').get(id) as { f: string }).f;
    expect(
      rows
        .filter((r) => r.Rubrique === 'Poses choisies pour le bon de commande')
        .map((r) => [r['Élément'], r.Valeur]),
    ).toEqual([
      ['Pose 1 (préférée)', fileOf(p2)],
      ['Pose 2', fileOf(p1)],
    ]);
    expect(csv).not.toContain(p1);

    const report = await j.client.call('students.erase', { jobId: j.jobId, studentId: a.id });
    expect(report.rows.proofing).toBe(2);
    expect(count('SELECT COUNT(*) AS n FROM proof_pose WHERE student_id = ?', a.id)).toBe(0);
    expect(count(`SELECT COUNT(*) AS n FROM photo_proofing WHERE photo_id IN (?, ?)`, p1, p2)).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM photo_crop WHERE photo_id = ?', p1)).toBe(0);
    const overview = await j.client.call('proofing.get', { jobId: j.jobId });
    expect(overview.students.map((s) => s.studentId)).not.toContain(a.id);
  }, 60_000);
});
