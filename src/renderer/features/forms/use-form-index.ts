/** The job's codes, students and classes, loaded together and kept current, for the code list and order entry. */
import { useMemo } from 'react';
import { rpc } from '../../rpc/client';
import { useLive } from '../../hooks/use-data-changed';
import { formEntries, type FormEntry, type IssuedCode } from './form-index';
import type { Student } from '../../../shared/domain/roster';
import type { UiError } from '../../lib/ui-error';

const loadIndex = async (jobId: string) => {
  const [codes, students, classes] = await Promise.all([
    rpc.call('codes.list', { jobId }),
    rpc.call('students.list', { jobId, includeArchived: true }),
    rpc.call('classes.list', { jobId }),
  ]);
  return { codes, students, classes };
};

export interface FormIndex {
  codes: IssuedCode[];
  students: Map<string, Student>;
  classLabels: Map<string, string>;
  entries: FormEntry[];
}

export function useFormIndex(jobId: string): { index: FormIndex | null; error: UiError | null } {
  // A finished forms build issued codes: loaded again too.
  const { data, error } = useLive(() => loadIndex(jobId), [jobId], {
    entities: ['codes', 'forms', 'students', 'classes'],
    jobId,
    tasks: ['forms.build'],
  });
  const index = useMemo(() => {
    if (!data) return null;
    const classLabels = new Map(data.classes.map((c) => [c.id, c.label]));
    return {
      codes: data.codes,
      students: new Map(data.students.map((s) => [s.id, s])),
      classLabels,
      entries: formEntries(data.codes, data.students, classLabels),
    };
  }, [data]);
  return { index, error };
}
