/**
 * The right-of-access document read back: the PDF inside the zip, through pdf.js, and the CSV. It
 * names the association (the data controller of the order forms, with the same contact) and never
 * the software; it speaks French words and dates; no internal id, code name or full access code.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import yauzl from 'yauzl';
import { describe, expect, it } from 'vitest';
import { giveConsent } from '../fixtures/consent';
import { seedShoot } from '../fixtures/labeling-shoot';
import { testCore } from '../helpers/core';
import { pdfInfo, pdfText, plainSpaces } from '../helpers/pdf';
import { tempDir } from '../helpers/temp-dir';

async function unzip(file: string): Promise<Map<string, Buffer>> {
  const entries = new Map<string, Buffer>();
  const zip = await yauzl.fromBufferPromise(await fsp.readFile(file), { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry()) {
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      entries.set(entry.fileName, Buffer.concat(chunks));
    }
  } finally {
    zip.close();
  }
  return entries;
}

describe('right-of-access document', () => {
  it('names the association as data controller, in French, without any internal id', async () => {
    const { core } = await testCore();
    const client = core.client();
    const job = await client.call('jobs.create', {
      dir: path.join(tempDir(), 'job'),
      schoolName: 'École Jules Ferry',
      town: 'Brest',
      schoolYear: '2026-2027',
    });
    await client.call('school.update', {
      jobId: job.id,
      patch: {
        association: {
          legalName: 'Coopérative scolaire OCCE de l’école Jules Ferry',
          contactEmail: 'coop.julesferry@example.fr',
          contactPhone: '02 98 00 00 00',
        },
      },
    });
    const shoot = await seedShoot(core, job.id, { classes: 1, studentsPerClass: 2, burst: 2, images: true });
    const [a, b] = shoot.classes[0]!.students as [
      (typeof shoot.classes)[0]['students'][0],
      (typeof shoot.classes)[0]['students'][0],
    ];
    const mine = shoot.photos.filter((p) => p.studentIndex === 0).map((p) => p.id);
    await client.call('labels.assign', { jobId: job.id, photoIds: mine, studentIds: [a.id] });
    await client.call('labels.assign', {
      jobId: job.id,
      photoIds: shoot.photos.filter((p) => p.studentIndex === 1).map((p) => p.id),
      studentIds: [b.id],
    });
    await giveConsent(client, job.id, a.id);
    await giveConsent(client, job.id, b.id);
    await client.call('consent.withdraw', {
      jobId: job.id,
      studentId: a.id,
      use: 'online_gallery',
      holder: 'parent2',
      source: 'email',
    });
    await client.call('forms.build', { jobId: job.id });
    const code = (await client.call('codes.list', { jobId: job.id })).find((c) =>
      c.studentIds.includes(a.id),
    )!.code;
    await client.call('orders.record', {
      jobId: job.id,
      query: code,
      lines: [{ ref: 'P', pose: 1, quantity: 1 }],
      paymentMethod: 'cheque',
      chequeNumber: '0042',
    });

    const result = await client.call('students.exportAccess', { jobId: job.id, studentId: a.id });
    const entries = await unzip(result.path);
    const pdfName = [...entries.keys()].find((n) => n.endsWith('.pdf'))!;
    expect(pdfName).toBe(`Données personnelles - ${a.familyName} ${a.firstName}.pdf`);
    const pdfFile = path.join(tempDir(), 'acces.pdf');
    await fsp.writeFile(pdfFile, entries.get(pdfName)!);
    const text = plainSpaces(await pdfText(pdfFile));
    const flat = text.replace(/\s+/g, ' ');

    // The data controller of the order forms, with its contact — never the software.
    expect(flat).toContain(
      'Responsable du traitement : Coopérative scolaire OCCE de l’école Jules Ferry (coop.julesferry@example.fr, 02 98 00 00 00)',
    );
    expect(flat).not.toMatch(/préau|studio/i);
    const info = await pdfInfo(pdfFile);
    expect(info.author).toBe('Coopérative scolaire OCCE de l’école Jules Ferry');
    expect(info.creator ?? '').toBe('');
    expect(info.producer ?? '').toBe('');

    // What is held, in words and French dates.
    for (const expected of [
      `Données personnelles de ${a.firstName} ${a.familyName}`,
      'Réponse à une demande d’accès (RGPD, article 15)',
      'Nom de famille',
      a.familyName,
      shoot.classes[0]!.label,
      'Autorisations en vigueur',
      'Galerie en ligne retiré',
      'Photo individuelle autorisé',
      // Table cells wrap: the text of a row is read across its lines.
      'Photo individuelle — premier accord 10/09/2026 formulaire papier',
      'Galerie en ligne — second retrait',
      'titulaire de l’autorité parentale',
      `Photos où figure l’élève (${mine.length})`,
      'photo individuelle',
      'Code d’accès de l’élève actif',
      'Commande sur bon papier 1 article, 20,00 €',
      'chèque — n° 0042',
      'Durées de conservation',
      '21/08/2027',
      '31/12/2027',
      '31/12/2037',
      'Vos droits',
      'www.cnil.fr',
    ])
      expect(flat, expected).toContain(expected);
    // Nothing a family cannot read: no internal id, code name, English word or full code.
    for (const id of [a.id, b.id, job.id, shoot.classes[0]!.id, ...mine]) expect(flat).not.toContain(id);
    for (const word of [
      'online_gallery',
      'class_photo',
      'granted',
      'withdrawn',
      'paper_form',
      'parent1',
      'student_id',
    ])
      expect(flat).not.toContain(word);
    expect(flat.replace(/[\s-]/g, '')).not.toContain(code);
    expect(flat).toContain(code.slice(-4));
    expect(flat).not.toContain(b.firstName);

    // The CSV: the same records, French headers, no id.
    const csvName = [...entries.keys()].find((n) => n.endsWith('.csv'))!;
    const rows = parseCsv<Record<string, string>>(entries.get(csvName)!, {
      delimiter: ';',
      bom: true,
      columns: true,
    });
    expect(Object.keys(rows[0]!)).toEqual(['Rubrique', 'Élément', 'Valeur', 'Date', 'Précisions']);
    expect(rows).toContainEqual(
      expect.objectContaining({
        Élément: 'Galerie en ligne — second titulaire de l’autorité parentale',
        Valeur: 'retrait',
      }),
    );
    const csv = entries.get(csvName)!.toString('utf8');
    for (const id of [a.id, b.id, ...mine]) expect(csv).not.toContain(id);
    expect(csv).not.toContain('online_gallery');
    expect([...entries.keys()].filter((n) => n.startsWith('Photos/'))).toHaveLength(0); // seeded: no originals on disk
    expect(result.records).toBe(rows.length);
  });
});
