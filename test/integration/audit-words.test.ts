/**
 * The audit trail read in words, in the reader's language: no raw code (« online_gallery, parent1 :
 * refused »), English for an English reader, the child's class where it helps and never a name; and
 * every task kind has a name in each language (never « ingest » in the French UI).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translate, isMessageKey } from '../../src/shared/i18n';
import { ondeCsv, ONDE_STUDENTS } from '../fixtures/roster-files';
import { testCore } from '../helpers/core';

describe('audit trail in words', () => {
  it('words a consent decision in French and in English, with the class and without any name or code', async () => {
    const t = await testCore();
    const client = t.core.client();
    const job = await client.call('jobs.create', {
      schoolName: 'École Jules Ferry',
      schoolYear: '2026-2027',
      shootDates: ['2026-10-06'],
    });
    const file = path.join(t.root, 'CSVExtraction.csv');
    await fsp.writeFile(file, ondeCsv());
    await client.call('roster.import', { jobId: job.id, path: file });
    const students = await client.call('students.list', { jobId: job.id });
    const child = students.find((s) => s.classId !== null)!;
    const classes = await client.call('classes.list', { jobId: job.id });
    const label = classes.find((c) => c.id === child.classId)!.label;
    await client.call('consent.record', {
      jobId: job.id,
      studentId: child.id,
      use: 'online_gallery',
      holder: 'parent1',
      decision: 'refused',
      decidedOn: '2026-09-12',
      source: 'paper_form',
    });

    const fr = await t.core.client({ lang: 'fr' }).call('audit.list', { jobId: job.id });
    const en = await t.core.client({ lang: 'en' }).call('audit.list', { jobId: job.id });
    const frLines = fr.events.map((e) => e.summary);
    const enLines = en.events.map((e) => e.summary);
    expect(frLines[0]).toBe(
      `Consentement « Galerie en ligne », Titulaire 1 : refus (formulaire papier) — élève de ${label}`,
    );
    expect(enLines[0]).toBe(`Consent “Online gallery”, Holder 1: refused (paper form) — pupil in ${label}`);
    expect(frLines[1]).toMatch(/^Liste d’élèves importée : \d+ élèves en \d+ classes/);
    expect(enLines[1]).toMatch(/^Student list imported: \d+ students in \d+ classes/);
    const all = [...frLines, ...enLines].join('\n');
    expect(all).not.toMatch(/online_gallery|parent1|refused\b(?! \()|paper_form|\(s\)/);
    for (const s of ONDE_STUDENTS) {
      expect(all).not.toContain(s.first);
      expect(all).not.toContain(s.family);
    }
    expect(enLines.join('\n')).not.toMatch(/Consentement|élève|Liste/);

    // The CSV export reads like the panel, in the reader's language, French dates by default.
    const frCsv = await fsp.readFile(
      (await t.core.client({ lang: 'fr' }).call('audit.export', { jobId: job.id })).path,
      'utf8',
    );
    const [frHead, ...frRows] = frCsv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(frHead).toBe('Date;Utilisateur;Action;Résumé;Détails (données enregistrées)');
    expect(frRows[0]).toMatch(
      /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2};[^;]+;Liste d’élèves importée;Liste d’élèves importée : \d+ élèves en \d+ classes/,
    );
    expect(frCsv).toContain(
      `Consentement « Galerie en ligne », Titulaire 1 : refus (formulaire papier) — élève de ${label}`,
    );
    const enCsv = await fsp.readFile(
      (await t.core.client({ lang: 'en' }).call('audit.export', { jobId: job.id })).path,
      'utf8',
    );
    const [enHead, ...enRows] = enCsv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    expect(enHead).toBe('Date;User;Action;Summary;Details (stored data)');
    expect(enRows[1]).toContain(
      `;Consent recorded;Consent “Online gallery”, Holder 1: refused (paper form) — pupil in ${label};`,
    );
    // The French export (two rows then) is itself in the trail, and the English reader reads it in English.
    expect(enRows.at(-1)).toMatch(/;Audit trail exported \(2 rows\);/);
    for (const s of ONDE_STUDENTS) expect(frCsv + enCsv).not.toContain(s.first);
  });

  it('words printed cards and accepted card labels with real plurals in both languages', async () => {
    const t = await testCore();
    const client = t.core.client();
    const job = await client.call('jobs.create', {
      schoolName: 'École Jules Ferry',
      schoolYear: '2026-2027',
      shootDates: ['2026-10-06'],
    });
    const cls = await client.call('classes.add', { jobId: job.id, label: 'CP A', level: 'CP' });
    await client.call('students.add', {
      jobId: job.id,
      classId: cls.id,
      firstName: 'Léa',
      familyName: 'Petit',
    });
    const built = await client.call('cards.build', { jobId: job.id });
    const cards = built.files[0]!.cards;
    const fr = (await t.core.client({ lang: 'fr' }).call('audit.list', { jobId: job.id })).events;
    const en = (await t.core.client({ lang: 'en' }).call('audit.list', { jobId: job.id })).events;
    const printedFr = fr.find((e) => e.action === 'cards.printed')!.summary;
    const printedEn = en.find((e) => e.action === 'cards.printed')!.summary;
    expect(printedFr).toBe(`Cartes de prise de vue imprimées : ${cards} cartes pour 1 classe`);
    expect(printedEn).toBe(`Shoot cards printed: ${cards} cards for 1 class`);
    expect(translate('fr', 'audit.line.cardsAcceptedAll', { photos: 1, skipped: 0 })).toBe(
      'Étiquettes des cartes acceptées pour toutes les classes : 1 photo',
    );
    expect(translate('en', 'audit.line.cardsAcceptedAll', { photos: 12, skipped: 2 })).toBe(
      'Card labels accepted for every class: 12 photos, 2 left as they were',
    );
  });

  it('gives every task kind a name in French and in English, different from its code', async () => {
    const t = await testCore();
    const kinds = t.core.tasks.kindNames();
    expect(kinds).toEqual(expect.arrayContaining(['ingest', 'publish', 'forms.build']));
    for (const kind of kinds) {
      const key = `task.kind.${kind}`;
      expect(isMessageKey(key), key).toBe(true);
      if (!isMessageKey(key)) continue;
      expect(translate('fr', key)).not.toBe(kind);
      expect(translate('en', key)).not.toBe(kind);
      expect(translate('fr', key)).not.toBe(translate('en', key));
    }
  });
});
