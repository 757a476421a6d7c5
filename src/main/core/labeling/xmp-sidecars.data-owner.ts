/**
 * XMP sidecars as holders of a student's data: `Iptc4xmpExt:PersonInImage` names the people on each
 * photo. A sidecar of one of the student's own photos goes with the photo; the sidecar of a photo
 * they share with others (class photo) is written again without their name, the other tags kept.
 */
import { promises as fsp } from 'node:fs';
import type { StudentDataOwner, StudentFile } from '../gdpr/student-data-registry';
import type { ExifReader } from '../ingest/exif-reader';
import { RosterRepository } from '../roster/roster.repository';
import { displayName } from '../roster/roster.service';
import { LabelingRepository } from './labeling.repository';
import { StudentLabelsRepository } from './student-labels.repository';
import { sidecarPath, sidecarWithPeople } from './xmp-sidecar';

export function xmpSidecarsDataOwner(exif: ExifReader): StudentDataOwner {
  return {
    name: 'xmpSidecars',
    rows: () => [],
    erase: () => 0,
    async files({ job, studentId, ownPhotoIds }) {
      const labels = job.repo(LabelingRepository).labels();
      const photos = job.repo(StudentLabelsRepository).labelledPhotos(studentId);
      let names: Map<string, string> | undefined;
      const nameOf = (id: string) => {
        names ??= new Map(
          job
            .repo(RosterRepository)
            .students({ includeArchived: true })
            .map((s) => [s.id, `${s.firstName} ${displayName(s)}`]),
        );
        return names.get(id);
      };
      const out: StudentFile[] = [];
      for (const p of photos) {
        const file = sidecarPath(job.dir, p.fileName);
        if (
          !(await fsp.stat(file).then(
            (s) => s.isFile(),
            () => false,
          ))
        )
          continue;
        if (ownPhotoIds.has(p.id)) {
          out.push({ kind: 'xmp_sidecar', path: file, action: 'delete' });
          continue;
        }
        const people = (labels.get(p.id) ?? [])
          .filter((id) => id !== studentId)
          .flatMap((id) => nameOf(id) ?? []);
        out.push({
          kind: 'xmp_sidecar',
          path: file,
          action: 'regenerate',
          remake: () => sidecarWithPeople(exif.exiftool(), job.dir, p.fileName, people),
        });
      }
      return out;
    },
  };
}
