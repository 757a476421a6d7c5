/**
 * Data protection against real parts: a real core (SQLite, sharp, exiftool) with a roster, an
 * ingested card copied to a backup drive, photos labeled to students (a stand-in labels table
 * registered as a student data owner, the way the labels feature will), and a gallery published to
 * a real sandbox platform through the publish client. Then purge, erasure and access export are
 * checked by scanning the job folder, the backup drive, every table and the platform.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ExifTool } from 'exiftool-vendored';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src/main/core/core';
import { createLogger } from '../../src/main/lib/logger';
import type { StudentDataOwner } from '../../src/main/core/gdpr/student-data-registry';
import { PublicationRepository } from '../../src/main/core/publish/publication.repository';
import { UploadEngine } from '../../src/main/core/publish/upload-engine';
import type { PlatformHandle } from '../../src/main/platform/platform-server';
import type { Manifest } from '../../src/shared/publish/protocol';
import { CAMERAS, generateCard, type GeneratedCard } from '../fixtures/shoot-generator';
import { ondeCsv, ONDE_STUDENTS } from '../fixtures/roster-files';
import { testCore } from '../helpers/core';
import { clientFor, FAST_RETRY, familyView, testPlatform } from '../helpers/platform';
import { tempDir } from '../helpers/temp-dir';

let fixtures: string;
let card: GeneratedCard;

beforeAll(async () => {
  fixtures = await fsp.mkdtemp(path.join(os.tmpdir(), 'preau-gdpr-card-'));
  const et = new ExifTool({ maxProcs: 1 });
  try {
    card = await generateCard(path.join(fixtures, 'card'), {
      camera: CAMERAS.a,
      shots: [0, 1, 2, 3, 4, 5].map((i) => ({
        trueTime: `2026-10-06T09:00:${String(10 + i).padStart(2, '0')}.000`,
        width: 120,
        height: 80,
        seed: 900 + i,
      })),
      exiftool: et,
    });
  } finally {
    await et.end();
  }
}, 120_000);

afterAll(async () => {
  await fsp.rm(fixtures, { recursive: true, force: true });
});

/** Stand-in for the labels feature: photo ↔ student rows, registered as a student data owner. */
const labelsOwner: StudentDataOwner = {
  name: 'labels',
  rows: (db, id) =>
    db.prepare('SELECT photo_id FROM test_label WHERE student_id = ?').all(id) as Record<string, unknown>[],
  photos: (db, id) =>
    (
      db
        .prepare(
          `SELECT l.photo_id AS photoId,
                  (SELECT COUNT(*) FROM test_label o WHERE o.photo_id = l.photo_id AND o.student_id <> l.student_id) AS others
             FROM test_label l WHERE l.student_id = ?`,
        )
        .all(id) as { photoId: string; others: number }[]
    ).map((r) => ({ photoId: r.photoId, shared: r.others > 0 })),
  erase: (db, id) => db.prepare('DELETE FROM test_label WHERE student_id = ?').run(id).changes,
};

interface Flow {
  core: Core;
  root: string;
  dataDir: string;
  /** The token the core uses for the platform (a test can make it wrong). */
  auth: { token: string };
  jobId: string;
  dir: string;
  backup: string;
  platform: PlatformHandle;
  logs: string[];
  /** Students A, B, C (first three of the roster) and their access codes. */
  students: { id: string; family: string; first: string; ine: string | null; code: string }[];
  /** Photo ids in shooting order: 0,1 → A; 2 → B; 3 → class photo of A, B, C; 4 → C; 5 → nobody. */
  photos: { id: string; fileName: string; sha256: string }[];
}

async function fullFlow(options: { withPlatform?: boolean } = {}): Promise<Flow> {
  const platform = await testPlatform();
  const logs: string[] = [];
  const auth = { token: platform.token };
  const { core, root, dataDir } = await testCore({
    logger: createLogger((line) => logs.push(line), 'debug'),
    studentDataOwners: [labelsOwner],
    port: {
      platforms: (url) =>
        options.withPlatform === false || url !== platform.url
          ? null
          : { baseUrl: platform.url, token: auth.token },
    },
  });
  const client = core.client();
  const dir = path.join(root, 'job');
  const job = await client.call('jobs.create', {
    dir,
    schoolName: 'École Jules Ferry',
    town: 'Lyon',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  await client.call('school.update', {
    jobId: job.id,
    patch: {
      association: {
        legalName: 'Coopérative scolaire OCCE de l’école Jules Ferry',
        contactEmail: 'coop.julesferry@example.fr',
      },
    },
  });
  const roster = path.join(root, 'CSVExtraction.csv');
  await fsp.writeFile(roster, ondeCsv());
  await client.call('roster.import', { jobId: job.id, path: roster });
  const listed = await client.call('students.list', { jobId: job.id });
  const students = listed.slice(0, 3).map((s, i) => ({
    id: s.id,
    family: s.familyName,
    first: s.firstName,
    ine: s.ine,
    code: `ACCES${i}ZX${'7'.repeat(4)}`,
  }));
  for (const s of students)
    await client.call('consent.record', {
      jobId: job.id,
      studentId: s.id,
      use: 'online_gallery',
      holder: 'parent1',
      decision: 'granted',
      decidedOn: '2026-09-20',
      source: 'paper_form',
    });

  const backup = path.join(root, 'backup-drive');
  await fsp.mkdir(backup);
  await client.call('ingest.start', { jobId: job.id, source: card.root, backupDir: backup });
  await core.tasks.idle(job.id);
  const db = core.jobs.get(job.id).db;
  const photos = db
    .prepare('SELECT id, file_name AS fileName, sha256 FROM photo ORDER BY capture_ms, file_name')
    .all() as Flow['photos'];
  expect(photos).toHaveLength(6);

  db.exec('CREATE TABLE test_label (photo_id TEXT NOT NULL, student_id TEXT NOT NULL)');
  const label = db.prepare('INSERT INTO test_label (photo_id, student_id) VALUES (?, ?)');
  const [a, b, c] = students as [Flow['students'][0], Flow['students'][0], Flow['students'][0]];
  const p = (i: number) => photos[i]!.id;
  for (const [photo, student] of [
    [0, a],
    [1, a],
    [2, b],
    [3, a],
    [3, b],
    [3, c],
    [4, c],
  ] as const)
    label.run(p(photo), student.id);

  // Publish through the publish client, as the publish feature will, and record it in the job.
  const portraits = (s: Flow['students'][0]) =>
    (db.prepare('SELECT photo_id FROM test_label WHERE student_id = ?').all(s.id) as { photo_id: string }[])
      .map((r) => photos.find((ph) => ph.id === r.photo_id)!)
      .filter((ph) => ph.id !== p(3));
  const published = photos.slice(0, 5);
  const manifest: Manifest = {
    protocolVersion: 1,
    retention: { closeDate: '2027-08-21', deleteDate: '2027-12-31' },
    classes: [
      {
        classRef: 'c1',
        label: 'CE2',
        classPhotos: [
          { sha256: photos[3]!.sha256, studentRefs: students.map((s) => `s${s.id.slice(0, 8)}`) },
        ],
      },
    ],
    students: students.map((s) => ({
      studentRef: `s${s.id.slice(0, 8)}`,
      classRef: 'c1',
      accessCode: s.code,
      photos: portraits(s).map((ph) => ({ sha256: ph.sha256 })),
    })),
    files: published.map((ph) => ({
      sha256: ph.sha256,
      size: readFileSync(path.join(dir, 'originals', ph.fileName)).length,
      mediaType: 'image/jpeg' as const,
    })),
  };
  const galleryRef = `g${job.id.slice(0, 8)}`;
  const result = await new UploadEngine(clientFor(platform)).publish(
    {
      galleryRef,
      gallery: { schoolName: 'École Jules Ferry', town: 'Lyon', schoolYear: '2026-2027' },
      manifest,
      localPaths: new Map(published.map((ph) => [ph.sha256, path.join(dir, 'originals', ph.fileName)])),
    },
    { retry: FAST_RETRY },
  );
  new PublicationRepository(db).record(
    {
      platformUrl: platform.url,
      galleryRef,
      manifestRef: result.manifestRef,
      version: result.version,
      publishedAt: new Date().toISOString(),
      files: manifest.files.length,
      students: students.map((s) => ({
        studentId: s.id,
        studentRef: `s${s.id.slice(0, 8)}`,
        photos: portraits(s).length,
      })),
    },
    core.audit,
  );
  expect((await familyView(platform, a.code)).images.length).toBeGreaterThan(0);
  return { core, root, dataDir, auth, jobId: job.id, dir, backup, platform, logs, students, photos };
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out.sort();
}

/** Every row of every table, as JSON lines per table. */
function dumpTables(core: Core, jobId: string): Map<string, string[]> {
  const db = core.jobs.get(jobId).db;
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[];
  return new Map(
    tables.map((t) => [
      t.name,
      db
        .prepare(`SELECT * FROM "${t.name}"`)
        .all()
        .map((r) => JSON.stringify(r)),
    ]),
  );
}

describe('retention purge', () => {
  it('deletes exactly what the dry run listed: originals, backup copies, cache, and the platform content', async () => {
    const f = await fullFlow();
    const client = f.core.client();
    const hdBefore = [
      ...(await filesUnder(path.join(f.dir, 'originals'))),
      ...(await filesUnder(path.join(f.dir, 'cache'))),
      ...(await filesUnder(f.backup)),
    ].filter((p) => !p.includes(`${path.sep}.incoming`));
    expect(hdBefore.length).toBeGreaterThanOrEqual(6 * 4);
    expect((await f.platform.store.list()).length).toBe(5);

    const dry = await client.call('retention.purge', { jobId: f.jobId, dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.files.map((x) => x.path).sort()).toEqual(hdBefore.sort());
    expect(new Set(dry.files.map((x) => x.location))).toEqual(new Set(['originals', 'backup', 'cache']));
    expect(dry.platform).toEqual([
      expect.objectContaining({ status: 'planned', platformUrl: f.platform.url }),
    ]);
    // A dry run deletes nothing.
    for (const file of hdBefore) expect(existsSync(file)).toBe(true);
    expect((await f.platform.store.list()).length).toBe(5);

    const report = await client.call('retention.purge', { jobId: f.jobId, dryRun: false });
    expect(report.files).toEqual(dry.files);
    expect(report.failures).toEqual([]);
    for (const file of dry.files) expect(existsSync(file.path)).toBe(false);
    expect(await filesUnder(path.join(f.dir, 'originals'))).toEqual([]);
    expect(await filesUnder(path.join(f.dir, 'cache'))).toEqual([]);
    expect(await filesUnder(f.backup)).toEqual([]);
    // The database, the manifests and the exports folder are kept (bookkeeping, without images).
    expect(existsSync(path.join(f.dir, 'job.preau.sqlite'))).toBe(true);

    expect(report.platform).toEqual([expect.objectContaining({ status: 'removed', studentsRemoved: 3 })]);
    expect(await f.platform.store.list()).toEqual([]);
    expect((await familyView(f.platform, f.students[0]!.code)).images).toEqual([]);

    const retention = await client.call('retention.get', { jobId: f.jobId });
    expect(retention.dates).toEqual({
      galleryCloses: '2027-08-21',
      hdFilesDeleted: '2027-12-31',
      bookkeepingDeleted: '2037-12-31',
    });
    expect(retention.pending).toMatchObject({ originals: 0, backups: 0, cache: 0, platformGalleries: 0 });
    const audit = await client.call('audit.list', { jobId: f.jobId });
    expect(audit.events[0]).toMatchObject({ action: 'retention.purged' });
  }, 120_000);

  it('skips the platform with a clear note when no platform is configured, and still purges the files', async () => {
    const f = await fullFlow({ withPlatform: false });
    const report = await f.core.client().call('retention.purge', { jobId: f.jobId, dryRun: false });
    expect(report.platform[0]).toMatchObject({ status: 'skipped' });
    expect(report.platform[0]!.note).toContain('Aucune plateforme configurée');
    expect(await filesUnder(path.join(f.dir, 'originals'))).toEqual([]);
    expect((await f.platform.store.list()).length).toBe(5);
  }, 120_000);

  it('reports a backup copy on an unplugged drive and keeps it registered for the next purge', async () => {
    const f = await fullFlow({ withPlatform: false });
    const client = f.core.client();
    const unplugged = `${f.backup}-unplugged`;
    await fsp.rename(f.backup, unplugged);
    const dry = await client.call('retention.purge', { jobId: f.jobId, dryRun: true });
    expect(dry.files.filter((x) => x.location === 'backup')).toEqual([]);
    expect(dry.failures).toHaveLength(6);
    await client.call('retention.purge', { jobId: f.jobId, dryRun: false });
    expect(await filesUnder(path.join(f.dir, 'originals'))).toEqual([]);
    // Plugged back in: the next purge finds and deletes the copies.
    await fsp.rename(unplugged, f.backup);
    const again = await client.call('retention.purge', { jobId: f.jobId, dryRun: false });
    expect(again.files.map((x) => x.location)).toEqual(Array.from({ length: 6 }, () => 'backup'));
    expect(await filesUnder(f.backup)).toEqual([]);
  }, 120_000);

  it('shows every recent job with its dates and flags a job past its deletion date that still holds files', async () => {
    const f = await fullFlow();
    const client = f.core.client();
    const overview = await client.call('retention.overview', {});
    const job = overview.jobs.find((j) => j.jobId === f.jobId)!;
    expect(job.dates.hdFilesDeleted).toBe('2027-12-31');
    expect(job.pending).toMatchObject({ originals: 6, backups: 6, platformGalleries: 1, complete: true });
    expect(job.hdDeleteDue).toBe(overview.today > '2027-12-31');

    // An old shoot whose high-definition files should be gone by now: overdue until purged.
    const old = await client.call('jobs.create', {
      dir: path.join(f.root, 'old-job'),
      schoolName: 'École Pasteur',
      schoolYear: '2023-2024',
    });
    await fsp.writeFile(path.join(f.root, 'old-job', 'originals', 'IMG_0001.JPG'), 'x', { mode: 0o600 });
    // Its XMP sidecars are not originals: counted apart (« 1 original (et 2 fichiers annexes) »).
    await fsp.writeFile(path.join(f.root, 'old-job', 'originals', 'IMG_0001.JPG.xmp'), 'x', { mode: 0o600 });
    await fsp.writeFile(path.join(f.root, 'old-job', 'originals', 'IMG_0001.WAV'), 'x', { mode: 0o600 });
    const late = await client.call('retention.overview', {});
    expect(late.overdue).toBe(true);
    expect(late.jobs.find((j) => j.jobId === old.id)).toMatchObject({
      hdDeleteDue: true,
      pending: { originals: 1, sidecars: 2 },
    });
    await client.call('retention.purge', { jobId: old.id, dryRun: false });
    const after = await client.call('retention.overview', {});
    expect(after.overdue).toBe(job.hdDeleteDue);
    expect(after.jobs.find((j) => j.jobId === old.id)!.pending).toMatchObject({ originals: 0 });
  }, 120_000);
});

describe('erasure of one student', () => {
  it('removes every file and row of that student and nothing of the others', async () => {
    const f = await fullFlow();
    const client = f.core.client();
    const [a, b, c] = f.students as [Flow['students'][0], Flow['students'][0], Flow['students'][0]];
    const tablesBefore = dumpTables(f.core, f.jobId);
    const filesBefore = [...(await filesUnder(f.dir)), ...(await filesUnder(f.backup))];
    const aPhotos = [f.photos[0]!, f.photos[1]!];

    const report = await client.call('students.erase', { jobId: f.jobId, studentId: a.id });
    expect(report).toMatchObject({ photosDeleted: 2, sharedPhotosKept: 1, platform: { status: 'removed' } });
    expect(report.notes.join(' ')).toContain('1 photo de groupe conservée : elle montre d’autres élèves');
    expect(report.rows).toMatchObject({ roster: 1, labels: 3, consent: 1 });

    // Files: A's own photos are gone everywhere (originals, backup, thumbnails, previews); nothing else moved.
    const filesAfter = [...(await filesUnder(f.dir)), ...(await filesUnder(f.backup))];
    const gone = filesBefore.filter((x) => !filesAfter.includes(x));
    expect(gone.length).toBe(report.filesDeleted);
    expect(gone.length).toBe(2 * 4);
    for (const file of gone)
      expect(
        aPhotos.some(
          (ph) => path.basename(file).includes(ph.fileName) || path.basename(file).startsWith(ph.id),
        ),
      ).toBe(true);
    for (const ph of f.photos.slice(2)) {
      expect(existsSync(path.join(f.dir, 'originals', ph.fileName))).toBe(true);
      expect(existsSync(path.join(f.backup, 'job', 'originals', ph.fileName))).toBe(true);
    }

    // Rows: nothing left mentions A (id, names, INE) or A's photos, except the card manifest rows,
    // which keep the erased photo's hash (no personal data) so a re-read card cannot bring it back.
    const tablesAfter = dumpTables(f.core, f.jobId);
    const aPerson = [a.id, a.family, a.first, ...(a.ine ? [a.ine] : [])];
    const aMarkers = [...aPerson, ...aPhotos.map((ph) => ph.id)];
    for (const [table, rows] of tablesAfter)
      for (const row of rows)
        for (const marker of table === 'card_file' ? aPerson : aMarkers)
          expect(row, `${table}`).not.toContain(marker);
    for (const row of tablesAfter.get('card_file') ?? [])
      if (aPhotos.some((ph) => row.includes(ph.id)))
        expect(JSON.parse(row)).toMatchObject({ destinations: '[]', final_name: null });
    for (const [table, rows] of tablesBefore) {
      if (table === 'audit_event') continue;
      const after = new Set(tablesAfter.get(table));
      for (const row of rows)
        if (!aMarkers.some((m) => row.includes(m))) expect(after.has(row), `${table}: ${row}`).toBe(true);
    }
    const labelsOf = (id: string) =>
      (tablesAfter.get('test_label') ?? []).filter((r) => r.includes(id)).length;
    expect(labelsOf(b.id)).toBe(2);
    expect(labelsOf(c.id)).toBe(2);

    // Platform: A's code opens nothing and is forgotten (it answers as a code that never existed:
    // not even its hash stays), B still sees their photo but no longer the class photo with A.
    const aView = await familyView(f.platform, a.code);
    expect(aView.status).toBe(401);
    expect(aView.images).toEqual([]);
    expect(aView.html).toContain('Code inconnu');
    expect(aView.html).not.toContain('Cette galerie n’est pas en ligne');
    const bView = await familyView(f.platform, b.code);
    expect(bView.images.map((i) => i.sha256)).toEqual([f.photos[2]!.sha256]);
    const stored = await f.platform.store.list();
    for (const ph of aPhotos) expect(stored).not.toContain(ph.sha256);

    // The anonymous trace.
    const audit = await client.call('audit.list', { jobId: f.jobId });
    const trace = audit.events.find((e) => e.action === 'student.erased')!;
    expect(trace.details).toMatchObject({ photosDeleted: 2, sharedPhotosKept: 1 });
    expect(trace.actor).toMatch(/@test$/);
    expect(JSON.stringify(audit)).not.toContain(a.family);
  }, 120_000);

  it('erases nothing when the platform cannot remove the student, and says to retry', async () => {
    const f = await fullFlow();
    const a = f.students[0]!;
    const filesBefore = await filesUnder(f.dir);
    f.auth.token = 'not-the-studio-token';
    const outcome = await f.core.dispatch('students.erase', { jobId: f.jobId, studentId: a.id });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'platform_failed' } });
    if (!outcome.ok) expect(outcome.error.message).toContain('Rien n’a été effacé sur ce poste');
    expect(await filesUnder(f.dir)).toEqual(filesBefore);
    expect((await f.core.client().call('students.list', { jobId: f.jobId })).map((s) => s.id)).toContain(
      a.id,
    );
    f.auth.token = f.platform.token;
    const report = await f.core.client().call('students.erase', { jobId: f.jobId, studentId: a.id });
    expect(report.platform.status).toBe('removed');
  }, 120_000);

  it('refuses an unknown student with a clear message and changes nothing', async () => {
    const { core } = await testCore();
    const client = core.client();
    const job = await client.call('jobs.create', {
      dir: path.join(tempDir(), 'job'),
      schoolName: 'École',
      schoolYear: '2026-2027',
    });
    await expect(client.call('students.erase', { jobId: job.id, studentId: 'nope' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});

describe('access export of one student', () => {
  it('holds every photo of the student, a readable PDF and a CSV of their records, and nothing of the others', async () => {
    const f = await fullFlow();
    const [a, b] = f.students as [Flow['students'][0], Flow['students'][0]];
    const result = await f.core.client().call('students.exportAccess', { jobId: f.jobId, studentId: a.id });
    expect(path.dirname(result.path)).toBe(path.join(f.dir, 'exports', 'droit-d-acces'));
    expect(result.folder).toBe(path.dirname(result.path));
    expect(result.photos).toBe(3);
    const entries = new Map<string, Buffer>();
    const zip = await yauzl.fromBufferPromise(await fsp.readFile(result.path), { lazyEntries: true });
    try {
      for await (const entry of zip.eachEntry()) {
        const chunks: Buffer[] = [];
        for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
        entries.set(entry.fileName, Buffer.concat(chunks));
      }
    } finally {
      zip.close();
    }
    const photoEntries = [...entries.keys()].filter((k) => k.startsWith('Photos/')).sort();
    const expected = [f.photos[0]!, f.photos[1]!, f.photos[3]!];
    expect(photoEntries).toEqual(expected.map((ph) => `Photos/${ph.fileName}`).sort());
    for (const ph of expected)
      expect(
        createHash('sha256')
          .update(entries.get(`Photos/${ph.fileName}`)!)
          .digest('hex'),
      ).toBe(ph.sha256);
    const names = [...entries.keys()];
    expect(names.filter((n) => n.endsWith('.pdf'))).toHaveLength(1);
    const csvName = names.find((n) => n.endsWith('.csv'))!;
    const csv = entries.get(csvName)!.toString('utf8');
    expect(csv.startsWith('\uFEFFRubrique;Élément;Valeur;Date;Précisions')).toBe(true);
    expect(csv).toContain(a.first);
    expect(csv).toContain('Galerie en ligne');
    expect(csv).toContain('accord');
    expect(csv).toContain(f.platform.url);
    expect(csv.split('\r\n').filter(Boolean).length).toBe(result.records + 1);
    const everything = [...entries.values()].map((v) => v.toString('latin1')).join('\n');
    expect(everything).not.toContain(b.id);
    expect(everything).not.toContain(a.id);
    expect(Buffer.concat([...entries.values()]).toString('utf8')).not.toContain(b.first);
    expect(csv).not.toContain('online_gallery');
    expect(ONDE_STUDENTS.length).toBeGreaterThan(3);
  }, 120_000);
});

describe('audit trail and no leaks', () => {
  it('traces each action, exports as CSV, writes private files only and never logs a token or an access code', async () => {
    const f = await fullFlow();
    const client = f.core.client();
    await client.call('students.exportAccess', { jobId: f.jobId, studentId: f.students[1]!.id });
    await client.call('shootList.pdf', { jobId: f.jobId });
    await client.call('consent.withdraw', {
      jobId: f.jobId,
      studentId: f.students[2]!.id,
      use: 'online_gallery',
      holder: 'parent1',
      source: 'email',
    });
    await client.call('students.erase', { jobId: f.jobId, studentId: f.students[0]!.id });
    const exported = await client.call('audit.export', { jobId: f.jobId });
    const actions = new Set(
      (await client.call('audit.list', { jobId: f.jobId, limit: 500 })).events.map((e) => e.action),
    );
    for (const action of [
      'roster.imported',
      'consent.recorded',
      'consent.withdrawn',
      'ingest.card',
      'student.accessExported',
      'export.written',
      'student.erased',
      'publish.done',
    ])
      expect(actions).toContain(action);
    const csv = await fsp.readFile(exported.path, 'utf8');
    expect(csv.startsWith('\uFEFFDate;Utilisateur;Action;Résumé;Détails (données enregistrées)')).toBe(true);
    expect(csv.split('\n').filter(Boolean).length).toBe(exported.rows + 1);
    const page = await client.call('audit.list', { jobId: f.jobId, offset: 2, limit: 3 });
    expect(page.events).toHaveLength(3);
    expect(page.total).toBeGreaterThan(5);

    // Permissions: user-only everywhere the core writes (POSIX only; Windows has no mode bits).
    if (process.platform !== 'win32') {
      const loose: string[] = [];
      const scan = async (dir: string) => {
        if (((await fsp.stat(dir)).mode & 0o077) !== 0) loose.push(`${dir}/`);
        for (const e of await fsp.readdir(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) await scan(full);
          else if (((await fsp.stat(full)).mode & 0o077) !== 0) loose.push(full);
        }
      };
      await scan(f.dir);
      await scan(path.join(f.backup, 'job'));
      await scan(f.dataDir);
      expect(loose).toEqual([]);
    }

    // Secrets: the platform token and the families' access codes appear in no log line and no table.
    const secrets = [f.platform.token, ...f.students.map((s) => s.code)];
    const tables = JSON.stringify([...dumpTables(f.core, f.jobId)]);
    for (const secret of secrets) {
      for (const line of f.logs) expect(line).not.toContain(secret);
      expect(tables).not.toContain(secret);
      expect(csv).not.toContain(secret);
    }
  }, 120_000);
});
