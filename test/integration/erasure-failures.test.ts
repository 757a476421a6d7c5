/**
 * When a file naming the erased child cannot be made again, or cannot be changed at all, the
 * erasure says so — it never leaves a stale file silently. A file that cannot be regenerated is
 * deleted instead (the studio makes it again); one on a read-only disk is reported as still naming
 * the child, with what to do, and the audit trail counts it.
 */
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { giveConsent } from '../fixtures/consent';
import { seedShoot } from '../fixtures/labeling-shoot';
import { testCore } from '../helpers/core';
import { pdfText } from '../helpers/pdf';
import { readOnlyDir } from '../helpers/read-only-dir';

async function school() {
  const { core, root } = await testCore();
  const client = core.client();
  const job = await client.call('jobs.create', {
    dir: path.join(root, 'job'),
    schoolName: 'École des Tilleuls',
    schoolYear: '2026-2027',
  });
  await client.call('school.update', {
    jobId: job.id,
    patch: { association: { legalName: 'APE de l’école des Tilleuls' } },
  });
  const shoot = await seedShoot(core, job.id, { classes: 1, studentsPerClass: 3, burst: 2, images: true });
  const students = shoot.classes[0]!.students;
  for (const [i, s] of students.entries()) {
    await client.call('labels.assign', {
      jobId: job.id,
      photoIds: shoot.photos.filter((p) => p.studentIndex === i).map((p) => p.id),
      studentIds: [s.id],
    });
    await giveConsent(client, job.id, s.id);
  }
  return { core, client, jobId: job.id, dir: job.path, students, label: shoot.classes[0]!.label };
}

describe('files written by an older version, before the export registry', () => {
  it('finds them at their default names and remakes or deletes them', async () => {
    const s = await school();
    const [a, b] = s.students as [(typeof s.students)[0], (typeof s.students)[0]];
    await s.client.call('forms.build', { jobId: s.jobId });
    await s.client.call('shootList.pdf', { jobId: s.jobId });
    await s.client.call('forms.export', { jobId: s.jobId, format: 'csv' });
    const exports = path.join(s.dir, 'exports');
    const oldZip = path.join(exports, `acces-eleve-${a.id.slice(0, 8)}-2026-11-02.zip`);
    await fsp.writeFile(oldZip, 'PK');
    // As an older version left them: on disk, unknown to the registry.
    s.core.jobs.get(s.jobId).db.prepare('DELETE FROM export_file').run();

    const report = await s.client.call('students.erase', { jobId: s.jobId, studentId: a.id });
    const outcome = (file: string) => report.files.find((f) => f.path === file)?.outcome;
    const forms = path.join(exports, 'bons-de-commande');
    expect(outcome(path.join(forms, `Bons de commande - ${s.label}.pdf`))).toBe('regenerated');
    expect(outcome(path.join(forms, `Planche contact - ${s.label}.pdf`))).toBe('regenerated');
    expect(outcome(path.join(exports, `liste-prise-de-vue-${s.label}.pdf`))).toBe('regenerated');
    expect(outcome(path.join(exports, 'Liste des bons de commande.csv'))).toBe('regenerated');
    expect(outcome(oldZip)).toBe('deleted');
    expect(existsSync(oldZip)).toBe(false);
    for (const file of [
      path.join(forms, `Bons de commande - ${s.label}.pdf`),
      path.join(forms, `Planche contact - ${s.label}.pdf`),
      path.join(exports, `liste-prise-de-vue-${s.label}.pdf`),
    ]) {
      const text = await pdfText(file);
      expect(text).not.toContain(a.firstName);
      expect(text).toContain(b.firstName);
    }
    const csv = await fsp.readFile(path.join(exports, 'Liste des bons de commande.csv'), 'utf8');
    expect(csv).not.toContain(a.firstName);
    expect(csv).toContain(b.firstName);
  });
});

describe('erasure when a file cannot be remade', () => {
  it('deletes a form it cannot make again and says so, leaving nothing that names the child', async () => {
    const s = await school();
    const [a, b] = s.students as [(typeof s.students)[0], (typeof s.students)[0]];
    await s.client.call('forms.build', { jobId: s.jobId });
    await s.client.call('shootList.pdf', { jobId: s.jobId });
    // Forms cannot be made without the association's name: the class PDF cannot be remade now.
    await s.client.call('school.update', { jobId: s.jobId, patch: { association: { legalName: '' } } });

    const report = await s.client.call('students.erase', { jobId: s.jobId, studentId: a.id });
    const classPdf = path.join(s.dir, 'exports', 'bons-de-commande', `Bons de commande - ${s.label}.pdf`);
    expect(report.files.find((f) => f.path === classPdf)).toMatchObject({
      action: 'regenerate',
      outcome: 'deleted',
      reason: 'remake_failed',
    });
    expect(report.files.find((f) => f.path === classPdf)!.note).toContain('refaites-le');
    expect(existsSync(classPdf)).toBe(false);
    // What could be remade was: the shoot-day list still lists the others, not the child.
    const list = await pdfText(path.join(s.dir, 'exports', `liste-prise-de-vue-${s.label}.pdf`));
    expect(list).toContain(b.familyName);
    expect(list).not.toContain(a.familyName);
    const audit = await s.client.call('audit.list', { jobId: s.jobId });
    expect(audit.events.find((e) => e.action === 'student.erased')!.details).toMatchObject({
      filesFailed: 0,
    });
  });

  it('reports a file on a read-only disk as still naming the child, with what to do', async () => {
    const s = await school();
    const [a] = s.students as [(typeof s.students)[0]];
    const exports = path.join(s.dir, 'exports');
    const printer = path.join(exports, 'read-only');
    await s.client.call('forms.build', { jobId: s.jobId, outDir: printer });
    readOnlyDir(exports);
    const stuck = path.join(printer, `Bons de commande - ${s.label}.pdf`);
    const before = await fsp.readFile(stuck);

    const dry = await s.client.call('students.erase', { jobId: s.jobId, studentId: a.id, dryRun: true });
    expect(dry.files.map((f) => f.path)).toContain(stuck);
    const report = await s.client.call('students.erase', { jobId: s.jobId, studentId: a.id });
    const failed = report.files.filter((f) => f.outcome === 'failed');
    expect(failed.map((f) => f.path)).toContain(stuck);
    expect(
      failed.every((f) => f.reason === 'cannot_change' && f.note.includes('supprimez-le à la main')),
    ).toBe(true);
    expect(report.notes.join(' ')).toContain('nomment encore l’élève');
    expect((await fsp.readFile(stuck)).equals(before)).toBe(true);
    // The rest of the erasure went through, and the trace counts what is left to do by hand.
    expect((await s.client.call('students.list', { jobId: s.jobId })).map((x) => x.id)).not.toContain(a.id);
    const audit = await s.client.call('audit.list', { jobId: s.jobId });
    const trace = audit.events.find((e) => e.action === 'student.erased')!;
    expect(trace.details).toMatchObject({ filesFailed: failed.length });
    expect(trace.summary).toContain('à supprimer à la main');
  });
});
