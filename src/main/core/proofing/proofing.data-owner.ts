/**
 * Proofing as a holder of per-student data (erasure, right of access): the poses chosen for the
 * student. Stars, rotations and crops belong to photos: the student's own photos are deleted by the
 * erasure and take those rows with them (foreign keys), group photos keep theirs.
 */
import type { StudentDataOwner } from '../gdpr/student-data-registry';
import { repoOf } from '../../lib/sqlite';
import { StudentPosesRepository } from './student-poses.repository';
import { count } from '../../../shared/i18n';

export const proofingDataOwner: StudentDataOwner = {
  name: 'proofing',
  rows: (db, id) => repoOf(db, StudentPosesRepository).rows(id),
  describe: (db, id) => {
    const rows = repoOf(db, StudentPosesRepository).inWords(id);
    return {
      title: 'Poses choisies pour le bon de commande',
      empty:
        'Aucune pose choisie à la main : les poses proposées sont les photos les mieux notées, dans l’ordre de prise de vue.',
      entries: rows.map((r) => ({
        label: `Pose ${r.position + 1}${r.position === 0 ? ' (préférée)' : ''}`,
        value: r.fileName,
        date: '',
        detail: r.stars > 0 ? count(r.stars, 'étoile', 'étoiles') : '',
      })),
    };
  },
  erase: (db, id) => repoOf(db, StudentPosesRepository).erase(id),
};
