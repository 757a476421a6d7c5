/**
 * Printed photo cards as holders of a student's data: the card's token (it says nothing by itself,
 * but links the student to their card frames), the frames showing the student's card (the child's
 * name is printed on it: erasure deletes them like the student's own photos), and the class's
 * cards PDFs, made again without the student.
 */
import type { StudentDataOwner, StudentFile } from '../gdpr/student-data-registry';
import { RosterRepository } from '../roster/roster.repository';
import { CardsRepository } from './cards.repository';
import type { CardsService } from './cards.service';
import { count } from '../../../shared/i18n';

export function cardsDataOwner(cards: CardsService): StudentDataOwner {
  return {
    name: 'photoCards',
    rows: (db, id) => new CardsRepository(db).studentCodes(id).map((c) => ({ kind: c.kind, printed: true })),
    describe: (db, id) => {
      const repo = new CardsRepository(db);
      const frames = repo.framesWithTokens(repo.studentCodes(id).map((c) => c.token));
      return {
        title: 'Carte de prise de vue',
        empty: 'Aucune carte de prise de vue n’a été imprimée pour l’élève.',
        entries:
          repo.studentCodes(id).length === 0
            ? []
            : [
                {
                  label: 'Carte imprimée (code sans nom)',
                  value: `${count(frames.length, 'photo', 'photos')} de la carte`,
                  date: '',
                  detail: 'les photos qui suivent la carte sont proposées pour l’élève',
                },
              ],
      };
    },
    photos: (db, id) => {
      const repo = new CardsRepository(db);
      return repo
        .framesWithTokens(repo.studentCodes(id).map((c) => c.token))
        .map((photoId) => ({ photoId, shared: false }));
    },
    erase: (db, id) => new CardsRepository(db).eraseStudent(id),
    files({ job, studentId }) {
      const student = job.repo(RosterRepository).student(studentId);
      const klass = job
        .repo(RosterRepository)
        .classes()
        .find((c) => c.id === student?.classId);
      if (!student || !klass) return Promise.resolve([]);
      const out: StudentFile[] = [];
      for (const file of cards.existingPdf(job, klass.label))
        out.push({
          kind: 'photo_cards',
          path: file.path,
          action: 'regenerate',
          remake: () => cards.remakeWithout(job, klass.id, studentId, file.lang),
        });
      return Promise.resolve(out);
    },
  };
}
