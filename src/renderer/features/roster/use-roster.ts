/**
 * The job's classes and students as the roster screens show them, refetched whenever the core says
 * they changed (`data.changed` for classes, students or consent — from this window, another window
 * or an import), so every panel shows the same truth without passing callbacks around.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';

const ROSTER_ENTITIES = new Set(['classes', 'students', 'consent']);

export interface RosterData {
  classes: SchoolClass[];
  students: Student[];
  loaded: boolean;
  error: UiError | null;
  reload: () => void;
}

export function useRoster(jobId: string, includeArchived: boolean): RosterData {
  const [classes, setClasses] = useState<SchoolClass[]>([]);
  const [students, setStudents] = useState<Student[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  // Bumped by `data.changed` (and by `reload`): each bump refetches.
  const [version, setVersion] = useState(0);
  const reload = useCallback(() => setVersion((v) => v + 1), []);

  useEffect(
    () =>
      rpc.on('data.changed', ({ entity, jobId: changed }) => {
        if (changed === jobId && ROSTER_ENTITIES.has(entity)) setVersion((v) => v + 1);
      }),
    [jobId],
  );

  useEffect(() => {
    let live = true;
    Promise.all([
      rpc.call('classes.list', { jobId }),
      rpc.call('students.list', { jobId, includeArchived }),
    ]).then(
      ([c, s]) => {
        if (!live) return;
        setClasses(c);
        setStudents(s);
        setError(null);
        setLoaded(true);
      },
      (e: unknown) => {
        if (!live) return;
        setError(toUiError(e));
        setLoaded(true);
      },
    );
    return () => {
      live = false;
    };
  }, [jobId, includeArchived, version]);

  return { classes, students, loaded, error, reload };
}

/** "DUPONT-MARTIN Jean-Baptiste": the name printed and sorted on, then the first name. */
export function fullName(student: Pick<Student, 'displayName' | 'firstName'>): string {
  return `${student.displayName} ${student.firstName}`;
}
