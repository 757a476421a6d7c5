import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfPages, renderPdfPage } from '../../../../test/helpers/pdf';
import type { ShootList } from '../../../shared/domain/roster';
import { renderShootListPdf } from './shoot-list.pdf';

const bigClass: ShootList = {
  classId: 'c1',
  classLabel: 'CM2 — Mme Saint-Exupéry',
  staff: [{ id: 's', name: 'Mme Saint-Exupéry', role: 'teacher' }],
  rows: Array.from({ length: 45 }, (_, i) => ({
    studentId: `st${i}`,
    order: i + 1,
    familyName: i === 3 ? 'DE LA TOUR D’AUVERGNE-LAURAGUAIS DE MONTMORENCY' : `ÉLÈVE${i + 1}`,
    firstName: i % 5 === 0 ? 'Zoë-Œlia' : 'Françoise',
    mayPhotograph: i % 7 !== 2,
    photoStatus: i % 7 !== 2 ? ('allowed' as const) : ('refused' as const),
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
    const text = pages.join('\n');
    expect(pages).toHaveLength(2);
    expect(pages[1]).toContain('(suite)');
    expect(pages[1]).toContain('Prénom');
    const lines = text.split('\n');
    const marked = lines
      .filter((l) => l.includes('NE PAS PHOTOGRAPHIER'))
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(marked).toEqual(['3', '10', '17', '24', '31', '38', '45']);
    expect(text).toContain('Zoë-Œlia');
    // A very long name stays on its own row (shrunk or cut), never spilling over the next student.
    expect(lines.find((l) => /^\s*4\s/.test(l))).toMatch(
      /^\s*4\s+DE LA TOUR D’AUVERGNE-LAURAGUAIS.*\s+Françoise\s*$/,
    );
    expect(lines.find((l) => /^\s*5\s/.test(l))).toMatch(/^\s*5\s+ÉLÈVE5\s+Françoise\s*$/);
    writeFileSync(path.join(out, 'shoot-list-long-2.png'), await renderPdfPage(file, 2, 60));
  });
});
