/**
 * Right of access: one zip a family can be handed, in `exports/droit-d-acces/`, with a PDF in
 * French describing everything held about their child (identity as in the roster, class, consent
 * in words, photos, poses, orders, code, publication, retention), a CSV of the same records with
 * French headers and no internal id, and the original of every photo the child is on. Both name
 * the association as data controller, with the contact the order forms give — never the software.
 * Each feature's rows are described by its student data owner (`describe`), so a feature added
 * later appears as soon as it registers. Written to a temporary file and renamed when complete.
 */
import { createWriteStream, promises as fsp } from 'node:fs';
import path from 'node:path';
import { ZipArchive } from 'archiver';
import { CONSENT_USES } from '../../../shared/domain/consent';
import type { AccessExport } from '../../../shared/domain/gdpr';
import { retentionDates, type RetentionPolicy } from '../../../shared/domain/retention';
import type { Student } from '../../../shared/domain/roster';
import type { School } from '../../../shared/domain/school';
import type { AuditLog } from '../audit/audit-log';
import { AppError, fsErrorToAppError, withFsErrors } from '../../lib/errors';
import { safeFileName } from '../../lib/file-name';
import { ExportRegistry } from '../exports/export-registry.repository';
import { ensurePrivateDir, fsyncDir, PRIVATE_FILE_MODE, tempNameFor } from '../../lib/atomic';
import { toCsv as csvText } from '../../lib/csv';
import { repoOf } from '../../lib/sqlite';
import type { OpenJob } from '../jobs/job-folder';
import { PhotoCopiesRepository } from '../ingest/photo-copies.repository';
import type { RosterService } from '../roster/roster.service';
import { readSchool } from '../roster/school.service';
import { localToday } from './retention.service';
import { frDate, statusWord, useWord } from './access-words';
import { renderAccessReport } from './access-report.pdf';
import { ACCESS_EXPORT_FEATURE } from './builtin-owners';
import type { AccessSection, StudentDataRegistry } from './student-data-registry';
import { count } from '../../../shared/i18n';

const CSV_COLUMNS = ['Rubrique', 'Élément', 'Valeur', 'Date', 'Précisions'];

/** Owners whose sections close the document (documents produced, history), in this order. */
const LAST_SECTIONS = new Set(['exportedFiles', 'audit']);

function identity(student: Student, school: School, classLabel: string): AccessSection {
  const entry = (label: string, value: string, detail = '') => ({ label, value, date: '', detail });
  return {
    title: 'Identité, telle que dans la liste d’élèves de l’école',
    empty: '',
    entries: [
      entry('Nom de famille', student.familyName),
      ...(student.usageName ? [entry('Nom d’usage', student.usageName)] : []),
      entry('Prénom', student.firstName),
      ...(student.birthDate ? [entry('Date de naissance', frDate(student.birthDate))] : []),
      ...(student.ine
        ? [
            entry(
              'Identifiant national élève (INE)',
              student.ine,
              'pour retrouver l’élève à la liste suivante',
            ),
          ]
        : []),
      entry('Classe', classLabel || 'sans classe', student.level ? `niveau ${student.level}` : ''),
      entry(
        'École',
        school.town ? `${school.schoolName} (${school.town})` : school.schoolName,
        `année ${school.schoolYear}`,
      ),
      entry(
        'Titulaires de l’autorité parentale',
        student.authorityHolders === 1 ? 'un seul' : 'deux',
        'dont l’accord est demandé pour chaque usage',
      ),
      ...(student.photoHint
        ? [
            entry(
              'Indication de l’école (ONDE)',
              student.photoHint === 'yes' ? 'photo autorisée' : 'photo non autorisée',
              'simple indication : ce n’est pas une autorisation',
            ),
          ]
        : []),
      ...(student.archived ? [entry('Statut', 'archivé(e)', 'ne figure plus dans la liste de l’école')] : []),
    ],
  };
}

const USE_MEANING: Record<(typeof CONSENT_USES)[number], string> = {
  photo: 'être photographié(e) seul(e) et figurer sur le bon de commande',
  class_photo: 'figurer sur la photo de classe',
  online_gallery: 'voir ses photos dans une galerie privée en ligne',
  other: 'tout autre usage',
};

function consentNow(student: Student): AccessSection {
  return {
    title: 'Autorisations en vigueur',
    empty: '',
    entries: CONSENT_USES.map((use) => ({
      label: useWord(use),
      value: statusWord(student.consent[use] ?? 'pending'),
      date: '',
      detail: USE_MEANING[use],
    })),
  };
}

export class AccessExportService {
  constructor(
    private readonly registry: StudentDataRegistry,
    private readonly audit: AuditLog,
    private readonly roster: RosterService,
    private readonly policy: () => RetentionPolicy,
  ) {}

  /** Writes the zip into the job's exports (or to `out`) and registers it; returns where. */
  async export(job: OpenJob, studentId: string, out?: string): Promise<AccessExport> {
    const { db } = job;
    const student = this.roster.students(job, { includeArchived: true }).find((s) => s.id === studentId);
    if (!student) throw new AppError('not_found', { what: 'élève' });
    const school = readSchool(job);
    // The document must name who answers for the data: the association, as on the order forms.
    if (!school.association.legalName) throw new AppError('access_controller_missing');
    const classLabel = this.roster.classes(job).find((c) => c.id === student.classId)?.label ?? '';

    const sections: AccessSection[] = [identity(student, school, classLabel), consentNow(student)];
    const last: AccessSection[] = [];
    const photoIds = new Set<string>();
    for (const owner of this.registry.owners()) {
      const described = owner.describe?.(db, studentId);
      // What the data is comes first; the documents it went into and the history close the file.
      if (described) (LAST_SECTIONS.has(owner.name) ? last : sections).push(described);
      for (const link of owner.photos?.(db, studentId) ?? []) photoIds.add(link.photoId);
    }
    sections.push(...last);
    const photos = [...photoIds]
      .map((id) =>
        ((fileName) => (fileName === undefined ? undefined : { fileName }))(
          repoOf(db, PhotoCopiesRepository).fileNameOf(id),
        ),
      )
      .filter((p): p is { fileName: string } => p !== undefined)
      .sort((a, b) => a.fileName.localeCompare(b.fileName));
    // A photo whose original was already purged (retention) is listed in the document, not joined.
    const joined: { fileName: string; file: string }[] = [];
    for (const p of photos) {
      const file = job.paths.original(p.fileName);
      if (
        await fsp.stat(file).then(
          (st) => st.isFile(),
          () => false,
        )
      )
        joined.push({ ...p, file });
    }

    const name = `${student.firstName} ${student.displayName}`;
    const today = localToday();
    const dates = retentionDates(school.schoolYear, this.policy());
    const contact = [school.association.contactEmail, school.association.contactPhone]
      .filter(Boolean)
      .join(', ');
    const pdf = await renderAccessReport({
      studentName: name,
      controller: { legalName: school.association.legalName, contact },
      school: { name: school.schoolName, town: school.town, schoolYear: school.schoolYear },
      madeOn: frDate(today),
      sections,
      retention: {
        galleryCloses: frDate(dates.galleryCloses),
        hdFilesDeleted: frDate(dates.hdFilesDeleted),
        bookkeepingDeleted: frDate(dates.bookkeepingDeleted),
      },
    });
    const records = sections.flatMap((s) =>
      s.entries.map((e) => [s.title, e.label.trim(), e.value, e.date, e.detail]),
    );
    // The family opens this file in a spreadsheet: the one CSV writer neutralises formula cells.
    const csv = csvText(records, { columns: CSV_COLUMNS });

    const base = safeFileName(`${student.displayName} ${student.firstName}`, 80);
    const target =
      out ?? path.join(job.paths.folder('accessExports'), `Droit d’accès - ${base} - ${today}.zip`);
    const dir = path.dirname(target);
    await withFsErrors(dir, () => ensurePrivateDir(dir));
    const temp = tempNameFor(target);
    try {
      await new Promise<void>((resolve, reject) => {
        const out = createWriteStream(temp, { mode: PRIVATE_FILE_MODE, flags: 'wx' });
        const zip = new ZipArchive({ zlib: { level: 6 } });
        out.on('close', () => resolve());
        out.on('error', reject);
        zip.on('error', reject);
        zip.pipe(out);
        zip.append(pdf, { name: `Données personnelles - ${base}.pdf` });
        zip.append(csv, { name: `Enregistrements - ${base}.csv` });
        for (const p of joined) zip.file(p.file, { name: `Photos/${p.fileName}` });
        void zip.finalize();
      });
      const handle = await fsp.open(temp, 'r');
      await handle.sync();
      await handle.close();
      await fsp.rename(temp, target);
      await fsyncDir(dir);
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw fsErrorToAppError(error, target) ?? error;
    }
    new ExportRegistry(job).record({
      path: target,
      feature: ACCESS_EXPORT_FEATURE,
      kind: 'access_export',
      recipe: {},
      studentIds: [studentId],
    });
    // Counts only: the file's name carries the child's.
    this.audit.record(
      db,
      'student.accessExported',
      `Export du droit d’accès : ${count(joined.length, 'photo', 'photos')}, ${count(records.length, 'enregistrement', 'enregistrements')}`,
      { photos: joined.length, records: records.length },
      studentId,
    );
    return { path: target, folder: dir, photos: joined.length, records: records.length };
  }
}
