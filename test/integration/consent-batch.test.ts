/**
 * Consent at the speed of a class, through the real core (real SQLite): a class grid saved in one
 * batch, undone; a withdrawal dated by its letter; a consent sheet imported from CSV and XLSX with
 * its dry run; the shoot-day list telling refused from pending; the consent sheet to hand out.
 */
import { promises as fsp, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsentEntry } from '../../src/shared/domain/consent';
import { CONSENT_USES } from '../../src/shared/domain/consent';
import type { RpcCallError } from '../../src/shared/rpc/client';
import { ConsentRepository } from '../../src/main/core/roster/consent.repository';
import { CLASS_OF_25, classOf25Csv, consentSheetCsv, consentSheetXlsx } from '../fixtures/consent-class';
import { testCore } from '../helpers/core';
import { pdfInfo, pdfPages, pdfText, renderPdfPage } from '../helpers/pdf';

async function withClass() {
  const t = await testCore();
  const client = t.core.client();
  const job = await client.call('jobs.create', {
    schoolName: 'École élémentaire Louise Michel',
    town: 'Grenoble',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-13'],
  });
  const file = path.join(t.root, 'CSVExtraction.csv');
  await fsp.writeFile(file, classOf25Csv());
  await client.call('roster.import', { jobId: job.id, path: file });
  const [cls] = await client.call('classes.list', { jobId: job.id });
  const students = await client.call('students.list', { jobId: job.id });
  const byFirst = (first: string) => students.find((s) => s.firstName === first)!;
  const db = () => t.core.jobs.get(job.id).db;
  const count = (sql: string) => (db().prepare(sql).get() as { n: number }).n;
  return { ...t, client, job, cls: cls!, students, byFirst, db, count };
}

/** Everything granted by both parents for every child: what the grid sends after 25 × Entrée. */
function allGranted(ids: string[]): ConsentEntry[] {
  return ids.flatMap((studentId) =>
    CONSENT_USES.flatMap((use) =>
      (['parent1', 'parent2'] as const).map((holder) => ({
        studentId,
        use,
        holder,
        decision: 'granted' as const,
      })),
    ),
  );
}

const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as RpcCallError,
  );

describe('consent for a class in one batch', () => {
  it('records a class of 25 in one transaction with one audit row of counts, and notifies once', async () => {
    const { core, client, job, cls, students, count } = await withClass();
    const notices: { entity: string; ids?: string[] }[] = [];
    core.events.on((e) => {
      if (e.name === 'data.changed') notices.push(e.payload as { entity: string; ids?: string[] });
    });
    const auditBefore = count('SELECT COUNT(*) AS n FROM audit_event');

    const result = await client.call('consent.recordMany', {
      jobId: job.id,
      source: 'paper_form',
      decidedOn: '2026-09-08',
      entries: allGranted(students.map((s) => s.id)),
    });
    expect(result).toMatchObject({ recorded: 200, students: 25, unchanged: 0, withdrawals: 0 });
    expect(result.batch).toMatchObject({
      kind: 'grid',
      source: 'paper_form',
      decidedOn: '2026-09-08',
      undoable: true,
    });
    expect(count('SELECT COUNT(*) AS n FROM consent_record')).toBe(200);
    expect(count(`SELECT COUNT(*) AS n FROM consent_record WHERE batch_id = '${result.batch!.id}'`)).toBe(
      200,
    );

    // One audit row, counts only: no child's name anywhere in it.
    expect(count('SELECT COUNT(*) AS n FROM audit_event')).toBe(auditBefore + 1);
    const { events } = await client.call('audit.list', { jobId: job.id, offset: 0, limit: 1 });
    expect(events[0]).toMatchObject({
      action: 'consent.recorded',
      details: { kind: 'grid', records: 200, students: 25, source: 'paper_form', decidedOn: '2026-09-08' },
    });
    expect(events[0]!.summary).toBe(
      'Consentements saisis par classe : 200 décisions pour 25 élèves (formulaire papier du 08/09/2026)',
    );
    const trace = JSON.stringify(events[0]);
    for (const s of CLASS_OF_25) expect(trace).not.toContain(s.family);
    expect(notices.filter((n) => n.entity === 'consent')).toEqual([
      { entity: 'consent', jobId: job.id, ids: students.map((s) => s.id) },
    ]);

    const grid = await client.call('consent.grid', { jobId: job.id, classId: cls.id });
    expect(grid.rows).toHaveLength(25);
    expect(grid.rows.map((r) => r.displayName)).toEqual(CLASS_OF_25.map((s) => s.family));
    expect(grid.rows.every((r) => CONSENT_USES.every((u) => r.statuses[u] === 'allowed'))).toBe(true);
    expect(grid.rows[0]!.cells).toContainEqual({
      use: 'online_gallery',
      holder: 'parent2',
      decision: 'granted',
      decidedOn: '2026-09-08',
      source: 'paper_form',
    });
    expect(grid.lastBatch).toMatchObject({
      id: result.batch!.id,
      records: 200,
      students: 25,
      undoable: true,
    });

    // The same forms entered again change nothing: no batch, no record, no audit row.
    const again = await client.call('consent.recordMany', {
      jobId: job.id,
      source: 'paper_form',
      decidedOn: '2026-09-08',
      entries: allGranted(students.map((s) => s.id)),
    });
    expect(again).toMatchObject({ batch: null, recorded: 0, unchanged: 200 });
    expect(count('SELECT COUNT(*) AS n FROM consent_record')).toBe(200);
    expect(count('SELECT COUNT(*) AS n FROM audit_event')).toBe(auditBefore + 1);
  });

  it('writes nothing when one entry is impossible, and refuses a document dated in the future', async () => {
    const { client, job, byFirst, count } = await withClass();
    const lone = byFirst('Jules');
    await client.call('students.update', {
      jobId: job.id,
      studentId: lone.id,
      patch: { authorityHolders: 1 },
    });
    const entries = [...allGranted([byFirst('Léon').id]), ...allGranted([lone.id])];
    const bad = await errorOf(
      client.call('consent.recordMany', { jobId: job.id, source: 'email', decidedOn: '2026-09-08', entries }),
    );
    expect(bad?.code).toBe('consent_one_holder');
    expect(count('SELECT COUNT(*) AS n FROM consent_record')).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM consent_batch')).toBe(0);

    const future = await errorOf(
      client.call('consent.recordMany', {
        jobId: job.id,
        source: 'paper_form',
        decidedOn: '2062-09-08',
        entries: allGranted([byFirst('Léon').id]),
      }),
    );
    expect(future?.code).toBe('consent_date_future');
    expect(future?.message).toMatch(
      /^La date du document \(08\/09\/2062\) est après aujourd’hui \(\d{2}\/\d{2}\/\d{4}\)/,
    );
    expect(count('SELECT COUNT(*) AS n FROM consent_record')).toBe(0);
  });

  it('turns a refusal of a use already granted into a withdrawal, queues the removal of published photos, and undoes the batch', async () => {
    const { core, client, job, byFirst, count } = await withClass();
    const emma = byFirst('Emma').id;
    const first = await client.call('consent.recordMany', {
      jobId: job.id,
      source: 'paper_form',
      decidedOn: '2026-09-08',
      entries: allGranted([emma]),
    });
    expect(first.recorded).toBe(8);
    new ConsentRepository(core.jobs.get(job.id).db).markPublished(emma);

    const letter = await client.call('consent.recordMany', {
      jobId: job.id,
      source: 'email',
      decidedOn: '2026-11-20',
      entries: [{ studentId: emma, use: 'online_gallery', holder: 'parent2', decision: 'refused' }],
    });
    expect(letter).toMatchObject({ recorded: 1, withdrawals: 1, removalsQueued: 1 });
    let c = await client.call('consent.get', { jobId: job.id, studentId: emma });
    expect(c.statuses.online_gallery).toBe('withdrawn');
    expect(c.records.at(-1)).toMatchObject({
      decision: 'withdrawn',
      decidedOn: '2026-11-20',
      source: 'email',
    });
    expect(c.removalPending).toBe(true);

    // Only the last batch can be undone; undoing it takes back its record and the removal it queued.
    expect(
      (await errorOf(client.call('consent.undoBatch', { jobId: job.id, batchId: first.batch!.id })))?.code,
    ).toBe('consent_undo_not_last');
    const undone = await client.call('consent.undoBatch', { jobId: job.id, batchId: letter.batch!.id });
    expect(undone).toMatchObject({ id: letter.batch!.id, records: 1 });
    c = await client.call('consent.get', { jobId: job.id, studentId: emma });
    expect(c.statuses.online_gallery).toBe('allowed');
    expect(c.removalPending).toBe(false);
    const { events } = await client.call('audit.list', { jobId: job.id, offset: 0, limit: 1 });
    expect(events[0]).toMatchObject({ action: 'consent.undone', details: { records: 1, kind: 'grid' } });

    // Now the first batch is the last again — but one of its decisions was changed since by hand.
    await client.call('consent.record', {
      jobId: job.id,
      studentId: emma,
      use: 'other',
      holder: 'parent1',
      decision: 'refused',
      decidedOn: '2026-11-21',
      source: 'oral',
    });
    const grid = await client.call('consent.grid', {
      jobId: job.id,
      classId: (await client.call('classes.list', { jobId: job.id }))[0]!.id,
    });
    expect(grid.lastBatch).toMatchObject({ id: first.batch!.id, undoable: false });
    expect(
      (await errorOf(client.call('consent.undoBatch', { jobId: job.id, batchId: first.batch!.id })))?.code,
    ).toBe('consent_undo_superseded');
    expect(count('SELECT COUNT(*) AS n FROM consent_record')).toBe(9);
  });

  it('records an adult student’s own decision in the first column and no one for them in the second', async () => {
    const { client, job, cls } = await withClass();
    const adult = await client.call('students.add', {
      jobId: job.id,
      classId: cls.id,
      familyName: 'ZÉLANDE',
      firstName: 'Marc',
      birthDate: '2005-03-01',
    });
    const grid = await client.call('consent.grid', { jobId: job.id, classId: cls.id });
    expect(grid.rows.at(-1)).toMatchObject({ studentId: adult.id, adult: true, holders: ['self'] });
    const ok = await client.call('consent.recordMany', {
      jobId: job.id,
      source: 'shoot_day',
      decidedOn: grid.today,
      entries: CONSENT_USES.map((use) => ({
        studentId: adult.id,
        use,
        holder: 'self' as const,
        decision: 'granted' as const,
      })),
    });
    expect(ok.recorded).toBe(4);
    const c = await client.call('consent.get', { jobId: job.id, studentId: adult.id });
    expect(c.statuses).toEqual({
      photo: 'allowed',
      class_photo: 'allowed',
      online_gallery: 'allowed',
      other: 'allowed',
    });
    expect(c.records[0]!.source).toBe('shoot_day');
  });
});

describe('withdrawal with its letter', () => {
  it('keeps the letter’s date, the channel and the note, and shows them in the history', async () => {
    const { client, job, byFirst } = await withClass();
    const id = byFirst('Yasmine').id;
    await client.call('consent.recordMany', {
      jobId: job.id,
      source: 'paper_form',
      decidedOn: '2026-09-08',
      entries: allGranted([id]),
    });
    const c = await client.call('consent.withdraw', {
      jobId: job.id,
      studentId: id,
      use: 'photo',
      holder: 'parent1',
      decidedOn: '2026-11-28',
      source: 'letter',
      note: 'Courrier remis à l’enseignante',
    });
    expect(c.statuses.photo).toBe('withdrawn');
    expect(c.records.at(-1)).toMatchObject({
      decision: 'withdrawn',
      decidedOn: '2026-11-28',
      source: 'letter',
      note: 'Courrier remis à l’enseignante',
    });
    // Entered now, dated by the letter.
    expect(c.records.at(-1)!.recordedAt.slice(0, 10)).not.toBe('2026-11-28');
    const future = await errorOf(
      client.call('consent.withdraw', {
        jobId: job.id,
        studentId: id,
        use: 'class_photo',
        holder: 'parent1',
        decidedOn: '2099-01-01',
        source: 'letter',
      }),
    );
    expect(future?.code).toBe('consent_date_future');
    // Without a date, today (where the studio is) is the letter's date.
    const today = await client.call('consent.withdraw', {
      jobId: job.id,
      studentId: id,
      use: 'other',
      holder: 'parent2',
      source: 'email',
    });
    const grid = await client.call('consent.grid', { jobId: job.id, classId: byFirst('Yasmine').classId! });
    expect(today.records.at(-1)!.decidedOn).toBe(grid.today);
  });
});

const SHEET_COLUMNS = [
  'Photo individuelle - Parent 1',
  'Photo individuelle - Parent 2',
  'Photo de classe P1',
  'Photo de classe P2',
  'Galerie en ligne resp. 1',
  'Galerie en ligne resp. 2',
  'Autres usages',
];

describe('a consent sheet returned by the school', () => {
  it('matches a CSV sheet by INE, else name and birth date, shows a dry run that writes nothing, then records it dated by the sheet', async () => {
    const { client, job, root, byFirst, count } = await withClass();
    const file = path.join(root, 'autorisations CM1.csv');
    await fsp.writeFile(
      file,
      consentSheetCsv(SHEET_COLUMNS, [
        {
          family: 'ABADIE',
          first: 'Léon',
          birth: '04/01/2017',
          answers: ['oui', 'oui', 'x', 'X', 'Oui', 'oui', 'non'],
        },
        {
          // Misspelt by the school, but the INE says who she is.
          family: 'Belkassem',
          first: 'Yasmine',
          birth: '17/02/2017',
          ine: '070123456yb',
          answers: ['1', '1', '1', '1', '0', '0', '0'],
        },
        {
          family: 'CAMARA',
          first: 'Awa',
          birth: '21/04/2017',
          answers: ['accord', 'Accordé', 'refus', 'refusé', '', '', ''],
        },
        {
          family: 'DIALLO',
          first: 'Moussa',
          birth: '01/01/2016',
          answers: ['oui', 'oui', 'oui', 'oui', 'oui', 'oui', 'oui'],
        },
        {
          family: 'INCONNU',
          first: 'Paul',
          birth: '01/01/2017',
          answers: ['oui', 'oui', 'oui', 'oui', 'oui', 'oui', 'oui'],
        },
        {
          family: 'GIRARD',
          first: 'Zoé',
          birth: '27/08/2017',
          answers: ['oui', 'peut-être', 'oui', 'oui', '?', 'oui', ''],
        },
        {
          family: 'ABADIE',
          first: 'Léon',
          birth: '04/01/2017',
          answers: ['non', 'non', 'non', 'non', 'non', 'non', 'non'],
        },
      ]),
    );
    const dry = await client.call('consent.importSheet', {
      jobId: job.id,
      path: file,
      decidedOn: '2026-09-15',
    });
    expect(dry.needsMapping).toBe(false);
    expect(dry.mapping?.decisions).toEqual([
      { column: 'Photo individuelle - Parent 1', use: 'photo', holder: 'parent1' },
      { column: 'Photo individuelle - Parent 2', use: 'photo', holder: 'parent2' },
      { column: 'Photo de classe P1', use: 'class_photo', holder: 'parent1' },
      { column: 'Photo de classe P2', use: 'class_photo', holder: 'parent2' },
      { column: 'Galerie en ligne resp. 1', use: 'online_gallery', holder: 'parent1' },
      { column: 'Galerie en ligne resp. 2', use: 'online_gallery', holder: 'parent2' },
      { column: 'Autres usages', use: 'other', holder: 'family' },
    ]);
    expect(dry.written).toBe(false);
    expect(dry.matched.map((m) => [m.line, m.name, m.matchedBy, m.granted, m.refused])).toEqual([
      [2, 'ABADIE Léon', 'name_birth', 6, 2],
      [3, 'BELKACEM Yasmine', 'ine', 4, 4],
      [4, 'CAMARA Awa', 'name_birth', 2, 2],
      [7, 'GIRARD Zoé', 'name_birth', 4, 0],
    ]);
    expect(dry.unmatched.map((u) => [u.line, u.name, u.code])).toEqual([
      [5, 'DIALLO Moussa', 'not_found'],
      [6, 'INCONNU Paul', 'not_found'],
      [8, 'ABADIE Léon', 'duplicate'],
    ]);
    expect(dry.unmatched[2]!.reason).toBe(
      'élève déjà présent plus haut dans la feuille : seule la première ligne compte',
    );
    expect(dry.invalid).toEqual([
      { line: 7, column: 'Photo individuelle - Parent 2', value: 'peut-être' },
      { line: 7, column: 'Galerie en ligne resp. 1', value: '?' },
    ]);
    expect(dry.records).toBe(24);
    expect(count('SELECT COUNT(*) AS n FROM consent_record')).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM audit_event WHERE action LIKE 'consent.%'")).toBe(0);

    const done = await client.call('consent.importSheet', {
      jobId: job.id,
      path: file,
      decidedOn: '2026-09-15',
      dryRun: false,
    });
    expect(done).toMatchObject({
      written: true,
      records: 24,
      batch: { kind: 'import', source: 'imported_sheet', records: 24 },
    });
    const leon = await client.call('consent.get', { jobId: job.id, studentId: byFirst('Léon').id });
    expect(leon.statuses).toEqual({
      photo: 'allowed',
      class_photo: 'allowed',
      online_gallery: 'allowed',
      other: 'refused',
    });
    expect(leon.records.every((r) => r.source === 'imported_sheet' && r.decidedOn === '2026-09-15')).toBe(
      true,
    );
    expect(
      (await client.call('consent.get', { jobId: job.id, studentId: byFirst('Awa').id })).statuses,
    ).toMatchObject({
      photo: 'allowed',
      class_photo: 'refused',
      online_gallery: 'pending',
    });
    const zoe = await client.call('consent.get', { jobId: job.id, studentId: byFirst('Zoé').id });
    expect(zoe.statuses.photo).toBe('pending');
    const { events } = await client.call('audit.list', { jobId: job.id, offset: 0, limit: 1 });
    expect(events[0]).toMatchObject({
      action: 'consent.recorded',
      details: {
        kind: 'import',
        records: 24,
        students: 4,
        unmatched: 3,
        invalid: 2,
        file: 'autorisations CM1.csv',
      },
    });
    expect(JSON.stringify(events[0])).not.toMatch(/ABADIE|Léon|CAMARA/);
  });

  it('reads an XLSX sheet with a title row and a combined name column, through a mapping saved and recognised next time; ONDE’s photo hint is never read as an answer', async () => {
    const { client, job, root, cls, byFirst, count } = await withClass();
    const columns = ['Autorisation photo', 'PI', 'PC', 'Internet'];
    const lines = [
      { family: 'HOARAU', first: 'Timéo', birth: '06/09/2017', answers: ['Oui', 'o', 'o', 'n'] },
      { family: 'JOLY', first: 'Anaïs', birth: '', answers: ['Oui', 'oui', 'non', 'non'] },
    ];
    const file = path.join(root, 'feuille.xlsx');
    await fsp.writeFile(
      file,
      await consentSheetXlsx(columns, lines, 'École Louise Michel — CM1 — autorisations'),
    );
    const first = await client.call('consent.importSheet', {
      jobId: job.id,
      path: file,
      decidedOn: '2026-09-20',
    });
    // « PI » and « PC » say nothing we can recognise; « Autorisation photo » is the school's hint.
    expect(first.needsMapping).toBe(false);
    expect(first.mapping?.decisions).toEqual([
      { column: 'Internet', use: 'online_gallery', holder: 'family' },
    ]);

    const mapping = {
      identity: { fullName: 'Élève', birthDate: 'Né(e) le' },
      decisions: [
        { column: 'PI', use: 'photo' as const, holder: 'family' as const },
        { column: 'PC', use: 'class_photo' as const, holder: 'family' as const },
        { column: 'Internet', use: 'online_gallery' as const, holder: 'family' as const },
      ],
    };
    const done = await client.call('consent.importSheet', {
      jobId: job.id,
      path: file,
      mapping,
      profileName: 'Feuille Louise Michel',
      classId: cls.id,
      decidedOn: '2026-09-20',
      dryRun: false,
    });
    expect(done.matched.map((m) => [m.name, m.matchedBy])).toEqual([
      ['HOARAU Timéo', 'name_birth'],
      ['JOLY Anaïs', 'name'],
    ]);
    // A « family » column counts for each holder who must sign: both parents here.
    expect(done.records).toBe(12);
    const timeo = await client.call('consent.get', { jobId: job.id, studentId: byFirst('Timéo').id });
    expect(timeo.statuses).toMatchObject({
      photo: 'allowed',
      class_photo: 'allowed',
      online_gallery: 'refused',
    });
    expect(count("SELECT COUNT(*) AS n FROM consent_record WHERE use = 'other'")).toBe(0);

    // The same headers next time: the saved columns are applied, and never offered for a roster.
    const next = await client.call('consent.importSheet', {
      jobId: job.id,
      path: file,
      decidedOn: '2026-09-20',
    });
    expect(next.mappingProfile).toBe('Feuille Louise Michel');
    expect(next.mapping).toEqual(mapping);
    expect(next.records).toBe(0);
    expect(next.unchanged).toBe(12);
    expect((await client.call('roster.mappings', {})).map((p) => p.name)).not.toContain(
      'Feuille Louise Michel',
    );
  });

  it('asks for a mapping when it recognises no answer column, and refuses to import without one', async () => {
    const { client, job, root, count } = await withClass();
    const file = path.join(root, 'liste.csv');
    await fsp.writeFile(
      file,
      consentSheetCsv(['A', 'B'], [{ family: 'JOLY', first: 'Anaïs', answers: ['oui', 'non'] }]),
    );
    const dry = await client.call('consent.importSheet', {
      jobId: job.id,
      path: file,
      decidedOn: '2026-09-20',
    });
    expect(dry).toMatchObject({ needsMapping: true, mapping: null, matched: [], records: 0 });
    expect(dry.columns).toEqual(['Nom', 'Prénom', 'Date de naissance', 'A', 'B']);
    const err = await errorOf(
      client.call('consent.importSheet', {
        jobId: job.id,
        path: file,
        decidedOn: '2026-09-20',
        dryRun: false,
      }),
    );
    expect(err?.code).toBe('consent_sheet_needs_mapping');
    expect(err?.message).toContain('« liste.csv »');
    expect(count('SELECT COUNT(*) AS n FROM consent_record')).toBe(0);
    const broken = path.join(root, 'vieux.xls');
    await fsp.writeFile(broken, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]));
    expect(
      (
        await errorOf(
          client.call('consent.importSheet', { jobId: job.id, path: broken, decidedOn: '2026-09-20' }),
        )
      )?.code,
    ).toBe('roster_old_excel');
  });
});

describe('paper for the class', () => {
  it('the shoot-day list tells a refused child from a missing form, and counts both', async () => {
    const { client, job, cls, students, byFirst } = await withClass();
    await client.call('consent.recordMany', {
      jobId: job.id,
      source: 'paper_form',
      decidedOn: '2026-09-08',
      entries: [
        ...allGranted(students.slice(0, 20).map((s) => s.id)),
        { studentId: byFirst('Arthur').id, use: 'photo', holder: 'parent1', decision: 'refused' },
      ],
    });
    await client.call('consent.withdraw', {
      jobId: job.id,
      studentId: byFirst('Léon').id,
      use: 'photo',
      holder: 'parent2',
      decidedOn: '2026-10-01',
      source: 'letter',
    });
    const { path: pdf } = await client.call('shootList.pdf', { jobId: job.id, classIds: [cls.id] });
    const pages = await pdfPages(pdf);
    const text = pages.join('\n');
    expect(text).toContain(
      '25 élèves — 2 refusés ou retirés : ne pas photographier — 4 en attente : formulaire à récupérer',
    );
    const line = (name: string) => text.split('\n').find((l) => l.includes(name)) ?? '';
    expect(line('ABADIE')).toContain('RETIRÉ');
    expect(line('SCHMITT')).toContain('REFUSÉ');
    expect(line('VASSEUR')).toContain('EN ATTENTE');
    expect(line('ROUSSEAU')).toContain('EN ATTENTE');
    expect(line('BELKACEM')).not.toMatch(/REFUSÉ|EN ATTENTE|RETIRÉ/);
    expect(text.match(/récupérer le formulaire le jour J/g)).toHaveLength(4);
    expect(text.match(/ne pas photographier/g)).toHaveLength(3);
    mkdirSync(path.resolve('test-output'), { recursive: true });
    writeFileSync(path.resolve('test-output', 'shoot-list-consent.png'), await renderPdfPage(pdf, 1, 90));
    const shots = await client.call('shootList.get', { jobId: job.id, classIds: [cls.id] });
    expect(shots[0]!.rows.filter((r) => r.photoStatus === 'pending')).toHaveLength(4);
  });

  it('writes the class’s consent sheet in the association’s name with the grid’s columns, on A4', async () => {
    const { client, job, cls, byFirst } = await withClass();
    const none = await errorOf(client.call('consent.sheetPdf', { jobId: job.id, classIds: [cls.id] }));
    expect(none?.code).toBe('forms_association_missing');
    await client.call('school.update', {
      jobId: job.id,
      patch: {
        association: {
          type: 'occe',
          legalName: 'Coopérative scolaire OCCE de l’école Louise Michel',
          chequePayee: 'OCCE Louise Michel',
          contactEmail: 'coop.louisemichel@example.org',
        },
      },
    });
    await client.call('students.update', {
      jobId: job.id,
      studentId: byFirst('Jules').id,
      patch: { authorityHolders: 1 },
    });
    const { path: pdf } = await client.call('consent.sheetPdf', { jobId: job.id, classIds: [cls.id] });
    expect(path.basename(pdf)).toBe('Feuille de consentement - CM1 Mme Petit.pdf');
    expect(path.dirname(pdf)).toBe(path.join(job.path, 'exports'));
    const info = await pdfInfo(pdf);
    expect(info.pages).toBe(2);
    expect(info.sizes[0]).toEqual({ width: 841.89, height: 595.28 });
    expect(info.author).toBe('Coopérative scolaire OCCE de l’école Louise Michel');
    const pages = await pdfPages(pdf);
    const text = pages.join('\n');
    expect(text).not.toMatch(/Préau|PDFKit/i);
    expect(pages[0]).toContain(
      'Classe : CM1 Mme Petit — École élémentaire Louise Michel, Grenoble — année scolaire 2026-2027',
    );
    expect(pages[0]).toContain(
      'organisées par Coopérative scolaire OCCE de l’école Louise Michel ; prise de vue le 13/10/2026',
    );
    expect(pages[0]).toMatch(/Photo individuelle\s+Photo de classe\s+Galerie en ligne\s+Autres usages/);
    expect(pages[0]).toContain('n’engage à aucun achat');
    expect(pages[0]).toContain('coop.louisemichel@example.org');
    for (const s of CLASS_OF_25) expect(text).toContain(`${s.family} ${s.first}`);
    const row = (name: string) => text.split('\n').find((l) => l.includes(name)) ?? '';
    expect(row('ABADIE Léon').match(/oui/g)).toHaveLength(8);
    // One holder only: four boxes, the second holder's cells crossed out.
    expect(row('CHEVALIER Jules').match(/oui/g)).toHaveLength(4);
    expect(pages[1]).toContain('(suite)');
    expect(pages[1]).toContain('Page 2 / 2');

    const out = path.resolve('test-output');
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'consent-sheet.png'), await renderPdfPage(pdf, 1, 110));

    // Where the studio says one signature suffices: one column per use, in the grid as on the sheet.
    await client.call('settings.update', { consentOneSignatureSuffices: true });
    expect((await client.call('consent.grid', { jobId: job.id, classId: cls.id })).oneSignatureSuffices).toBe(
      true,
    );
    const singlePdf = (await client.call('consent.sheetPdf', { jobId: job.id, classIds: [cls.id] })).path;
    writeFileSync(path.join(out, 'consent-sheet-one-signature.png'), await renderPdfPage(singlePdf, 1, 80));
    const single = await pdfPages(singlePdf);
    const singleRow =
      single
        .join('\n')
        .split('\n')
        .find((l) => l.includes('ABADIE Léon')) ?? '';
    expect(singleRow.match(/oui/g)).toHaveLength(4);
    expect(single[0]).toContain('Une signature d’un titulaire de l’autorité');
    expect(single[0]).not.toContain('Titulaire 2');
  });

  it('makes the consent sheet again without a student who is erased, the rest of the class kept', async () => {
    const { client, job, cls, byFirst } = await withClass();
    await client.call('school.update', {
      jobId: job.id,
      patch: {
        association: {
          type: 'occe',
          legalName: 'Coopérative scolaire OCCE de l’école Louise Michel',
          chequePayee: 'OCCE Louise Michel',
        },
      },
    });
    const { path: pdf } = await client.call('consent.sheetPdf', { jobId: job.id, classIds: [cls.id] });
    const leon = byFirst('Léon');
    expect(await pdfText(pdf)).toContain('ABADIE Léon');
    const plan = await client.call('students.erase', { jobId: job.id, studentId: leon.id, dryRun: true });
    expect(JSON.stringify(plan)).toContain('consent_sheet');
    await client.call('students.erase', { jobId: job.id, studentId: leon.id });
    const text = await pdfText(pdf);
    expect(text).not.toContain('ABADIE');
    for (const s of CLASS_OF_25.filter((c) => c.first !== 'Léon'))
      expect(text).toContain(`${s.family} ${s.first}`);
  });
});
