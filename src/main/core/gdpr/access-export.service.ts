/**
 * Right of access: one zip a family can be handed, with everything the studio keeps about their
 * child — the roster row, every owner's rows (consent, publications, labels, forms…) as JSON and
 * CSV, and the original of every photo the child is on. Written to a temporary file in exports/
 * and renamed when complete, so a half-written zip never carries the final name.
 */
import { createWriteStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { ZipArchive } from 'archiver';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import { ensurePrivateDir, fsyncDir, PRIVATE_FILE_MODE, tempNameFor } from '../fs/atomic';
import { toCsv as csvText } from '../fs/csv';
import type { OpenJob } from '../jobs/job-folder';
import type { StudentDataRegistry } from './student-data-registry';

const BOM = '\uFEFF';

function cell(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return value === null || value === undefined ? '' : JSON.stringify(value);
}

function toCsv(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return BOM;
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return csvText(
    rows.map((r) => columns.map((c) => cell(r[c]))),
    { columns, recordDelimiter: 'unix' },
  );
}

export class AccessExportService {
  constructor(
    private readonly registry: StudentDataRegistry,
    private readonly audit: AuditLog,
  ) {}

  async export(job: OpenJob, studentId: string): Promise<{ path: string; photos: number }> {
    const { db } = job;
    const student = db.prepare('SELECT * FROM student WHERE id = ?').get(studentId) as
      Record<string, unknown> | undefined;
    if (!student) throw new AppError('not_found', { what: 'élève' });
    const klass = student.class_id
      ? (db.prepare('SELECT label FROM class WHERE id = ?').get(student.class_id) as
          { label: string } | undefined)
      : undefined;

    const owners: Record<string, Record<string, unknown>[]> = {};
    const photoIds = new Set<string>();
    for (const owner of this.registry.owners()) {
      owners[owner.name] = owner.rows(db, studentId);
      for (const link of owner.photos?.(db, studentId) ?? []) photoIds.add(link.photoId);
    }
    const photos = [...photoIds]
      .map(
        (id) =>
          db.prepare('SELECT id, file_name, captured_at FROM photo WHERE id = ?').get(id) as
            { id: string; file_name: string; captured_at: string | null } | undefined,
      )
      .filter((p): p is { id: string; file_name: string; captured_at: string | null } => p !== undefined);

    const exportedAt = new Date().toISOString();
    const data = {
      exportedAt,
      controller: 'Préau Studio — export du droit d’accès (RGPD, article 15)',
      student: { ...student, class: klass?.label ?? null },
      ...owners,
      photos: photos.map((p) => ({ file: `photos/${p.file_name}`, capturedAt: p.captured_at })),
    };

    const dir = path.join(job.dir, 'exports');
    await ensurePrivateDir(dir);
    const target = path.join(dir, `acces-eleve-${studentId.slice(0, 8)}-${exportedAt.slice(0, 10)}.zip`);
    const temp = tempNameFor(target);
    try {
      await new Promise<void>((resolve, reject) => {
        const out = createWriteStream(temp, { mode: PRIVATE_FILE_MODE, flags: 'wx' });
        const zip = new ZipArchive({ zlib: { level: 6 } });
        out.on('close', () => resolve());
        out.on('error', reject);
        zip.on('error', reject);
        zip.pipe(out);
        zip.append(`${JSON.stringify(data, null, 2)}\n`, { name: 'donnees.json' });
        zip.append(toCsv([{ ...student, class: klass?.label ?? null }]), { name: 'eleve.csv' });
        for (const [name, rows] of Object.entries(owners)) zip.append(toCsv(rows), { name: `${name}.csv` });
        for (const p of photos)
          zip.file(path.join(job.dir, 'originals', p.file_name), { name: `photos/${p.file_name}` });
        void zip.finalize();
      });
      const handle = await fsp.open(temp, 'r');
      await handle.sync();
      await handle.close();
      await fsp.rename(temp, target);
      await fsyncDir(dir);
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
    this.audit.record(
      db,
      'student.accessExported',
      `Export du droit d’accès : ${photos.length} photo(s)`,
      { photos: photos.length, file: path.basename(target) },
      studentId,
    );
    return { path: target, photos: photos.length };
  }
}
