/**
 * Production as a holder of a student's data: the print and digital files made for them (deleted
 * when they are erased: they show only them), the lab manifest that names them (made again without
 * their lines), and the record of their produced orders (forgotten; the order book keeps its
 * anonymous bookkeeping line). Class photos show the whole class and stay: the class photo's own
 * erasure rules apply to it. A run already handed to a lab is listed as handed out by the export
 * registry, not here.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { toCsv } from '../../lib/csv';
import type { StudentDataOwner, StudentFile } from '../gdpr/student-data-registry';
import { ProductionRepository } from './production.repository';

const exists = (file: string) =>
  fsp.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

export const productionDataOwner: StudentDataOwner = {
  name: 'production',
  rows(db, studentId) {
    const repo = new ProductionRepository(db);
    return [
      ...repo
        .producedOrders()
        .filter((o) => o.studentIds.includes(studentId))
        .map((o) => ({ table: 'production_order', number: o.number, items: o.items.length })),
      ...repo.filesOf(studentId).map((f) => ({ table: 'production_file', path: f.path, kind: f.kind })),
    ];
  },
  erase(db, studentId) {
    const repo = new ProductionRepository(db);
    return repo.eraseOrdersOf(studentId) + repo.eraseStudent(studentId);
  },
  async files({ job, studentId }) {
    const repo = job.repo(ProductionRepository);
    const numbers = new Set(
      repo
        .producedOrders()
        .filter((o) => o.studentIds.includes(studentId))
        .map((o) => o.number),
    );
    const out: StudentFile[] = [];
    for (const f of repo.filesOf(studentId)) {
      if (!(await exists(f.path))) continue;
      if (f.kind === 'document') {
        if (path.basename(f.path) !== 'manifeste.csv') continue;
        out.push({
          kind: 'lab_manifest',
          path: f.path,
          action: 'regenerate',
          remake: async () => {
            const text = (await fsp.readFile(f.path, 'utf8')).replace(/^\uFEFF/, '');
            const rows: string[][] = parse(text, { delimiter: ';', relax_column_count: true });
            const [head, ...body] = rows;
            const kept = body.filter((r) => !numbers.has(r[5] ?? ''));
            return toCsv(kept, { columns: head ?? [] });
          },
        });
      } else if (f.kind !== 'class_photo' && f.studentIds.every((s) => s === studentId))
        out.push({ kind: 'print_file', path: f.path, action: 'delete' });
    }
    return out;
  },
};
