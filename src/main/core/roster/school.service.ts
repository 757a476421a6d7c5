/**
 * The school of a job: its identity (name, town, year, shoot dates — the job's own row), its UAI and
 * type, the association the forms are made out to, and sibling photos; with what is still missing
 * before order forms can be built.
 */
import type { School, SchoolPatch } from '../../../shared/domain/school';
import type { OpenJob } from '../jobs/job-folder';
import { readJob } from '../jobs/job.repository';
import { RosterRepository } from './roster.repository';

/** The school as the job holds it, with what is still missing for the order forms. */
export function readSchool(job: OpenJob): School {
  const repo = job.repo(RosterRepository);
  const s = repo.school();
  const j = readJob(job.db);
  const missing: string[] = [];
  if (!s.associationLegalName) missing.push('school.missing.legalName');
  if (!s.chequePayee) missing.push('school.missing.chequePayee');
  return {
    schoolName: j.schoolName,
    town: j.town,
    schoolYear: j.schoolYear,
    shootDates: j.shootDates,
    uai: s.uai,
    schoolType: s.schoolType,
    association: {
      type: s.associationType,
      legalName: s.associationLegalName,
      chequePayee: s.chequePayee,
      contactName: s.contactName,
      contactEmail: s.contactEmail,
      contactPhone: s.contactPhone,
    },
    siblingPhotos: s.siblingPhotos,
    missing,
  };
}

/** Saves the school's details and the job's identity (name, town, year, dates) in one transaction. */
export function updateSchool(
  job: OpenJob,
  patch: SchoolPatch & { association?: Partial<School['association']> },
): School {
  const repo = job.repo(RosterRepository);
  repo.transaction(() => {
    const s = repo.school();
    const a = patch.association ?? {};
    repo.saveSchool({
      uai: patch.uai ?? s.uai,
      schoolType: patch.schoolType ?? s.schoolType,
      associationType: a.type ?? s.associationType,
      associationLegalName: a.legalName ?? s.associationLegalName,
      chequePayee: a.chequePayee ?? s.chequePayee,
      contactName: a.contactName ?? s.contactName,
      contactEmail: a.contactEmail ?? s.contactEmail,
      contactPhone: a.contactPhone ?? s.contactPhone,
      siblingPhotos: patch.siblingPhotos ?? s.siblingPhotos,
    });
    const j = readJob(job.db);
    repo.saveJobIdentity({
      schoolName: patch.schoolName ?? j.schoolName,
      town: patch.town ?? j.town,
      schoolYear: patch.schoolYear ?? j.schoolYear,
      shootDates: patch.shootDates ?? j.shootDates,
    });
  });
  return readSchool(job);
}
