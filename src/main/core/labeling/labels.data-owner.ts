/**
 * The labels feature as a holder of per-student data (erasure, right of access): which photos show
 * the student, the "absent" mark of sequence mode, and the undo history that could put a label back
 * after an erasure.
 */
import { frDateTime } from '../gdpr/access-words';
import type { StudentDataOwner } from '../gdpr/student-data-registry';
import { repoOf } from '../../lib/sqlite';
import { StudentLabelsRepository } from './student-labels.repository';

export const labelsDataOwner: StudentDataOwner = {
  name: 'photoLabels',
  rows: (db, id) => repoOf(db, StudentLabelsRepository).labelRows(id),
  describe: (db, id) => {
    const rows = repoOf(db, StudentLabelsRepository).photosInWords(id);
    return {
      title: `Photos où figure l’élève (${rows.length})`,
      empty: 'Aucune photo n’est identifiée comme montrant l’élève.',
      entries: rows.map((r) => ({
        label: r.fileName,
        value: r.shared === 1 ? 'photo de groupe (avec d’autres élèves)' : 'photo individuelle',
        // Capture times are the camera's wall clock, stored without a zone: shown as they are.
        date: r.capturedAt ? frDateTime(`${r.capturedAt.slice(0, 19)}`) : '',
        detail: '',
      })),
    };
  },
  photos: (db, id) => repoOf(db, StudentLabelsRepository).photos(id),
  // An undo or redo step naming the student would label them again: such steps go too.
  erase: (db, id) => repoOf(db, StudentLabelsRepository).erase(id),
};
