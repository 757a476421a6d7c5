/**
 * The publish cache as a holder of per-student data: the order forms made for the platform carry
 * names and codes. Erasing a student deletes the cached forms of every code naming them (their own,
 * their siblings' shared one); the other families' forms stay and are reused by the next publish.
 * Web copies of photos go with the photo's other files (`gdpr/photo-files.ts`).
 */
import { promises as fsp } from 'node:fs';
import type { StudentDataOwner, StudentFile } from '../gdpr/student-data-registry';
import { AccessCodeRepository } from '../forms/access-code.repository';
import { orderFormFilesOf } from './publish-files';

export const publishFilesDataOwner: StudentDataOwner = {
  name: 'publishFiles',
  rows: () => [],
  erase: () => 0,
  async files({ job, studentId }) {
    const owners = job.repo(AccessCodeRepository).ownerKeysOf(studentId);
    const out: StudentFile[] = [];
    for (const owner of owners)
      for (const file of orderFormFilesOf(job.dir, owner))
        if (
          await fsp.stat(file).then(
            (s) => s.isFile(),
            () => false,
          )
        )
          out.push({ kind: 'platform_order_form', path: file, action: 'delete' });
    return out;
  },
};
