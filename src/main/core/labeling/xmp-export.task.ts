/**
 * "Exporter les XMP" as a task: writing a sidecar per photo of a 20,000-photo shoot takes minutes,
 * so the UI gets a task id at once, follows the progress in the tasks panel and can cancel. Each
 * sidecar is written atomically, so a cancelled or crashed export leaves whole files; running it
 * again rewrites them all (sidecars are derived from the labels, nothing is lost). The finished
 * export is traced in the audit trail with counts only, never a name.
 */
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import type { ExifReader } from '../ingest/exif-reader';
import type { TaskKind } from '../tasks/task-runner';
import { writeXmpSidecars } from './xmp-sidecar';
import { count } from '../../../shared/i18n';

export const XMP_EXPORT_TASK = 'labels.xmp';

const params = z.object({});

export function xmpExportTask(
  exif: ExifReader,
  audit: AuditLog,
): TaskKind<z.infer<typeof params>, { written: number; removed: number }> {
  return {
    kind: XMP_EXPORT_TASK,
    params,
    async run(ctx) {
      const result = await writeXmpSidecars(ctx.job, exif.exiftool(), {
        signal: ctx.signal,
        onProgress: (done, total) => ctx.progress({ done, total }),
      });
      audit.record(
        ctx.job.db,
        'export.written',
        `Fichiers XMP écrits : ${count(result.written, 'photo identifiée', 'photos identifiées')}, ${count(result.removed, 'retirée', 'retirées')}`,
        { what: 'xmp', format: 'xmp', written: result.written, removed: result.removed },
      );
      return result;
    },
  };
}
