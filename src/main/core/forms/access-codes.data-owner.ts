/**
 * Order forms as a holder of per-student data: the student's access codes (the orders typed in
 * under them belong to the order book, core/orders). On erasure a student's own code is deleted; a sibling group's code is revoked
 * (the remaining siblings get a new one at the next build) and no longer names the student. The
 * studio registry keeps every issued code, without any personal data, so none is ever reissued.
 */
import { frDate, maskedCode } from '../gdpr/access-words';
import type { AccessEntry, StudentDataOwner } from '../gdpr/student-data-registry';
import { repoOf } from '../../lib/sqlite';
import { AccessCodeRepository } from './access-code.repository';

export const accessCodesDataOwner: StudentDataOwner = {
  name: 'accessCodes',
  rows: (db, id) => {
    return repoOf(db, AccessCodeRepository).ofStudent(id) as unknown as Record<string, unknown>[];
  },
  describe: (db, id) => {
    const codes = repoOf(db, AccessCodeRepository).ofStudent(id);
    const entries: AccessEntry[] = [];
    for (const c of codes) {
      entries.push({
        label: c.kind === 'family' ? 'Code d’accès de la fratrie' : 'Code d’accès de l’élève',
        value: c.revokedAt ? `révoqué le ${frDate(c.revokedAt)}` : 'actif',
        date: frDate(c.issuedAt),
        // The code opens the gallery: a document that may travel by e-mail shows its end only.
        detail: `${maskedCode(c.code)} (le code complet figure sur le bon de commande)`,
      });
    }
    return {
      title: 'Code d’accès',
      empty: 'Aucun code d’accès : aucun bon de commande n’a été produit pour l’élève.',
      entries,
    };
  },
  erase: (db, id) => {
    let changes = 0;
    const now = new Date().toISOString();
    const codes = repoOf(db, AccessCodeRepository);
    for (const c of codes.ofStudent(id)) {
      const others = (JSON.parse(c.studentIds) as string[]).filter((s) => s !== id);
      changes +=
        c.kind === 'student' || others.length === 0
          ? codes.delete(c.code)
          : codes.dropFromFamily(c.code, others, now);
    }
    return changes;
  },
};
