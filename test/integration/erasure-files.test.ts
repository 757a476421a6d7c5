/**
 * Erasure reaches every file, against real parts: a generated card ingested (real JPEGs, exiftool,
 * sharp previews), students labeled by hand with a class photo per class, then everything a season
 * makes — order forms (class, school, a copy written outside the job), proof sheets, the report,
 * shoot-day lists in French and English, the bookkeeper's CSV and XLSX, the treasurer's summary,
 * XMP sidecars, a publish to the sandbox platform and an access export. Then one child is erased,
 * after a dry run, and every file left in the job folder is read back: PDFs by text extraction
 * (pdf.js), CSV and XLSX parsed, images hashed against the child's originals and derivatives, zips
 * opened. Nothing may name the child, show their code or hold one of their photos; the others'
 * files are still complete, and a class the child was never in keeps byte-identical files.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ExifTool } from 'exiftool-vendored';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatCode } from '../../src/shared/domain/access-code';
import type { Student } from '../../src/shared/domain/roster';
import { CAMERAS, generateCard, type GeneratedCard, type Shot } from '../fixtures/shoot-generator';
import { giveConsent } from '../fixtures/consent';
import { testCore } from '../helpers/core';
import { pdfText } from '../helpers/pdf';
import { FAST_RETRY, familyView, testPlatform } from '../helpers/platform';
import { tempDir } from '../helpers/temp-dir';

const CLASSES = [
  {
    label: 'CE1 Tilleuls',
    students: [
      ['Zéphirine', 'QUESNEL-ARBOGAST'],
      ['Baptiste', 'MORVAN'],
      ['Capucine', 'LEBRETON'],
    ],
  },
  {
    label: 'CM2 Marronniers',
    students: [
      ['Dorian', 'FAUCHEUX'],
      ['Eugénie', 'VASSEUR'],
      ['Firmin', 'TALBOT'],
    ],
  },
  {
    label: 'CP Érables',
    students: [
      ['Gaspard', 'HUMBERT'],
      ['Héloïse', 'JACQUIER'],
      ['Isidore', 'KERGOAT'],
    ],
  },
] as const;
const PORTRAITS = 2;

let fixtures: string;
let card: GeneratedCard;

/** Per class: the class photo, then two portraits per student, seconds apart; classes ten minutes apart. */
function shots(): Shot[] {
  const out: Shot[] = [];
  CLASSES.forEach((c, ci) => {
    const at = (seconds: number) => {
      const t = new Date(Date.UTC(2026, 9, 6, 9, ci * 10, 0) + seconds * 1000);
      return t.toISOString().slice(0, 23);
    };
    out.push({ trueTime: at(0), width: 160, height: 120, seed: 100 + ci * 10 });
    c.students.forEach((_, si) => {
      for (let p = 0; p < PORTRAITS; p += 1)
        out.push({
          trueTime: at(60 + si * 20 + p),
          width: 120,
          height: 160,
          seed: 1000 + ci * 100 + si * 10 + p,
        });
    });
  });
  return out;
}

beforeAll(async () => {
  fixtures = await fsp.mkdtemp(path.join(os.tmpdir(), 'preau-erasure-card-'));
  const et = new ExifTool({ maxProcs: 1 });
  try {
    card = await generateCard(path.join(fixtures, 'card'), {
      camera: CAMERAS.a,
      shots: shots(),
      exiftool: et,
    });
  } finally {
    await et.end();
  }
}, 120_000);

afterAll(async () => {
  await fsp.rm(fixtures, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fsp.readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push(full);
  }
  return out.sort();
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const IMAGE = /\.(jpe?g|png|webp|tiff?|heic|dng)$/i;

interface Marks {
  /** Words that name the child, compared without case. */
  words: string[];
  /** Their access codes, compared without dashes or spaces. */
  codes: string[];
  /** SHA-256 of every image of theirs: originals, thumbnails, previews, web copies. */
  images: Set<string>;
}

function textTraces(where: string, text: string, marks: Marks): string[] {
  const lower = text.toLowerCase();
  const squeezed = text.replace(/[\s-]/g, '').toUpperCase();
  return [
    ...marks.words.filter((w) => lower.includes(w.toLowerCase())).map((w) => `${where}: « ${w} »`),
    ...marks.codes.filter((c) => squeezed.includes(c)).map(() => `${where}: code d’accès`),
  ];
}

async function xlsxText(data: Buffer): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  const cells: string[] = [];
  book.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        cells.push(cell.text);
      }),
    ),
  );
  return cells.join('\n');
}

/** What in one file (by its name and bytes) names the child or holds one of their photos. */
async function tracesIn(where: string, name: string, data: Buffer, marks: Marks): Promise<string[]> {
  const found = textTraces(`${where} (nom du fichier)`, name, marks);
  if (IMAGE.test(name)) {
    if (marks.images.has(sha256(data))) found.push(`${where}: photo de l’élève`);
    return found;
  }
  const lower = name.toLowerCase();
  if (lower.endsWith('.pdf')) {
    const temp = path.join(tempDir('preau-erasure-pdf-'), 'read.pdf');
    await fsp.writeFile(temp, data);
    return [...found, ...textTraces(where, await pdfText(temp), marks)];
  }
  if (lower.endsWith('.csv')) {
    const rows: string[][] = parseCsv(data, { delimiter: ';', bom: true, relax_column_count: true });
    return [...found, ...textTraces(where, rows.flat().join('\n'), marks)];
  }
  if (lower.endsWith('.xlsx')) return [...found, ...textTraces(where, await xlsxText(data), marks)];
  if (lower.endsWith('.zip')) {
    const zip = await yauzl.fromBufferPromise(data, { lazyEntries: true });
    try {
      for await (const entry of zip.eachEntry()) {
        const chunks: Buffer[] = [];
        for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
        found.push(
          ...(await tracesIn(`${where} › ${entry.fileName}`, entry.fileName, Buffer.concat(chunks), marks)),
        );
      }
    } finally {
      zip.close();
    }
    return found;
  }
  // XMP sidecars, text reports, anything else: read as text.
  return [...found, ...textTraces(where, data.toString('utf8'), marks)];
}

/** Every trace of the child in the job folder (the database aside: other tests read every row). */
async function traces(jobDir: string, marks: Marks): Promise<string[]> {
  const out: string[] = [];
  for (const file of await filesUnder(jobDir)) {
    const name = path.basename(file);
    if (name.startsWith('job.preau.sqlite') || name === '.preau.lock') continue;
    out.push(...(await tracesIn(path.relative(jobDir, file), name, await fsp.readFile(file), marks)));
  }
  return out;
}

async function season() {
  const platform = await testPlatform();
  const opened: string[] = [];
  const { core, root } = await testCore({
    publishEngine: { retry: FAST_RETRY, chunkBytes: 64 * 1024 },
    port: {
      platformTarget: () => Promise.resolve({ baseUrl: platform.url, token: platform.token }),
      // As in Electron: a file opened with the system's viewer (it may then be printed or copied).
      openPath: (file) => Promise.resolve(void opened.push(file)),
    },
  });
  const client = core.client();
  const dir = path.join(root, 'job');
  const job = await client.call('jobs.create', {
    dir,
    schoolName: 'École Jules Ferry',
    town: 'Brest',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  const jobId = job.id;
  await client.call('school.update', {
    jobId,
    patch: {
      association: {
        legalName: 'Coopérative scolaire OCCE de l’école Jules Ferry',
        chequePayee: 'OCCE Coop Jules Ferry',
        contactEmail: 'coop.julesferry@example.fr',
      },
    },
  });
  const classes: { id: string; label: string; students: Student[] }[] = [];
  for (const c of CLASSES) {
    const cls = await client.call('classes.add', { jobId, label: c.label, level: c.label.split(' ')[0]! });
    const students: Student[] = [];
    for (const [firstName, familyName] of c.students)
      students.push(await client.call('students.add', { jobId, classId: cls.id, firstName, familyName }));
    classes.push({ id: cls.id, label: c.label, students });
  }
  for (const c of classes) for (const s of c.students) await giveConsent(client, jobId, s.id);
  const [a, b, cStudent] = classes[0]!.students as [Student, Student, Student];
  const d = classes[1]!.students[0]!;
  // The child to erase has a brother in another class: one family form for both.
  await client.call('siblings.link', { jobId, studentIds: [a.id, d.id] });

  await client.call('ingest.start', { jobId, source: card.root });
  await core.tasks.idle(jobId);
  const db = core.jobs.get(jobId).db;
  const photos = db.prepare('SELECT id, sha256 FROM photo ORDER BY capture_ms, file_name').all() as {
    id: string;
    sha256: string;
  }[];
  expect(photos).toHaveLength(CLASSES.length * (1 + 3 * PORTRAITS));
  const portraitsOf = new Map<string, string[]>();
  let next = 0;
  for (const c of classes) {
    const group = photos[next++]!.id;
    await client.call('photos.mark', { jobId, photoIds: [group], mark: 'class' });
    await client.call('labels.assign', { jobId, photoIds: [group], studentIds: c.students.map((s) => s.id) });
    for (const s of c.students) {
      const mine = photos.slice(next, next + PORTRAITS).map((p) => p.id);
      next += PORTRAITS;
      await client.call('labels.assign', { jobId, photoIds: mine, studentIds: [s.id] });
      portraitsOf.set(s.id, mine);
    }
  }
  return {
    core,
    client,
    platform,
    root,
    dir,
    jobId,
    classes,
    a,
    b,
    c: cStudent,
    d,
    photos,
    portraitsOf,
    opened,
  };
}

describe('erasure of a student after a whole season', () => {
  it('leaves no file in the job naming the child, showing their code or holding their photos; the others’ files stay complete', async () => {
    const s = await season();
    const { client, jobId, dir, a, b, d } = s;
    const outside = path.join(s.root, 'envoi-imprimeur');

    // Everything a season writes.
    const built = await client.call('forms.build', { jobId });
    expect(built.forms).toBe(8); // 9 students, A and D on one family form
    await client.call('forms.build', { jobId, classIds: [s.classes[0]!.id], outDir: outside });
    await client.call('shootList.pdf', { jobId });
    await client.call('shootList.pdf', { jobId, classIds: [s.classes[0]!.id] });
    await s.core.client({ lang: 'en' }).call('shootList.pdf', { jobId });
    const codes = await client.call('codes.list', { jobId });
    const codeOf = (id: string) =>
      codes.find((c) => !c.revokedAt && c.studentIds.includes(id) && c.kind === 'family')?.code ??
      codes.find((c) => !c.revokedAt && c.studentIds.includes(id))!.code;
    await client.call('orders.record', {
      jobId,
      query: codeOf(a.id),
      lines: [{ ref: 'P', pose: 1, quantity: 1 }],
      paymentMethod: 'cheque',
      chequeNumber: '1234567',
    });
    await client.call('orders.record', {
      jobId,
      query: codeOf(b.id),
      lines: [{ ref: 'T1', pose: 2, quantity: 2 }],
      paymentMethod: 'cash',
    });
    await client.call('forms.export', { jobId, format: 'csv' });
    await client.call('forms.export', { jobId, format: 'xlsx' });
    const treasurer = await client.call('forms.summaryPdf', { jobId });
    await client.call('labels.writeXmp', { jobId });
    const task = await client.call('publish.start', { jobId });
    await s.core.tasks.idle(jobId);
    expect((await client.call('tasks.list', { jobId })).find((t) => t.id === task.id)).toMatchObject({
      status: 'done',
    });
    await client.call('students.exportAccess', { jobId, studentId: a.id });
    const classOnePdf = built.files.find((f) => f.endsWith(`Bons de commande - ${s.classes[0]!.label}.pdf`))!;
    await client.call('fs.openExport', { jobId, path: classOnePdf });
    expect(s.opened).toEqual([classOnePdf]);

    // What names or shows A, before: the scanner sees it everywhere it should.
    const aCodes = codes.filter((c) => c.studentIds.includes(a.id)).map((c) => c.code);
    const aImages = new Set<string>();
    const aPhotos = s.portraitsOf.get(a.id)!;
    // Their derivatives are named after the photo: cache/thumb/<id>.jpg, cache/web/<id>-<key>.jpg…
    for (const file of await filesUnder(path.join(dir, 'cache')))
      if (aPhotos.some((id) => path.basename(file).startsWith(id)))
        aImages.add(sha256(await fsp.readFile(file)));
    for (const p of s.photos.filter((ph) => aPhotos.includes(ph.id))) aImages.add(p.sha256);
    expect(aImages.size).toBeGreaterThanOrEqual(aPhotos.length * 4); // original, thumbnail, preview, web copy
    const marks: Marks = { words: ['Zéphirine', 'QUESNEL'], codes: aCodes, images: aImages };
    const before = await traces(dir, marks);
    const where = (list: string[]) => new Set(list.map((t) => t.split(/[:(›]/)[0]!.trim()));
    for (const expected of [
      `exports/bons-de-commande/Bons de commande - ${s.classes[0]!.label}.pdf`,
      'exports/bons-de-commande/Bons de commande - école.pdf',
      `exports/bons-de-commande/Planche contact - ${s.classes[0]!.label}.pdf`,
      'exports/liste-prise-de-vue.pdf',
      `exports/liste-prise-de-vue-${s.classes[0]!.label}.pdf`,
      'exports/shoot-day-list.pdf',
      'exports/Liste des bons de commande.csv',
      'exports/Liste des bons de commande.xlsx',
    ])
      expect(where(before), expected).toContain(expected);
    const kinds = before.join('\n');
    expect(kinds).toMatch(/originals\/[^:]*\.xmp: « Zéphirine »/);
    expect(kinds).toMatch(/cache\/web\/form-[^:]*\.pdf: « Zéphirine »/);
    expect(kinds).toMatch(/originals\/[^:]*: photo de l’élève/);
    expect(kinds).toMatch(/cache\/(thumb|preview|web)\/[^:]*: photo de l’élève/);
    expect(kinds).toMatch(/exports\/droit-d-acces\/.*\.zip/);

    // The others, before: what must still be there after.
    const third = s.classes[2]!;
    const unchanged = [
      `exports/bons-de-commande/Bons de commande - ${third.label}.pdf`,
      `exports/bons-de-commande/Planche contact - ${third.label}.pdf`,
    ].map((f) => path.join(dir, f));
    const unchangedBytes = await Promise.all(unchanged.map((f) => fsp.readFile(f)));
    const othersOriginals = (await filesUnder(path.join(dir, 'originals'))).filter((f) => IMAGE.test(f));
    const originalsBefore = new Map(
      await Promise.all(othersOriginals.map(async (f) => [f, sha256(await fsp.readFile(f))] as const)),
    );
    const treasurerBefore = await pdfText(treasurer.path);

    // The dry run lists exactly what goes, and changes nothing.
    const snapshot = async () =>
      new Map(
        await Promise.all(
          (await filesUnder(dir))
            .filter((f) => !f.includes('job.preau.sqlite'))
            .map(async (f) => [f, sha256(await fsp.readFile(f))] as const),
        ),
      );
    const filesBefore = await snapshot();
    const dry = await client.call('students.erase', { jobId, studentId: a.id, dryRun: true });
    expect(await snapshot()).toEqual(filesBefore);
    expect(dry.dryRun).toBe(true);
    expect(dry.files.every((f) => f.outcome === 'planned')).toBe(true);
    const planned = (kind: string, action: string) =>
      dry.files.filter((f) => f.kind === kind && f.action === action).length;
    expect(planned('original', 'delete')).toBe(PORTRAITS);
    expect(planned('thumbnail', 'delete')).toBe(PORTRAITS);
    expect(planned('preview', 'delete')).toBe(PORTRAITS);
    expect(planned('web_copy', 'delete')).toBe(PORTRAITS);
    expect(planned('xmp_sidecar', 'delete')).toBe(PORTRAITS);
    expect(planned('xmp_sidecar', 'regenerate')).toBe(1); // the class photo
    // A's class, and the brother's class: his own form now goes there.
    expect(planned('order_forms', 'regenerate')).toBe(2);
    expect(
      dry.files.find((f) => f.path.endsWith(`${s.classes[1]!.label}.pdf`) && f.kind === 'order_forms')!.note,
    ).toContain('fratrie');
    expect(planned('school_order_forms', 'regenerate')).toBe(1);
    expect(planned('proof_sheet', 'regenerate')).toBe(1);
    expect(planned('forms_report', 'regenerate')).toBe(0); // it names only the students left without a form
    expect(planned('shoot_list', 'regenerate')).toBe(3);
    expect(planned('bookkeeping', 'regenerate')).toBe(2);
    expect(planned('treasurer_summary', 'regenerate')).toBe(1);
    expect(planned('access_export', 'delete')).toBe(1);
    expect(planned('platform_order_form', 'delete')).toBe(1);
    expect(dry.platform).toMatchObject({ status: 'planned', galleries: 1 });
    expect(dry.rows).toMatchObject({ roster: 1, consent: 6, photoLabels: PORTRAITS + 1, siblings: 1 });
    // The class forms and proof sheet written outside the job for the printer, and the opened class PDF.
    expect(dry.handedOut.map((h) => h.how).sort()).toEqual(['opened', 'outside', 'outside']);
    expect(dry.handedOut.find((h) => h.how === 'opened')!.path).toBe(classOnePdf);

    // The erasure.
    const report = await client.call('students.erase', { jobId, studentId: a.id });
    expect(report.dryRun).toBe(false);
    expect(report.files.map((f) => [f.path, f.action])).toEqual(dry.files.map((f) => [f.path, f.action]));
    expect(report.files.filter((f) => f.outcome === 'failed')).toEqual([]);
    expect(report.filesRegenerated).toBe(dry.filesRegenerated);
    expect(report.platform.status).toBe('removed');
    expect(report.handedOut).toEqual(dry.handedOut);

    // Nothing left in the job names A, shows A's code or holds one of A's photos.
    expect(await traces(dir, marks)).toEqual([]);
    expect((await filesUnder(dir)).filter((f) => f.endsWith('.tmp') || f.includes('.tmp.'))).toEqual([]);
    // The copy written outside the job is the studio's to deal with: untouched, and listed.
    expect(existsSync(path.join(outside, `Bons de commande - ${s.classes[0]!.label}.pdf`))).toBe(true);

    // The others' files are complete.
    const formsDir = path.join(dir, 'exports', 'bons-de-commande');
    const classOne = await pdfText(classOnePdf);
    for (const st of [b, s.c]) expect(classOne).toContain(`${st.firstName} ${st.familyName}`);
    expect(classOne.split('\f')).toHaveLength(2);
    const classTwo = await pdfText(path.join(formsDir, `Bons de commande - ${s.classes[1]!.label}.pdf`));
    // A's brother now has his own form, with his own new code.
    for (const st of s.classes[1]!.students) expect(classTwo).toContain(`${st.firstName} ${st.familyName}`);
    const dCode = (await client.call('codes.list', { jobId })).find(
      (c) => !c.revokedAt && c.kind === 'student' && c.studentIds.includes(d.id),
    )!.code;
    expect(classTwo).toContain(formatCode(dCode));
    const school = await pdfText(path.join(formsDir, 'Bons de commande - école.pdf'));
    expect(school.split('\f')).toHaveLength(8);
    for (const c of s.classes)
      for (const st of c.students.filter((x) => x.id !== a.id))
        expect(school).toContain(`${st.firstName} ${st.familyName}`);
    const sheet = await pdfText(path.join(formsDir, `Planche contact - ${s.classes[0]!.label}.pdf`));
    expect(sheet).toContain('Baptiste MORVAN');
    expect(sheet).toContain('Capucine LEBRETON');
    for (const list of ['liste-prise-de-vue.pdf', 'shoot-day-list.pdf']) {
      const text = await pdfText(path.join(dir, 'exports', list));
      for (const c of s.classes)
        for (const st of c.students.filter((x) => x.id !== a.id)) expect(text).toContain(st.familyName);
    }
    const csv = parseCsv<Record<string, string>>(
      await fsp.readFile(path.join(dir, 'exports', 'Liste des bons de commande.csv')),
      { delimiter: ';', bom: true, columns: true },
    );
    expect(new Set(csv.map((r) => r['Élève']))).toEqual(
      new Set(
        s.classes.flatMap((c) =>
          c.students.filter((x) => x.id !== a.id).map((x) => `${x.familyName} ${x.firstName}`),
        ),
      ),
    );
    expect(csv.find((r) => r['Élève'] === 'MORVAN Baptiste' && r['Réf.'] === 'T1')).toMatchObject({
      Quantité: '2',
    });
    const xlsx = await xlsxText(
      await fsp.readFile(path.join(dir, 'exports', 'Liste des bons de commande.xlsx')),
    );
    expect(xlsx).toContain('MORVAN Baptiste');
    // The treasurer's totals no longer count A's order.
    const treasurerAfter = await pdfText(treasurer.path);
    expect(treasurerAfter).not.toEqual(treasurerBefore);
    expect(treasurerAfter).toContain(s.classes[0]!.label);
    // A class A was never in: the same bytes.
    for (const [i, f] of unchanged.entries())
      expect((await fsp.readFile(f)).equals(unchangedBytes[i]!)).toBe(true);
    // Originals of the others are intact, A's are gone.
    for (const [file, hash] of originalsBefore)
      if (existsSync(file)) expect(sha256(await fsp.readFile(file))).toBe(hash);
    const originalsLeft = (await filesUnder(path.join(dir, 'originals'))).filter((f) => IMAGE.test(f));
    expect(originalsLeft).toHaveLength(s.photos.length - PORTRAITS);
    // The class photo's sidecar still names the others.
    const sidecars = (await filesUnder(path.join(dir, 'originals'))).filter((f) => f.endsWith('.xmp'));
    const classSidecar = (await Promise.all(sidecars.map((f) => fsp.readFile(f, 'utf8')))).find((t) =>
      t.includes('Baptiste MORVAN'),
    );
    expect(classSidecar).toContain('Capucine LEBRETON');

    // Online: A's code opens nothing; B's gallery is still there.
    expect((await familyView(s.platform, aCodes[0]!)).status).toBe(401);
    expect((await familyView(s.platform, codeOf(b.id))).images.length).toBeGreaterThan(0);

    // Both steps are in the audit trail, without the name.
    const audit = await client.call('audit.list', { jobId, limit: 500 });
    const actions = audit.events.map((e) => e.action);
    expect(actions).toContain('student.erasurePlanned');
    expect(actions).toContain('student.erased');
    expect(JSON.stringify(audit)).not.toMatch(/Zéphirine|QUESNEL/i);
  }, 240_000);
});
