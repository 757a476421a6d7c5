/**
 * Classes and students: the classes on the left (with a way to add one), the chosen class on the
 * right — its name, its staff for the class photo, its students in roster order with their photo
 * consent, the way to the class's consent grid and its consent sheet — and the chosen student's
 * card. Lists are short (a class ≤ 35, a school ≤ 1,000): plain lists, no virtualisation. Archived
 * students are hidden unless asked for.
 */
import { useId, useState, type FormEvent } from 'react';
import { STAFF_ROLES, type SchoolClass, type Student } from '../../../shared/domain/roster';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { StatusBadge } from './ConsentPanel';
import { openExport } from './open-export';
import { SiblingSuggestions } from './SiblingSuggestions';
import type { ErasureReport } from '../gdpr/ErasureView';
import { ErasureReportCard } from '../gdpr/StudentDataPanel';
import { StudentPanel } from './StudentPanel';
import { fullName, useRoster } from './use-roster';

const NO_CLASS = '__none__';

export function ClassesView({
  jobId,
  onImport,
  onConsentGrid,
}: {
  jobId: string;
  onImport: () => void;
  onConsentGrid: (classId: string) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const [showArchived, setShowArchived] = useState(false);
  const roster = useRoster(jobId, showArchived);
  const [selected, setSelected] = useState<string | null>(null);
  const [studentId, setStudentId] = useState<string | null>(null);
  const [erased, setErased] = useState<ErasureReport | null>(null);

  const withoutClass = roster.students.filter((s) => s.classId === null);
  const current = selected ?? roster.classes[0]?.id ?? (withoutClass.length > 0 ? NO_CLASS : null);
  const classOf = roster.classes.find((c) => c.id === current) ?? null;
  const inClass = roster.students
    .filter((s) => (current === NO_CLASS ? s.classId === null : s.classId === current))
    .sort((a, b) => a.rosterOrder - b.rosterOrder);
  const student = roster.students.find((s) => s.id === studentId) ?? null;

  if (!roster.loaded) return <p className="muted">{t('app.loading')}</p>;

  return (
    <div className="roster-classes">
      {roster.error && <Alert tone="error">{tr.error(roster.error)}</Alert>}
      {roster.classes.length === 0 && roster.students.length === 0 && (
        <section className="card empty-state">
          <p>{t('roster.classes.empty')}</p>
          <button type="button" className="btn btn--primary" onClick={onImport}>
            {t('roster.import.title')}
          </button>
        </section>
      )}
      <div className="roster-grid">
        <nav className="card class-list" aria-label={t('roster.classes.title')}>
          <h2 className="card__title">{t('roster.classes.title')}</h2>
          <ul className="plain-list">
            {roster.classes.map((c) => (
              <li key={c.id}>
                <button
                  type="button"
                  className="class-list__item"
                  aria-current={c.id === current ? 'true' : undefined}
                  onClick={() => {
                    setSelected(c.id);
                    setStudentId(null);
                  }}
                >
                  <span>{c.label}</span>
                  <span className="count-badge">{c.students}</span>
                </button>
              </li>
            ))}
            {withoutClass.length > 0 && (
              <li>
                <button
                  type="button"
                  className="class-list__item"
                  aria-current={current === NO_CLASS ? 'true' : undefined}
                  onClick={() => setSelected(NO_CLASS)}
                >
                  <span className="muted">{t('roster.classes.none')}</span>
                  <span className="count-badge">{withoutClass.length}</span>
                </button>
              </li>
            )}
          </ul>
          <AddClassForm jobId={jobId} onAdded={(c) => setSelected(c.id)} />
          <label className="check">
            <input
              type="checkbox"
              checked={showArchived}
              onChange={(e) => setShowArchived(e.target.checked)}
            />
            <span>{t('roster.classes.showArchived')}</span>
          </label>
        </nav>

        <div className="roster-main">
          {current && (
            <section className="card" aria-labelledby="class-title" data-testid="class-view">
              {classOf ? (
                <ClassHeader
                  key={classOf.id}
                  jobId={jobId}
                  schoolClass={classOf}
                  onConsentGrid={() => onConsentGrid(classOf.id)}
                />
              ) : (
                <h2 id="class-title" className="card__title">
                  {t('roster.classes.none')}
                </h2>
              )}
              <StudentTable
                students={inClass}
                selectedId={studentId}
                onSelect={(id) => {
                  setErased(null);
                  setStudentId(id);
                }}
              />
              <AddStudentForm jobId={jobId} classId={classOf?.id ?? null} />
            </section>
          )}
          <SiblingSuggestions jobId={jobId} students={roster.students} />
        </div>

        {student && (
          <StudentPanel
            key={student.id}
            jobId={jobId}
            student={student}
            classes={roster.classes}
            students={roster.students}
            onClose={() => setStudentId(null)}
            onErased={(report) => {
              setStudentId(null);
              setErased(report);
            }}
          />
        )}
        {!student && erased && <ErasureReportCard report={erased} onClose={() => setErased(null)} />}
      </div>
    </div>
  );
}

function StudentTable({
  students,
  selectedId,
  onSelect,
}: {
  students: Student[];
  selectedId: string | null;
  onSelect: (id: string) => void;
}) {
  const { t } = useT();
  if (students.length === 0) return <p className="muted">{t('roster.students.empty')}</p>;
  return (
    <div className="table-wrap">
      <table className="table" data-testid="students">
        <thead>
          <tr>
            <th scope="col">{t('shootList.col.order')}</th>
            <th scope="col">{t('roster.student.name')}</th>
            <th scope="col">{t('consent.use.photo')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('roster.student.open')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {students.map((s) => (
            <tr
              key={s.id}
              data-testid="student-row"
              aria-selected={s.id === selectedId}
              className={s.archived ? 'row--archived' : undefined}
            >
              <td className="num">{s.rosterOrder}</td>
              <td>
                <strong>{s.displayName}</strong> {s.firstName}
                {s.siblings.length > 0 && <span className="tag">{t('roster.student.siblings')}</span>}
                {s.archived && <span className="tag">{t('roster.student.archived')}</span>}
              </td>
              <td>
                <StatusBadge status={s.consent.photo ?? 'pending'} use="photo" />
              </td>
              <td className="actions">
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => onSelect(s.id)}
                  aria-label={t('roster.student.open.label', { name: fullName(s) })}
                >
                  {t('roster.student.open')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ClassHeader({
  jobId,
  schoolClass,
  onConsentGrid,
}: {
  jobId: string;
  schoolClass: SchoolClass;
  onConsentGrid: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const [renaming, setRenaming] = useState(false);
  const [label, setLabel] = useState(schoolClass.label);
  const [staffName, setStaffName] = useState('');
  const [staffRole, setStaffRole] = useState<(typeof STAFF_ROLES)[number]>('teacher');
  const [failure, setFailure] = useState<UiError | null>(null);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [sheet, setSheet] = useState<{ name: string; href: string | null } | null>(null);
  const [printing, setPrinting] = useState(false);

  const printSheet = async () => {
    setPrinting(true);
    setFailure(null);
    setSheet(null);
    try {
      const { path } = await rpc.call('consent.sheetPdf', { jobId, classIds: [schoolClass.id] });
      setSheet(await openExport(jobId, path));
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setPrinting(false);
    }
  };

  const update = async (patch: {
    label?: string;
    staff?: { name: string; role: (typeof STAFF_ROLES)[number] }[];
  }) => {
    setFailure(null);
    setFieldError(null);
    try {
      await rpc.call('classes.update', { jobId, classId: schoolClass.id, ...patch });
      return true;
    } catch (e) {
      const err = toUiError(e);
      if (err.issues[0]) setFieldError(err.issues[0].message);
      else setFailure(err);
      return false;
    }
  };
  const staff = schoolClass.staff.map((s) => ({ name: s.name, role: s.role }));

  return (
    <div className="class-head">
      {renaming ? (
        <form
          className="field__row"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            void update({ label }).then((ok) => ok && setRenaming(false));
          }}
        >
          <label htmlFor={`${uid}-label`} className="visually-hidden">
            {t('roster.classes.label')}
          </label>
          <input
            id={`${uid}-label`}
            className="input"
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
          <button type="submit" className="btn btn--primary btn--small">
            {t('roster.classes.rename.save')}
          </button>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setRenaming(false)}>
            {t('consent.withdraw.no')}
          </button>
        </form>
      ) : (
        <div className="card__head">
          <h2 id="class-title" className="card__title" data-testid="class-title">
            {schoolClass.label}
            {schoolClass.level && <span className="tag">{schoolClass.level}</span>}
          </h2>
          <button type="button" className="btn btn--ghost btn--small" onClick={() => setRenaming(true)}>
            {t('roster.classes.rename')}
          </button>
        </div>
      )}
      <div className="toolbar__group class-actions">
        <button type="button" className="btn btn--primary btn--small" onClick={onConsentGrid}>
          {t('consent.grid.open')}
        </button>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          onClick={() => void printSheet()}
          disabled={printing}
        >
          {printing ? t('consent.sheet.printing') : t('consent.sheet.print')}
        </button>
      </div>
      {sheet && (
        <Alert tone="success" onDismiss={() => setSheet(null)}>
          <span data-testid="consent-sheet-pdf">
            {sheet.href
              ? t('consent.sheet.ready', { file: sheet.name })
              : t('consent.sheet.opened', { file: sheet.name })}{' '}
            {sheet.href && (
              <a href={sheet.href} target="_blank" rel="noopener noreferrer">
                {t('consent.sheet.open')}
              </a>
            )}
          </span>
        </Alert>
      )}
      {fieldError && (
        <FieldNote id={`${uid}-error`} tone="error">
          {tr.fieldMessage(fieldError)}
        </FieldNote>
      )}
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}
      <div className="staff">
        <span className="field__label">{t('roster.staff.title')}</span>
        <ul className="staff__list">
          {schoolClass.staff.length === 0 && <li className="muted">{t('roster.staff.none')}</li>}
          {schoolClass.staff.map((s, i) => (
            <li key={s.id} className="staff__item">
              {s.name} <span className="muted">({t(`roster.staff.role.${s.role}`)})</span>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                aria-label={t('roster.staff.remove.label', { name: s.name })}
                onClick={() => void update({ staff: staff.filter((_, j) => j !== i) })}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <form
          className="field__row"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            if (!staffName.trim()) return;
            void update({ staff: [...staff, { name: staffName, role: staffRole }] }).then(
              (ok) => ok && setStaffName(''),
            );
          }}
        >
          <label htmlFor={`${uid}-staff`} className="visually-hidden">
            {t('roster.staff.name')}
          </label>
          <input
            id={`${uid}-staff`}
            className="input"
            placeholder={t('roster.staff.name.placeholder')}
            value={staffName}
            onChange={(e) => setStaffName(e.target.value)}
          />
          <label htmlFor={`${uid}-role`} className="visually-hidden">
            {t('roster.staff.role')}
          </label>
          <select
            id={`${uid}-role`}
            className="input select"
            value={staffRole}
            onChange={(e) => setStaffRole(e.target.value as (typeof STAFF_ROLES)[number])}
          >
            {STAFF_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`roster.staff.role.${r}`)}
              </option>
            ))}
          </select>
          <button type="submit" className="btn btn--secondary btn--small">
            {t('roster.staff.add')}
          </button>
        </form>
      </div>
    </div>
  );
}

function AddClassForm({ jobId, onAdded }: { jobId: string; onAdded: (c: SchoolClass) => void }) {
  const tr = useT();
  const uid = useId();
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      onAdded(await rpc.call('classes.add', { jobId, label }));
      setLabel('');
    } catch (err) {
      const ui = toUiError(err);
      setError(ui.issues[0] ? tr.fieldMessage(ui.issues[0].message) : tr.error(ui));
    }
  };
  return (
    <form className="add-form" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={`${uid}-label`} className="field__label">
        {tr.t('roster.classes.add')}
      </label>
      <div className="field__row">
        <input
          id={`${uid}-label`}
          className="input"
          value={label}
          placeholder={tr.t('roster.classes.add.placeholder')}
          onChange={(e) => setLabel(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={error ? `${uid}-error` : undefined}
        />
        <button type="submit" className="btn btn--secondary btn--small">
          {tr.t('roster.classes.add.submit')}
        </button>
      </div>
      {error && (
        <FieldNote id={`${uid}-error`} tone="error">
          {error}
        </FieldNote>
      )}
    </form>
  );
}

function AddStudentForm({ jobId, classId }: { jobId: string; classId: string | null }) {
  const tr = useT();
  const uid = useId();
  const [familyName, setFamilyName] = useState('');
  const [firstName, setFirstName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await rpc.call('students.add', { jobId, classId, familyName, firstName });
      setFamilyName('');
      setFirstName('');
    } catch (err) {
      const ui = toUiError(err);
      setError(ui.issues[0] ? tr.fieldMessage(ui.issues[0].message) : tr.error(ui));
    }
  };
  return (
    <form className="add-form add-form--inline" onSubmit={(e) => void submit(e)} noValidate>
      <span className="field__label">{tr.t('roster.students.add')}</span>
      <div className="field__row">
        <label htmlFor={`${uid}-family`} className="visually-hidden">
          {tr.t('roster.student.familyName')}
        </label>
        <input
          id={`${uid}-family`}
          className="input"
          placeholder={tr.t('roster.student.familyName')}
          value={familyName}
          onChange={(e) => setFamilyName(e.target.value)}
        />
        <label htmlFor={`${uid}-first`} className="visually-hidden">
          {tr.t('roster.student.firstName')}
        </label>
        <input
          id={`${uid}-first`}
          className="input"
          placeholder={tr.t('roster.student.firstName')}
          value={firstName}
          onChange={(e) => setFirstName(e.target.value)}
        />
        <button type="submit" className="btn btn--secondary btn--small">
          {tr.t('roster.students.add.submit')}
        </button>
      </div>
      {error && (
        <FieldNote id={`${uid}-error`} tone="error">
          {error}
        </FieldNote>
      )}
    </form>
  );
}
