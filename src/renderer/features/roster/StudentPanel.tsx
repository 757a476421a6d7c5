/**
 * One student's card: names, birth date, how many holders of parental authority (the user says), the
 * class (move), merging a duplicate into this student, archiving — then the consent per use, and
 * their data (right of access, erasure). Mounted per student (keyed by id), so a refetch of the
 * roster never wipes what is being typed.
 */
import { useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { formatDate } from '../../../shared/i18n';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useT } from '../../i18n/use-t';
import { parseFrenchDate } from '../../lib/new-job-form';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { StudentDataPanel } from '../gdpr/StudentDataPanel';
import type { ErasureReport } from '../gdpr/ErasureView';
import { ConsentPanel } from './ConsentPanel';
import { fullName } from './use-roster';

export function StudentPanel({
  jobId,
  student,
  classes,
  students,
  onClose,
  onErased,
}: {
  jobId: string;
  student: Student;
  classes: SchoolClass[];
  students: Student[];
  onClose: () => void;
  /** The student was erased: the card goes, the report is shown in its place. */
  onErased: (report: ErasureReport) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const [values, setValues] = useState(() => editable(student));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<UiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [duplicateId, setDuplicateId] = useState('');
  const [working, setWorking] = useState(false);
  // Escape closes the card; with unsaved edits, the first Escape says so and the second drops them.
  const [escapeArmed, setEscapeArmed] = useState(false);
  const dirty = JSON.stringify(values) !== JSON.stringify(editable(student));
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape') {
      setEscapeArmed(false);
      return;
    }
    if (e.defaultPrevented) return;
    // A dialog inside the card (the erasure's confirmation) handles its own Escape.
    if ((e.target as HTMLElement).closest('dialog, [role="dialog"], [role="alertdialog"]')) return;
    e.preventDefault();
    if (!dirty || escapeArmed) onClose();
    else setEscapeArmed(true);
  };

  const run = async (action: () => Promise<unknown>) => {
    setWorking(true);
    setFailure(null);
    setSaved(false);
    try {
      await action();
      return true;
    } catch (e) {
      const err = toUiError(e);
      const fieldErrors: Record<string, string> = {};
      for (const issue of err.issues) {
        const field = issue.path.split('.').find((p) => p in values);
        if (field) fieldErrors[field] ??= issue.message;
      }
      setErrors(fieldErrors);
      if (Object.keys(fieldErrors).length === 0) setFailure(err);
      return false;
    } finally {
      setWorking(false);
    }
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    let birthDate: string | null = null;
    if (values.birthDate.trim()) {
      const parsed = parseFrenchDate(values.birthDate);
      if ('error' in parsed) {
        setErrors({ birthDate: parsed.error });
        return;
      }
      birthDate = parsed.iso;
    }
    setErrors({});
    const ok = await run(() =>
      rpc.call('students.update', {
        jobId,
        studentId: student.id,
        patch: {
          familyName: values.familyName,
          usageName: values.usageName,
          firstName: values.firstName,
          birthDate,
          authorityHolders: values.authorityHolders,
        },
      }),
    );
    if (ok) setSaved(true);
  };

  const others = students.filter((s) => s.id !== student.id && !s.archived);
  const input = (name: 'familyName' | 'usageName' | 'firstName' | 'birthDate', label: string) => (
    <div className="field">
      <label className="field__label" htmlFor={`${uid}-${name}`}>
        {label}
      </label>
      <input
        id={`${uid}-${name}`}
        className="input"
        value={values[name]}
        onChange={(e) => setValues((v) => ({ ...v, [name]: e.target.value }))}
        aria-invalid={!!errors[name]}
        aria-describedby={errors[name] ? `${uid}-${name}-error` : undefined}
        autoComplete="off"
      />
      {errors[name] && (
        <FieldNote id={`${uid}-${name}-error`} tone="error">
          {tr.fieldMessage(errors[name])}
        </FieldNote>
      )}
    </div>
  );

  return (
    <aside
      className="card student-panel"
      aria-labelledby={`${uid}-title`}
      data-testid="student-panel"
      onKeyDown={onKeyDown}
    >
      <div className="card__head">
        <h2 id={`${uid}-title`} className="card__title">
          {fullName(student)}
          {student.archived && <span className="tag">{t('roster.student.archived')}</span>}
        </h2>
        <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
          {t('roster.student.close')}
        </button>
      </div>
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}
      {escapeArmed && dirty && (
        <FieldNote id={`${uid}-unsaved`} tone="info">
          {t('roster.student.unsavedEscape')}
        </FieldNote>
      )}
      <form className="form" onSubmit={(e) => void save(e)} noValidate>
        <fieldset className="fieldset" disabled={working}>
          <div className="field-grid">
            {input('familyName', t('roster.student.familyName'))}
            {input('usageName', t('roster.student.usageName'))}
          </div>
          <div className="field-grid">
            {input('firstName', t('roster.student.firstName'))}
            {input('birthDate', t('roster.student.birthDate'))}
          </div>
          <fieldset className="field fieldset">
            <legend className="field__label">{t('roster.student.holders')}</legend>
            <div className="segmented">
              {([1, 2] as const).map((n) => (
                <label key={n} className="segmented__option">
                  <input
                    type="radio"
                    name={`${uid}-holders`}
                    checked={values.authorityHolders === n}
                    onChange={() => setValues((v) => ({ ...v, authorityHolders: n }))}
                  />
                  <span>{t(n === 1 ? 'roster.student.holders.one' : 'roster.student.holders.two')}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div className="form__actions">
            {saved && <span className="field-note field-note--ok">{t('roster.student.saved')}</span>}
            <button type="submit" className="btn btn--primary btn--small">
              {t('roster.student.save')}
            </button>
          </div>
        </fieldset>
      </form>

      <div className="student-actions">
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-move`}>
            {t('roster.student.class')}
          </label>
          <select
            id={`${uid}-move`}
            className="input select"
            value={student.classId ?? ''}
            disabled={working}
            onChange={(e) =>
              void run(() =>
                rpc.call('students.move', { jobId, studentId: student.id, classId: e.target.value || null }),
              )
            }
          >
            <option value="">{t('roster.classes.none')}</option>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-merge`}>
            {t('roster.student.merge')}
          </label>
          <div className="field__row">
            <select
              id={`${uid}-merge`}
              className="input select"
              value={duplicateId}
              onChange={(e) => setDuplicateId(e.target.value)}
            >
              <option value="">{t('roster.student.merge.choose')}</option>
              {others.map((s) => (
                <option key={s.id} value={s.id}>
                  {fullName(s)}
                  {s.birthDate ? ` (${formatDate('fr', s.birthDate)})` : ''}
                </option>
              ))}
            </select>
            <button
              type="button"
              className="btn btn--secondary"
              disabled={!duplicateId || working}
              onClick={() =>
                void run(() => rpc.call('students.merge', { jobId, keepId: student.id, duplicateId })).then(
                  (ok) => ok && setDuplicateId(''),
                )
              }
            >
              {t('roster.student.merge.do')}
            </button>
          </div>
          <FieldNote id={`${uid}-merge-hint`} tone="hint">
            {t('roster.student.merge.hint')}
          </FieldNote>
        </div>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={working}
          onClick={() =>
            void run(() =>
              rpc.call('students.archive', { jobId, studentIds: [student.id], archived: !student.archived }),
            )
          }
        >
          {student.archived ? t('roster.student.restore') : t('roster.student.archive')}
        </button>
      </div>

      <ConsentPanel jobId={jobId} studentId={student.id} />
      <StudentDataPanel jobId={jobId} student={student} onErased={onErased} />
    </aside>
  );
}

function editable(student: Student) {
  return {
    familyName: student.familyName,
    usageName: student.usageName,
    firstName: student.firstName,
    birthDate: student.birthDate ? formatDate('fr', student.birthDate) : '',
    authorityHolders: student.authorityHolders,
  };
}
