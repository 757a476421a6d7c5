/** Reads and writes the `job` row of a job database, mapped to the domain type in one place. */
import type { JobSummary } from '../../../shared/domain/job';
import { AppError } from '../../lib/errors';
import type { Db } from '../../lib/sqlite';

interface JobRow {
  id: string;
  school_name: string;
  town: string;
  school_year: string;
  shoot_dates: string;
  created_at: string;
}

export interface NewJobRow {
  id: string;
  schoolName: string;
  town: string;
  schoolYear: string;
  shootDates: string[];
  createdAt: string;
  appVersion: string;
}

/** Writes the one `job` row of a new job database. */
export function insertJob(db: Db, job: NewJobRow): void {
  db.prepare(
    `INSERT INTO job (id, school_name, town, school_year, shoot_dates, created_at, updated_at, app_version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    job.id,
    job.schoolName,
    job.town,
    job.schoolYear,
    JSON.stringify(job.shootDates),
    job.createdAt,
    job.createdAt,
    job.appVersion,
  );
}

export function readJob(db: Db): Omit<JobSummary, 'path'> {
  const row = db.prepare('SELECT * FROM job LIMIT 1').get() as JobRow | undefined;
  if (!row) throw new AppError('db_corrupt', { path: db.name, reason: 'job row missing' });
  return {
    id: row.id,
    schoolName: row.school_name,
    town: row.town,
    schoolYear: row.school_year,
    shootDates: JSON.parse(row.shoot_dates) as string[],
    createdAt: row.created_at,
  };
}
