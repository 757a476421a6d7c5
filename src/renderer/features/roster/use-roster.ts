/**
 * The job's classes and students as the roster screens show them, refetched whenever the core says
 * they changed (`data.changed` for classes, students or consent — from this window, another window
 * or an import), so every panel shows the same truth without passing callbacks around.
 */
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { useLive } from '../../hooks/use-data-changed';
import type { UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';

const NO_CLASSES: SchoolClass[] = [];
const NO_STUDENTS: Student[] = [];

export interface RosterData {
  classes: SchoolClass[];
  students: Student[];
  loaded: boolean;
  error: UiError | null;
  reload: () => void;
}

export function useRoster(jobId: string, includeArchived: boolean): RosterData {
  const live = useLive(
    () =>
      Promise.all([
        rpc.call('classes.list', { jobId }),
        rpc.call('students.list', { jobId, includeArchived }),
      ]),
    [jobId, includeArchived],
    { entities: ['classes', 'students', 'consent'], jobId },
  );
  return {
    classes: live.data?.[0] ?? NO_CLASSES,
    students: live.data?.[1] ?? NO_STUDENTS,
    loaded: live.data !== null || live.error !== null,
    error: live.error,
    reload: live.reload,
  };
}

/** "DUPONT-MARTIN Jean-Baptiste": the name printed and sorted on, then the first name. */
export function fullName(student: Pick<Student, 'displayName' | 'firstName'>): string {
  return `${student.displayName} ${student.firstName}`;
}
