/**
 * "Nouveau reportage": school, town, school year, shoot date (typed jj/mm/aaaa whatever the browser
 * locale) and folder (the library default, or one the user picks or types). Checked with the
 * contract's schemas before sending; whatever the core still refuses is shown next to its field.
 */
import { useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { folderNameFor } from '../../../shared/domain/job';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useFolderCheck } from '../../hooks/use-folder-check';
import { usePickFolder } from '../../hooks/use-pick-folder';
import { useT } from '../../i18n/use-t';
import {
  fieldErrorsFromIssues,
  schoolYearChoices,
  validateNewJob,
  type FieldErrors,
  type NewJobField,
  type NewJobForm as FormValues,
} from '../../lib/new-job-form';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useAppStore } from '../../stores/app-store';
import { FolderPathField } from './FolderPathField';

type FolderMode = 'default' | 'custom';

export function NewJobForm({ onCreated }: { onCreated: (jobId: string) => void }) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const ids = useMemo(
    () => ({
      schoolName: `${uid}-school`,
      town: `${uid}-town`,
      schoolYear: `${uid}-year`,
      shootDate: `${uid}-date`,
      dir: `${uid}-dir`,
    }),
    [uid],
  );
  const years = useMemo(() => schoolYearChoices(new Date()), []);
  const libraryDir = useAppStore((s) => s.settings?.libraryDir ?? '');
  const windows = useAppStore((s) => s.info?.platform.startsWith('win32') ?? false);

  const [values, setValues] = useState<FormValues>({
    schoolName: '',
    town: '',
    schoolYear: years[0],
    shootDate: '',
    dir: '',
  });
  const [folderMode, setFolderMode] = useState<FolderMode>('default');
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<UiError | null>(null);
  const [working, setWorking] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const picker = usePickFolder();

  /** "Choisir…" straight from the default mode: the picked folder becomes the job's folder. */
  const pickInstead = async () => {
    const picked = await picker.pick(libraryDir);
    if (!picked) return;
    setFolderMode('custom');
    update('dir', picked);
  };

  const effective: FormValues = { ...values, dir: folderMode === 'custom' ? values.dir : '' };
  const verdict = useFolderCheck(effective.dir, 'create');
  // Messages appear once the user has tried to submit, then follow every keystroke.
  const clientErrors = submitted ? (validateNewJob(effective).errors ?? {}) : {};
  const errors: FieldErrors = { ...clientErrors, ...serverErrors };
  if (submitted && folderMode === 'custom' && !effective.dir.trim())
    errors.dir ??= { message: 'validation.path.required' };

  const update = (field: keyof FormValues, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setServerErrors(({ [field]: _stale, ...rest }) => rest);
    setFailure(null);
  };

  const sep = windows ? '\\' : '/';
  const defaultPath = `${libraryDir}${sep}${folderNameFor(values.schoolYear, values.schoolName.trim() || '…', values.town.trim())}`;

  const focusFirstError = (fieldErrors: FieldErrors) => {
    const order: NewJobField[] = ['schoolName', 'town', 'schoolYear', 'shootDate', 'dir'];
    const first = order.find((f) => fieldErrors[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(ids[first])}`)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    setServerErrors({});
    const checked = validateNewJob(effective);
    const blocking: FieldErrors = { ...(checked.errors ?? {}) };
    if (folderMode === 'custom') {
      if (!effective.dir.trim()) blocking.dir = { message: 'validation.path.required' };
      else if (verdict?.tone === 'error')
        blocking.dir = { message: verdict.message, ...(verdict.params ? { params: verdict.params } : {}) };
    }
    if (!checked.job || Object.keys(blocking).length > 0) {
      focusFirstError(blocking);
      return;
    }
    setWorking(true);
    try {
      const job = await rpc.call('jobs.create', checked.job);
      onCreated(job.id);
    } catch (error) {
      const e = toUiError(error);
      const fieldErrors = fieldErrorsFromIssues(e.issues);
      // Folder refusals carry the path: show them under the folder field when the user chose one.
      if (
        folderMode === 'custom' &&
        (e.code === 'folder_not_empty' ||
          e.code === 'already_a_job' ||
          e.code === 'read_only' ||
          e.code === 'not_a_folder')
      )
        fieldErrors.dir = { message: `errors.${e.code}`, params: e.params };
      setServerErrors(fieldErrors);
      if (Object.keys(fieldErrors).length === 0) setFailure(e);
      else focusFirstError(fieldErrors);
    } finally {
      setWorking(false);
    }
  };

  const note = (field: NewJobField) => {
    const error = errors[field];
    return error ? (
      <FieldNote id={`${ids[field]}-error`} tone="error">
        {tr.fieldMessage(error.message, error.params)}
      </FieldNote>
    ) : null;
  };
  const describedBy = (field: NewJobField, hint?: string) =>
    [errors[field] ? `${ids[field]}-error` : null, hint ?? null].filter(Boolean).join(' ') || undefined;

  const hasErrors = submitted && Object.keys(errors).length > 0;

  return (
    <form
      ref={formRef}
      className="card form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={`${uid}-title`}
    >
      <h2 id={`${uid}-title`} className="card__title">
        {t('home.create.title')}
      </h2>

      <div className="field">
        <label htmlFor={ids.schoolName} className="field__label">
          {t('home.create.schoolName')}
        </label>
        <input
          id={ids.schoolName}
          className="input"
          type="text"
          value={values.schoolName}
          onChange={(e) => update('schoolName', e.target.value)}
          placeholder={t('home.create.schoolName.placeholder')}
          autoComplete="off"
          required
          aria-required="true"
          aria-invalid={!!errors.schoolName}
          aria-describedby={describedBy('schoolName')}
          disabled={working}
        />
        {note('schoolName')}
      </div>

      <div className="field-grid">
        <div className="field">
          <label htmlFor={ids.town} className="field__label">
            {t('home.create.town')} <span className="field__optional">({t('home.create.optional')})</span>
          </label>
          <input
            id={ids.town}
            className="input"
            type="text"
            value={values.town}
            onChange={(e) => update('town', e.target.value)}
            placeholder={t('home.create.town.placeholder')}
            autoComplete="off"
            aria-invalid={!!errors.town}
            aria-describedby={describedBy('town')}
            disabled={working}
          />
          {note('town')}
        </div>

        <div className="field">
          <label htmlFor={ids.schoolYear} className="field__label">
            {t('home.create.schoolYear')}
          </label>
          <select
            id={ids.schoolYear}
            className="input select"
            value={values.schoolYear}
            onChange={(e) => update('schoolYear', e.target.value)}
            aria-invalid={!!errors.schoolYear}
            aria-describedby={describedBy('schoolYear')}
            disabled={working}
          >
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
          {note('schoolYear')}
        </div>
      </div>

      <div className="field">
        <label htmlFor={ids.shootDate} className="field__label">
          {t('home.create.shootDate')} <span className="field__optional">({t('home.create.optional')})</span>
        </label>
        <input
          id={ids.shootDate}
          className="input input--date"
          type="text"
          inputMode="numeric"
          value={values.shootDate}
          onChange={(e) => update('shootDate', e.target.value)}
          placeholder={t('home.create.shootDate.placeholder')}
          autoComplete="off"
          maxLength={12}
          aria-invalid={!!errors.shootDate}
          aria-describedby={describedBy('shootDate', errors.shootDate ? undefined : `${ids.shootDate}-hint`)}
          disabled={working}
        />
        {note('shootDate') ?? (
          <FieldNote id={`${ids.shootDate}-hint`} tone="hint">
            {t('home.create.shootDate.hint', { example: `14/10/${values.schoolYear.slice(0, 4)}` })}
          </FieldNote>
        )}
      </div>

      <fieldset className="field fieldset" disabled={working}>
        <legend className="field__label">{t('home.create.folder')}</legend>
        <div className="segmented">
          {(['default', 'custom'] as const).map((mode) => (
            <label key={mode} className="segmented__option">
              <input
                type="radio"
                name={`${uid}-folder-mode`}
                value={mode}
                checked={folderMode === mode}
                onChange={() => {
                  setFolderMode(mode);
                  setServerErrors(({ dir: _stale, ...rest }) => rest);
                }}
              />
              <span>
                {t(mode === 'default' ? 'home.create.folder.default' : 'home.create.folder.custom')}
              </span>
            </label>
          ))}
        </div>
        {folderMode === 'default' ? (
          <div className="path-hint">
            <p className="field-note field-note--hint">{t('home.create.folder.hint', { path: '' })}</p>
            <p className="path-hint__path" data-testid="default-folder">
              {defaultPath}
            </p>
            {picker.available && (
              <button
                type="button"
                className="btn btn--secondary btn--small path-hint__choose"
                onClick={() => void pickInstead()}
                disabled={picker.picking}
              >
                {t('folder.choose')}
              </button>
            )}
          </div>
        ) : (
          <FolderPathField
            id={ids.dir}
            label={t('folder.path')}
            value={values.dir}
            onChange={(v) => update('dir', v)}
            verdict={verdict}
            error={serverErrors.dir ?? (submitted && !values.dir.trim() ? errors.dir : undefined)}
            hint={t('folder.typeHint')}
            disabled={working}
          />
        )}
      </fieldset>

      {hasErrors && !failure && <Alert tone="error">{t('home.create.fixErrors')}</Alert>}
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}

      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={working} aria-busy={working}>
          {working ? t('home.create.working') : t('home.create.submit')}
        </button>
      </div>
    </form>
  );
}
