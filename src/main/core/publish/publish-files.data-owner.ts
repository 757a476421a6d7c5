/**
 * The publish cache as a holder of per-student data: the order forms made for the platform carry
 * names. Erasing a student drops every cached form (they are made again at the next publish, from
 * forms data that no longer has the student). Web copies of photos go with the photo's other files
 * (`gdpr/photo-files.ts`).
 */
import path from 'node:path';
import type { StudentDataOwner } from '../gdpr/student-data-registry';
import { dropOrderFormFiles } from './publish-files';

export const publishFilesDataOwner: StudentDataOwner = {
  name: 'publishFiles',
  rows: () => [],
  // The job folder is where its database is; the files are a cache, so deleting them even if the
  // erasure transaction were rolled back loses nothing.
  erase: (db) => dropOrderFormFiles(path.dirname(db.name)),
};
