/**
 * Printed photo cards through the real core: cards PDFs read back (a card rendered at 1500 px and
 * decoded gives back its student), and a generated card shoot (cards composited into frames with
 * rotation, blur, uneven light and glare) ingested by the real ingest, which reads the codes from
 * its previews. Every readable card assigns exactly its series; a removed card's series is flagged,
 * never given to the previous child; a foreign card is refused; a sibling card labels the group; a
 * person's label is never overwritten; undo restores the state before acceptance; a child marked
 * « ne pas photographier » is flagged and their frames held back; card frames are never poses.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCardCode, parseCardCode, randomCode } from '../../src/shared/domain/cards';
import { writeCardShoot, type CardShot } from '../fixtures/card-shoot';
import { giveConsent } from '../fixtures/consent';
import { CAMERAS, addSeconds } from '../fixtures/shoot-generator';
import { testCore } from '../helpers/core';
import { renderPdfPage, pdfText } from '../helpers/pdf';
import { decodeQrCodes } from '../helpers/qr';
import { tempDir } from '../helpers/temp-dir';
import { CardsRepository } from '../../src/main/core/cards/cards.repository';

const school = {
  schoolName: 'École Louise Michel',
  town: 'Nantes',
  schoolYear: '2026-2027',
  shootDates: ['2026-10-06'],
};
const et = new ExifTool({ maxProcs: 1 });
afterAll(async () => {
  await et.end();
});

const OUT = path.resolve('test-output/cards');

async function jobWithClass(n: number) {
  const { core } = await testCore();
  const client = core.client();
  const job = await client.call('jobs.create', school);
  const cls = await client.call('classes.add', { jobId: job.id, label: 'CE1 B', level: 'CE1' });
  const names = ['Aïcha', 'Hugo', 'Léa', 'Noé', 'Inès', 'Théo', 'Zoé', 'Jules'];
  const students = [];
  for (let i = 0; i < n; i += 1)
    students.push(
      await client.call('students.add', {
        jobId: job.id,
        classId: cls.id,
        firstName: names[i]!,
        familyName: `Durand${i}`,
      }),
    );
  for (const s of students) await giveConsent(client, job.id, s.id);
  return { core, client, jobId: job.id, classId: cls.id, students };
}

describe('cards PDF', () => {
  it('prints the class in roster order with size guidance, and a card rendered at 1500 px decodes to its student', async () => {
    const { core, client, jobId, classId, students } = await jobWithClass(6);
    const built = await client.call('cards.build', { jobId });
    expect(built.files).toHaveLength(1);
    const file = built.files[0]!.path;
    const text = await pdfText(file);
    expect(text).toContain('15 %');
    // Roster order: each student's first name appears in order.
    const at = students.map((s) => text.indexOf(s.firstName));
    expect(at.every((x) => x >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // No name in any code.
    const dpi = (1500 / 595.28) * 72;
    const png = await renderPdfPage(file, 1, dpi);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(path.join(OUT, 'cards-page-1.png'), png);
    expect((await sharp(png).metadata()).width).toBeGreaterThanOrEqual(1490);
    const codes = await decodeQrCodes(png);
    expect(codes.length).toBeGreaterThanOrEqual(6);
    for (const c of codes) {
      expect(c).toMatch(/^PREAU1-/);
      for (const s of students) expect(c).not.toContain(s.firstName.toUpperCase());
    }
    // The second card of the page is the first student's (the class card comes first).
    const job = core.jobs.get(jobId);
    const rows = new CardsRepository(job.db).codes();
    const first = rows.find((r) => r.studentId === students[0]!.id)!;
    const parsed = codes.map(parseCardCode).filter((p) => p.type === 'ours');
    expect(parsed.some((p) => p.type === 'ours' && p.token === first.token && p.kind === 'student')).toBe(
      true,
    );
    expect(classId).toBeTruthy();
  }, 60_000);

  it('refuses a misread code by its check character', () => {
    const key = randomCode(6, (n) => new Uint8Array(randomBytes(n)));
    const code = formatCardCode(key, 'student', 'ABCDEFGH');
    expect(parseCardCode(code).type).toBe('ours');
    const flipped = code.replace('-EABCDEFGH-', '-EABCDEFGJ-');
    expect(parseCardCode(flipped).type).toBe('damaged');
    expect(parseCardCode('https://example.org/poster').type).toBe('not_ours');
  });
});

describe('a card shoot ingested', () => {
  it('gives every read card its series, flags doubt, never overrides a person, and undoes', async () => {
    const { core, client, jobId, classId, students } = await jobWithClass(7);
    // Student 6: « ne pas photographier ».
    await client.call('consent.record', {
      jobId,
      studentId: students[6]!.id,
      use: 'photo',
      holder: 'parent1',
      decision: 'refused',
      decidedOn: '2026-09-14',
      source: 'paper_form',
    });
    await client.call('siblings.link', { jobId, studentIds: [students[0]!.id, students[1]!.id] });
    const job = core.jobs.get(jobId);
    // The cards are printed first: that makes the job's codes.
    await client.call('cards.build', { jobId });
    const repo = new CardsRepository(job.db);
    const key = repo.settings()!.jobKey;
    const codeOf = (i: number) =>
      formatCardCode(key, 'student', repo.codes().find((c) => c.studentId === students[i]!.id)!.token);
    const classCode = formatCardCode(key, 'class', repo.codes().find((c) => c.kind === 'class')!.token);
    const foreign = formatCardCode('ZZZZZZ', 'student', 'QQQQQQQQ');

    // Camera A: class card + 2 group frames, then per child a card and 3 portraits 2 s apart,
    // children 30 s apart. Child 2's card is missing; the foreign card precedes 2 frames; a
    // sibling card (0 + 1) precedes 2 frames; child 6's card (do not photograph) precedes 2.
    const shots: CardShot[] = [];
    let t = '2026-10-06T09:00:00.000';
    let seed = 1;
    const series = (codes: string[] | null, portraits: number, look = {}) => {
      if (codes) shots.push({ trueTime: t, codes, look, seed: seed++ });
      for (let i = 0; i < portraits; i += 1) shots.push({ trueTime: addSeconds(t, 3 + 2 * i), seed: seed++ });
      t = addSeconds(t, 30);
    };
    series([classCode], 2, { fraction: 0.2 });
    series([codeOf(0)], 3, { fraction: 0.12, angle: 15, blur: 1, glare: 0.5, unevenLight: 0.4 });
    series([codeOf(1)], 3, { fraction: 0.2, angle: -20 });
    series(null, 3); // child 2: card forgotten
    series([codeOf(3)], 3, { fraction: 0.1, blur: 1.2 });
    series([foreign], 2, { fraction: 0.18 });
    series([codeOf(0), codeOf(1)], 2, { fraction: 0.12 });
    series([codeOf(6)], 2, { fraction: 0.18 });
    const root = tempDir();
    const filesA = await writeCardShoot(path.join(root, 'A'), CAMERAS.a, shots, et, {
      width: 2400,
      height: 1600,
    });
    // Camera B (clock 95 s ahead): child 4 and child 5.
    const shotsB: CardShot[] = [];
    t = '2026-10-06T09:10:00.000';
    const seriesB = (codes: string[], portraits: number) => {
      shotsB.push({ trueTime: t, codes, look: { fraction: 0.15, angle: 8 }, seed: seed++ });
      for (let i = 0; i < portraits; i += 1)
        shotsB.push({ trueTime: addSeconds(t, 3 + 2 * i), seed: seed++ });
      t = addSeconds(t, 30);
    };
    seriesB([codeOf(4)], 3);
    seriesB([codeOf(5)], 3);
    await writeCardShoot(path.join(root, 'B'), CAMERAS.b, shotsB, et, { width: 2400, height: 1600 });
    for (const card of ['A', 'B']) {
      await client.call('ingest.start', { jobId, source: path.join(root, card), backupDir: null });
      await core.tasks.idle(jobId);
    }
    const photos = (await client.call('photos.list', { jobId })).items;
    expect(photos).toHaveLength(shots.length + shotsB.length);
    const idOf = (relPath: string) => photos.find((p) => p.originalName === relPath)!.id;
    const camB = (await client.call('cameras.list', { jobId })).find((c) => c.serial === CAMERAS.b.serial)!;
    await client.call('cameras.setOffset', { jobId, cameraId: camB.id, offsetSeconds: -95 });

    // Photo ids of camera A's shots, by series.
    const a = filesA.map((f) => idOf(f.relPath));
    const classFrames = a.slice(1, 3);
    const s0 = a.slice(4, 7);
    const s1 = a.slice(8, 11);
    const s2 = a.slice(11, 14);
    const s3 = a.slice(15, 18);
    const foreignFrames = a.slice(19, 21);
    const sib = a.slice(22, 24);
    const s6 = a.slice(25, 27);

    const review = await client.call('cards.review', { jobId });
    // Every card frame was read (7 on A, 2 on B).
    expect(review.cardPhotoIds).toHaveLength(9);
    const kinds = (k: string) => review.doubts.filter((d) => d.kind === k);
    expect(
      kinds('missing_card')
        .flatMap((d) => d.photoIds)
        .sort(),
    ).toEqual([...s2].sort());
    expect(
      kinds('foreign_card')
        .flatMap((d) => d.photoIds)
        .sort(),
    ).toEqual([...foreignFrames].sort());
    expect(kinds('do_not_photograph')[0]!.studentIds).toEqual([students[6]!.id]);
    expect(kinds('do_not_photograph')[0]!.photoIds.sort()).toEqual([...s6].sort());

    // A person labels one of child 3's frames as child 5 before acceptance.
    await client.call('labels.assign', { jobId, photoIds: [s3[0]!], studentIds: [students[5]!.id] });
    const sessionClasses = async () =>
      (await client.call('sessions.list', { jobId })).sessions.map((x) => x.classId);
    expect((await sessionClasses()).every((c) => c === null)).toBe(true);
    const accepted = await client.call('cards.accept', { jobId, classId });
    expect(accepted.skipped).toBe(1);
    // The cards said which class the shoot was: its sessions are assigned, no person needed.
    const assigned = await sessionClasses();
    expect(assigned).toContain(classId);
    expect(assigned.every((c) => c === classId || c === null)).toBe(true);
    const labels = new Map((await client.call('labels.list', { jobId })).map((l) => [l.photoId, l]));
    const who = (id: string) => labels.get(id)?.studentIds ?? [];
    for (const id of s0) expect(who(id)).toEqual([students[0]!.id]);
    for (const id of s1) expect(who(id)).toEqual([students[1]!.id]);
    for (const id of s2) expect(who(id)).toEqual([]); // never given to child 1
    expect(who(s3[0]!)).toEqual([students[5]!.id]); // the person's label stands
    for (const id of s3.slice(1)) expect(who(id)).toEqual([students[3]!.id]);
    for (const id of foreignFrames) expect(who(id)).toEqual([]);
    for (const id of sib) expect([...who(id)].sort()).toEqual([students[0]!.id, students[1]!.id].sort());
    for (const id of s6) expect(who(id)).toEqual([]); // held back
    for (const id of classFrames) expect(labels.get(id)?.mark).toBe('class');
    // Camera B's children, in its own capture order.
    const b = (await client.call('photos.list', { jobId })).items.filter((p) => p.cameraLabel === camB.label);
    const bLabeled = b.filter((p) => who(p.id).length > 0);
    expect(bLabeled).toHaveLength(6);
    // Card frames are no photo of anyone: never a pose, even labeled by hand.
    await client.call('labels.assign', { jobId, photoIds: [a[3]!], studentIds: [students[0]!.id] });
    const proofing = await client.call('proofing.get', { jobId, classId });
    const p0 = proofing.students.find((s) => s.studentId === students[0]!.id)!;
    expect(p0.photoIds).not.toContain(a[3]);
    expect(p0.photoIds).toContain(s0[0]);
    await client.call('labels.undo', { jobId });
    const checks = await client.call('labels.checks', { jobId });
    for (const id of review.cardPhotoIds) expect(checks.unlabeledPhotos).not.toContain(id);

    // Undo: the state before acceptance (only the person's label).
    await client.call('labels.undo', { jobId });
    const after = await client.call('labels.list', { jobId });
    expect(after.filter((l) => l.studentIds.length > 0).map((l) => l.photoId)).toEqual([s3[0]]);
    expect((await sessionClasses()).every((c) => c === null)).toBe(true); // one undo, both gone
    expect(existsSync(job.dir)).toBe(true);
  }, 300_000);

  it('lets a class card alone tell its session’s class, and says on the ingest how many cards were read', async () => {
    const { core, client, jobId, classId } = await jobWithClass(2);
    await client.call('cards.build', { jobId });
    const repo = new CardsRepository(core.jobs.get(jobId).db);
    const key = repo.settings()!.jobKey;
    const classCode = formatCardCode(key, 'class', repo.codes().find((c) => c.kind === 'class')!.token);
    const root = tempDir();
    const start = '2026-10-06T11:00:00.000';
    const shots: CardShot[] = [{ trueTime: start, codes: [classCode], look: { fraction: 0.2 }, seed: 1 }];
    for (let i = 0; i < 3; i += 1) shots.push({ trueTime: addSeconds(start, 3 + 2 * i), seed: 2 + i });
    await writeCardShoot(root, CAMERAS.a, shots, et, { width: 1800, height: 1200 });
    await client.call('ingest.start', { jobId, source: root, backupDir: null });
    await core.tasks.idle(jobId);
    const [card] = await client.call('ingest.cards', { jobId });
    expect(await client.call('cards.readOnCard', { jobId, cardId: card!.id })).toEqual({
      printed: true,
      frames: shots.length,
      read: shots.length,
      cards: 1,
      partial: 0,
      notOurs: 0,
    });
    const sessionClasses = async () =>
      (await client.call('sessions.list', { jobId })).sessions.map((x) => x.classId);
    expect(await sessionClasses()).toEqual([null]);
    const accepted = await client.call('cards.accept', { jobId, classId });
    expect(accepted.photos).toBe(3);
    // No child's card in the session: the class card alone said which class it was.
    expect(await sessionClasses()).toEqual([classId]);
    await client.call('labels.undo', { jobId });
    expect(await sessionClasses()).toEqual([null]);
  }, 120_000);

  it('reads nothing in a job that never printed cards: a card held up there is an ordinary photo', async () => {
    const { core, client, jobId } = await jobWithClass(1);
    const other = formatCardCode('ABCDEF', 'student', 'ABCDEFGH');
    const root = tempDir();
    await writeCardShoot(
      root,
      CAMERAS.a,
      [
        { trueTime: '2026-10-06T09:00:00.000', codes: [other], look: { fraction: 0.2 }, seed: 1 },
        { trueTime: '2026-10-06T09:00:03.000', seed: 2 },
      ],
      et,
      { width: 1800, height: 1200 },
    );
    await client.call('ingest.start', { jobId, source: root, backupDir: null });
    await core.tasks.idle(jobId);
    const review = await client.call('cards.review', { jobId });
    expect(review.cardPhotoIds).toEqual([]);
    expect(review.doubts).toEqual([]);
    const frames = new CardsRepository(core.jobs.get(jobId).db).frames();
    expect(frames.map((f) => f.status)).toEqual([null, null]);
    expect((await client.call('photos.list', { jobId })).items).toHaveLength(2);
  }, 120_000);

  it('drops a doubt from the review once a person has decided every one of its frames', async () => {
    const { client, core, jobId, students } = await jobWithClass(4);
    await client.call('consent.record', {
      jobId,
      studentId: students[3]!.id,
      use: 'photo',
      holder: 'parent1',
      decision: 'refused',
      decidedOn: '2026-09-14',
      source: 'paper_form',
    });
    await client.call('cards.build', { jobId });
    const repo = new CardsRepository(core.jobs.get(jobId).db);
    const key = repo.settings()!.jobKey;
    const codeOf = (i: number) =>
      formatCardCode(key, 'student', repo.codes().find((c) => c.studentId === students[i]!.id)!.token);
    // Child 0 with a card, child 1 without (card forgotten), child 2 with a card, child 3 (do not
    // photograph) with a card.
    const shots: CardShot[] = [];
    let t = '2026-10-06T09:00:00.000';
    let seed = 1;
    for (const code of [codeOf(0), null, codeOf(2), codeOf(3)]) {
      if (code) shots.push({ trueTime: t, codes: [code], look: { fraction: 0.2 }, seed: seed++ });
      for (let i = 0; i < 2; i += 1) shots.push({ trueTime: addSeconds(t, 3 + 2 * i), seed: seed++ });
      t = addSeconds(t, 30);
    }
    const root = tempDir();
    const files = await writeCardShoot(root, CAMERAS.a, shots, et, { width: 1200, height: 800 });
    await client.call('ingest.start', { jobId, source: root, backupDir: null });
    await core.tasks.idle(jobId);
    const photos = (await client.call('photos.list', { jobId })).items;
    const idOf = (i: number) => photos.find((p) => p.originalName === files[i]!.relPath)!.id;
    const kinds = async () => (await client.call('cards.review', { jobId })).doubts.map((d) => d.kind).sort();
    expect(await kinds()).toEqual(['do_not_photograph', 'missing_card']);

    // Accepting the card labels settles nothing: the doubts still wait for a person.
    await client.call('cards.accept', { jobId });
    expect(await kinds()).toEqual(['do_not_photograph', 'missing_card']);
    // One of the two forgotten-card frames given by a person: still a doubt; both: settled.
    await client.call('labels.assign', { jobId, photoIds: [idOf(3)], studentIds: [students[1]!.id] });
    expect(await kinds()).toEqual(['do_not_photograph', 'missing_card']);
    await client.call('labels.assign', { jobId, photoIds: [idOf(4)], studentIds: [students[1]!.id] });
    expect(await kinds()).toEqual(['do_not_photograph']);
    // The refused child's frames set aside by a person: settled too.
    await client.call('photos.mark', { jobId, photoIds: [idOf(9), idOf(10)], mark: 'rejected' });
    expect(await kinds()).toEqual([]);
    // Labels a card gave are told apart from a person's.
    const labels = new Map((await client.call('labels.list', { jobId })).map((l) => [l.photoId, l]));
    expect(labels.get(idOf(1))!.cardStudentIds).toEqual([students[0]!.id]);
    expect(labels.get(idOf(3))!.cardStudentIds).toEqual([]);
    expect(labels.get(idOf(3))!.studentIds).toEqual([students[1]!.id]);
  }, 120_000);
});
