import { existsSync, mkdirSync, promises as fsp, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsentRepository } from '../../src/main/core/roster/consent.repository';
import { type RpcCallError } from '../../src/shared/rpc/client';
import { ondeCsv } from '../fixtures/roster-files';
import { testCore } from '../helpers/core';
import { pdfInfo, pdfPages, renderPdfPage } from '../helpers/pdf';

async function withRoster() {
  const t = await testCore();
  const client = t.core.client();
  const job = await client.call('jobs.create', {
    schoolName: 'École élémentaire Jules Ferry',
    town: 'Lyon',
    schoolYear: '2026-2027',
    shootDates: ['2026-10-06'],
  });
  const p = path.join(t.root, 'CSVExtraction.csv');
  await fsp.writeFile(p, ondeCsv());
  await client.call('roster.import', { jobId: job.id, path: p });
  const students = await client.call('students.list', { jobId: job.id });
  const byFirst = (first: string) => students.find((s) => s.firstName === first)!;
  return { ...t, client, job, byFirst };
}

const form = { decidedOn: '2026-09-12', source: 'paper_form' as const };

describe('consent through the core', () => {
  it('needs both holders by default; one refusal blocks', async () => {
    const { client, job, byFirst } = await withRoster();
    const id = byFirst('Chloé').id;
    let c = await client.call('consent.record', {
      jobId: job.id,
      studentId: id,
      use: 'photo',
      holder: 'parent1',
      decision: 'granted',
      ...form,
    });
    expect(c.statuses.photo).toBe('pending');
    expect(c.required).toEqual(['parent1', 'parent2']);
    c = await client.call('consent.record', {
      jobId: job.id,
      studentId: id,
      use: 'photo',
      holder: 'parent2',
      decision: 'refused',
      ...form,
      note: 'mot dans le cahier',
    });
    expect(c.statuses.photo).toBe('refused');
    expect(c.records.map((r) => [r.holder, r.decision, r.note])).toEqual([
      ['parent1', 'granted', ''],
      ['parent2', 'refused', 'mot dans le cahier'],
    ]);
  });

  it('follows the studio setting « one signature suffices »', async () => {
    const { client, job, byFirst } = await withRoster();
    await client.call('settings.update', { consentOneSignatureSuffices: true });
    const c = await client.call('consent.record', {
      jobId: job.id,
      studentId: byFirst('Inès').id,
      use: 'photo',
      holder: 'parent1',
      decision: 'granted',
      ...form,
    });
    expect(c.statuses.photo).toBe('allowed');
  });

  it('a withdrawal after publication marks the student for removal at the next publish', async () => {
    const { core, client, job, byFirst } = await withRoster();
    const id = byFirst('Noël').id;
    for (const holder of ['parent1', 'parent2'] as const)
      await client.call('consent.record', {
        jobId: job.id,
        studentId: id,
        use: 'online_gallery',
        holder,
        decision: 'granted',
        ...form,
      });
    // The publish feature records that the student's photos are online.
    new ConsentRepository(core.jobs.get(job.id).db).markPublished(id);
    expect(await client.call('consent.removals', { jobId: job.id })).toEqual([]);

    const c = await client.call('consent.withdraw', {
      jobId: job.id,
      studentId: id,
      use: 'online_gallery',
      holder: 'parent2',
      source: 'email',
    });
    expect(c.statuses.online_gallery).toBe('withdrawn');
    expect(c.removalPending).toBe(true);
    const last = c.records.at(-1)!;
    expect(last.decision).toBe('withdrawn');
    expect(Date.now() - Date.parse(last.recordedAt)).toBeGreaterThanOrEqual(0);
    expect(await client.call('consent.removals', { jobId: job.id })).toMatchObject([
      { studentId: id, use: 'online_gallery' },
    ]);
  });

  it('a withdrawal before any publication queues no removal', async () => {
    const { client, job, byFirst } = await withRoster();
    const id = byFirst('Noël').id;
    const c = await client.call('consent.withdraw', {
      jobId: job.id,
      studentId: id,
      use: 'photo',
      holder: 'parent1',
      source: 'oral',
    });
    expect(c.statuses.photo).toBe('withdrawn');
    expect(c.removalPending).toBe(false);
  });

  it('refuses a second holder when the user said there is one, and a minor consenting alone', async () => {
    const { client, job, byFirst } = await withRoster();
    const id = byFirst('Inès').id;
    await client.call('students.update', { jobId: job.id, studentId: id, patch: { authorityHolders: 1 } });
    const err = await client
      .call('consent.record', {
        jobId: job.id,
        studentId: id,
        use: 'photo',
        holder: 'parent2',
        decision: 'granted',
        ...form,
      })
      .catch((e: unknown) => e);
    expect((err as RpcCallError).code).toBe('consent_one_holder');
    const minor = await client
      .call('consent.record', {
        jobId: job.id,
        studentId: id,
        use: 'photo',
        holder: 'self',
        decision: 'granted',
        ...form,
      })
      .catch((e: unknown) => e);
    expect((minor as RpcCallError).code).toBe('consent_minor_self');
  });

  it('an adult student consents for themself', async () => {
    const { client, job } = await withRoster();
    const adult = await client.call('students.add', {
      jobId: job.id,
      classId: null,
      familyName: 'MAJEUR',
      firstName: 'Alex',
      birthDate: '2005-01-01',
    });
    const c = await client.call('consent.record', {
      jobId: job.id,
      studentId: adult.id,
      use: 'photo',
      holder: 'self',
      decision: 'granted',
      ...form,
    });
    expect(c.adult).toBe(true);
    expect(c.statuses.photo).toBe('allowed');
  });
});

describe('school and roster editing', () => {
  it('keeps the school and association details', async () => {
    const { client, job } = await withRoster();
    expect((await client.call('school.get', { jobId: job.id })).missing).toHaveLength(2);
    const school = await client.call('school.update', {
      jobId: job.id,
      patch: {
        uai: '0691234 a',
        schoolType: 'elementaire',
        association: {
          type: 'occe',
          legalName: 'Coopérative scolaire OCCE de l’école Jules Ferry',
          chequePayee: 'OCCE Coop Jules Ferry',
        },
      },
    });
    expect(school).toMatchObject({
      uai: '0691234A',
      association: { type: 'occe', chequePayee: 'OCCE Coop Jules Ferry' },
      missing: [],
    });
    const bad = await client
      .call('school.update', { jobId: job.id, patch: { uai: '12' } })
      .catch((e: unknown) => e);
    expect((bad as RpcCallError).message).toContain('7 chiffres');
  });

  it('adds, renames classes, moves and merges students, sets the class staff, and links siblings only when confirmed', async () => {
    const { client, job, byFirst } = await withRoster();
    const cp = await client.call('classes.add', { jobId: job.id, label: 'CP', level: 'CP' });
    const dup = await client.call('classes.add', { jobId: job.id, label: 'cp' }).catch((e: unknown) => e);
    expect((dup as RpcCallError).code).toBe('class_exists');
    const renamed = await client.call('classes.update', {
      jobId: job.id,
      classId: cp.id,
      label: 'CP Mme Lopez',
      staff: [
        { name: 'Mme Lopez', role: 'teacher' },
        { name: 'M. Ali', role: 'assistant' },
      ],
    });
    expect(renamed.staff.map((s) => s.name)).toEqual(['Mme Lopez', 'M. Ali']);

    const moved = await client.call('students.move', {
      jobId: job.id,
      studentId: byFirst('Inès').id,
      classId: cp.id,
    });
    expect(moved.classId).toBe(cp.id);

    // A student typed by hand who turns out to be a duplicate: consent follows the merge.
    const typed = await client.call('students.add', {
      jobId: job.id,
      classId: cp.id,
      familyName: 'GARCIA',
      firstName: 'Inès',
    });
    for (const holder of ['parent1', 'parent2'] as const)
      await client.call('consent.record', {
        jobId: job.id,
        studentId: typed.id,
        use: 'photo',
        holder,
        decision: 'granted',
        ...form,
      });
    const merged = await client.call('students.merge', {
      jobId: job.id,
      keepId: moved.id,
      duplicateId: typed.id,
    });
    expect(merged.consent.photo).toBe('allowed');
    expect(merged.birthDate).toBe('2015-07-23');

    const extra = await client.call('students.add', {
      jobId: job.id,
      classId: cp.id,
      familyName: 'GARCIA',
      firstName: 'Hugo',
    });
    const suggestions = await client.call('siblings.suggest', { jobId: job.id });
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]!.students.map((s) => s.name).sort()).toEqual(['GARCIA Hugo', 'GARCIA Inès']);
    expect(
      (await client.call('students.list', { jobId: job.id })).every((s) => s.siblings.length === 0),
    ).toBe(true);
    await client.call('siblings.link', { jobId: job.id, studentIds: [merged.id, extra.id] });
    const linked = (await client.call('students.list', { jobId: job.id })).find((s) => s.id === extra.id)!;
    expect(linked.siblings).toEqual([merged.id]);
    expect(await client.call('siblings.suggest', { jobId: job.id })).toEqual([]);
  });
});

describe('shoot-day list', () => {
  it('writes an A4 PDF per class telling a refused child from a missing form', async () => {
    const { client, job, byFirst } = await withRoster();
    const chloe = byFirst('Chloé').id;
    for (const holder of ['parent1', 'parent2'] as const)
      await client.call('consent.record', {
        jobId: job.id,
        studentId: chloe,
        use: 'photo',
        holder,
        decision: 'granted',
        ...form,
      });
    await client.call('consent.record', {
      jobId: job.id,
      studentId: byFirst('Noël').id,
      use: 'photo',
      holder: 'parent2',
      decision: 'refused',
      ...form,
    });
    const ce2 = (await client.call('classes.list', { jobId: job.id })).find(
      (c) => c.label === 'CE2 Mme Durand',
    )!;
    await client.call('classes.update', {
      jobId: job.id,
      classId: ce2.id,
      staff: [{ name: 'Mme Durand', role: 'teacher' }],
    });

    const lists = await client.call('shootList.get', { jobId: job.id, classIds: [ce2.id] });
    expect(lists[0]!.rows.map((r) => [r.order, r.familyName, r.mayPhotograph, r.photoStatus])).toEqual([
      [1, 'LEFÈVRE', true, 'allowed'],
      [2, 'N’DIAYE', false, 'pending'],
    ]);

    const { path: pdf } = await client.call('shootList.pdf', { jobId: job.id });
    expect(path.dirname(pdf)).toBe(path.join(job.path, 'exports'));
    expect((await fsp.readdir(path.dirname(pdf))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const pages = await pdfPages(pdf);
    const text = pages.join('\n');
    expect(text).toContain('Liste de prise de vue — CE2 Mme Durand');
    expect(text).toContain('Équipe : Mme Durand');
    expect(pages[0]).toContain(
      '2 élèves — 0 refusé ou retiré : ne pas photographier — 1 en attente : formulaire à récupérer',
    );
    const line = (name: string) => text.split('\n').find((l) => l.includes(name)) ?? '';
    expect(line('LEFÈVRE')).not.toMatch(/REFUSÉ|EN ATTENTE/);
    expect(line('N’DIAYE')).toContain('EN ATTENTE — récupérer le formulaire le jour J');
    expect(line('ŒILLET')).toContain('REFUSÉ — ne pas photographier');
    expect(line('DUPONT-MARTIN')).toContain('EN ATTENTE');
    expect(text).toContain('Page 3 / 3');
    const info = await pdfInfo(pdf);
    expect(info.sizes[0]!.width).toBeCloseTo(595.28, 2);
    expect(info.sizes[0]!.height).toBeCloseTo(841.89, 2);

    // Kept for a human look at the layout.
    const out = path.resolve('test-output');
    if (!existsSync(out)) mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'shoot-list-1.png'), await renderPdfPage(pdf, 1, 70));
  });
});
