import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsentStatus } from '../../../shared/domain/consent';
import type { ShootList } from '../../../shared/domain/roster';
import { pdfPages, renderPdfPage } from '../../../../test/helpers/pdf';
import { renderShootListPdf } from './shoot-list.pdf';

const statusOf = (i: number): ConsentStatus =>
  i % 7 === 2 ? 'refused' : i % 11 === 5 ? 'pending' : i === 40 ? 'withdrawn' : 'allowed';

const bigClass: ShootList = {
  classId: 'c1',
  classLabel: 'CM2 — Mme Saint-Exupéry',
  staff: [{ id: 's', name: 'Mme Saint-Exupéry', role: 'teacher' }],
  rows: Array.from({ length: 45 }, (_, i) => ({
    studentId: `st${i}`,
    order: i + 1,
    familyName: i === 3 ? 'DE LA TOUR D’AUVERGNE-LAURAGUAIS DE MONTMORENCY' : `ÉLÈVE${i + 1}`,
    firstName: i % 5 === 0 ? 'Zoë-Œlia' : 'Françoise',
    mayPhotograph: statusOf(i) === 'allowed',
    photoStatus: statusOf(i),
    classPhotoStatus: 'allowed' as const,
  })),
};

describe('shoot-day list PDF', () => {
  it('repeats the table header on every page of a long class and keeps each mark on its student’s line', async () => {
    const pdf = await renderShootListPdf(
      [bigClass],
      { schoolName: 'Collège Victor Hugo', town: 'Nantes', schoolYear: '2026-2027', shootDates: [] },
      'fr',
    );
    const out = path.resolve('test-output');
    mkdirSync(out, { recursive: true });
    const file = path.join(out, 'shoot-list-long.pdf');
    writeFileSync(file, pdf);
    const pages = (await pdfPages(file)).filter((p) => p.trim());
    expect(pages).toHaveLength(2);
    expect(pages[1]).toContain('(suite)');
    expect(pages[1]).toContain('Prénom');
    const text = pages.join('\n');
    const lines = text.split('\n');
    const marked = (label: string) =>
      lines.filter((l) => l.includes(label)).map((l) => l.trim().split(/\s+/)[0]);
    // Refused (or withdrawn) and pending are different jobs on the day: different words, counted apart.
    expect(marked('REFUSÉ — ne pas photographier')).toEqual(['3', '10', '17', '24', '31', '38', '45']);
    expect(marked('RETIRÉ — ne pas photographier')).toEqual(['41']);
    expect(marked('EN ATTENTE — récupérer le formulaire')).toEqual(['6', '28', '39']);
    expect(pages[0]).toContain(
      '45 élèves — 8 refusés ou retirés : ne pas photographier — 3 en attente : formulaire à récupérer',
    );
    expect(text).toContain('Zoë-Œlia');
    // A very long name stays on its own row (shrunk or cut), never spilling over the next student.
    expect(lines.find((l) => /^4\s/.test(l))).toMatch(/^4 DE LA TOUR D’AUVERGNE-LAURAG.*… Françoise$/);
    expect(lines.find((l) => /^5\s/.test(l))).toBe('5 ÉLÈVE5 Françoise');
    writeFileSync(path.join(out, 'shoot-list-long-2.png'), await renderPdfPage(file, 2, 60));
  });
});
