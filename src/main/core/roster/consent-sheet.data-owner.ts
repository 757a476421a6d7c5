/**
 * Consent sheets as holders of a student's data: each sheet PDF in the job's exports names every
 * child of its classes. Erasure makes each sheet naming the student again without them, for the
 * classes it was made for (the export registry keeps which).
 */
import { promises as fsp } from 'node:fs';
import { ExportRegistry } from '../exports/export-registry.repository';
import type { StudentDataOwner, StudentFile } from '../gdpr/student-data-registry';
import {
  CONSENT_SHEET_FEATURE,
  type ConsentSheetRecipe,
  type ConsentSheetService,
} from './consent-sheet.service';

export function consentSheetDataOwner(sheets: ConsentSheetService): StudentDataOwner {
  return {
    name: 'consentSheets',
    rows: () => [],
    erase: () => 0,
    async files({ job, studentId }) {
      const out: StudentFile[] = [];
      for (const entry of new ExportRegistry(job).naming(studentId, CONSENT_SHEET_FEATURE)) {
        if (!entry.insideJob) continue;
        const exists = await fsp.stat(entry.path).then(
          (s) => s.isFile(),
          () => false,
        );
        if (!exists) continue;
        const recipe = entry.recipe as ConsentSheetRecipe;
        out.push({
          kind: 'consent_sheet',
          path: entry.path,
          action: 'regenerate',
          remake: () => sheets.remakeSheet(job, recipe, studentId),
        });
      }
      return out;
    },
  };
}
