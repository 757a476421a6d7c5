/**
 * Job setup ("École et association"): the school, its type, the association that sells to families
 * (its legal name exactly as order forms will print it, the cheque payee, a contact), the school year,
 * the shoot dates and the sibling-photo switch. Checked with the contract's schema before sending;
 * what the core still refuses is shown under its field; what order forms still need is listed on top.
 */
import { useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ASSOCIATION_TYPES, SCHOOL_TYPES, type School } from '../../../shared/domain/school';
import { formatDate } from '../../../shared/i18n';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import {
  fieldErrorsOf,
  formOf,
  SCHOOL_FIELDS,
  schoolYearOptions,
  validateSchool,
  type SchoolErrors,
  type SchoolField,
  type SchoolForm,
} from './school-form';

/** Dates are typed jj/mm/aaaa in both languages, so they are shown that way too. */
const typedDate = (iso: string) => formatDate('fr', iso);

export function SchoolSetup({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const loaded = useLiveQuery('school.get', { jobId });
  const school = loaded.data;
  const [values, setValues] = useState<SchoolForm | null>(null);
  // The form starts from the school once it is loaded (a save puts the saved school in both).
  const [filledFrom, setFilledFrom] = useState<School | null>(null);
  if (school && school !== filledFrom) {
    setFilledFrom(school);
    setValues(formOf(school, typedDate));
  }
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<SchoolErrors>({});
  const [failure, setFailure] = useState<UiError | null>(null);
  const [saved, setSaved] = useState(false);
  const [working, setWorking] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const years = useMemo(() => schoolYearOptions(values?.schoolYear ?? '', new Date()), [values?.schoolYear]);

  if (!values) {
    return loaded.error ? (
      <Alert tone="error">{tr.error(loaded.error)}</Alert>
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );
  }

  const clientErrors = submitted ? (validateSchool(values).errors ?? {}) : {};
  const errors: SchoolErrors = { ...clientErrors, ...serverErrors };
  const id = (field: SchoolField) => `${uid}-${field}`;

  const update = <K extends keyof SchoolForm>(field: K, value: SchoolForm[K]) => {
    setValues((v) => (v ? { ...v, [field]: value } : v));
    setServerErrors(({ [field as SchoolField]: _stale, ...rest }) => rest);
    setSaved(false);
    setFailure(null);
  };

  const focusFirst = (found: SchoolErrors) => {
    const first = SCHOOL_FIELDS.find((f) => found[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#${CSS.escape(id(first))}`)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setSaved(false);
    setFailure(null);
    setServerErrors({});
    const checked = validateSchool(values);
    if (!checked.patch) {
      focusFirst(checked.errors);
      return;
    }
    setWorking(true);
    try {
      const next = await rpc.call('school.update', { jobId, patch: checked.patch });
      loaded.replace(next);
      setFilledFrom(next);
      setValues(formOf(next, typedDate));
      setSubmitted(false);
      setSaved(true);
    } catch (error) {
      const e = toUiError(error);
      const found = fieldErrorsOf(e.issues);
      setServerErrors(found);
      if (Object.keys(found).length === 0) setFailure(e);
      else focusFirst(found);
    } finally {
      setWorking(false);
    }
  };

  const field = (name: SchoolField, label: string, control: ReactNode, options: { hint?: string } = {}) => (
    <div className="field">
      <label htmlFor={id(name)} className="field__label">
        {label}
      </label>
      {control}
      {errors[name] ? (
        <FieldNote id={`${id(name)}-note`} tone="error">
          {tr.fieldMessage(errors[name].message, errors[name].params)}
        </FieldNote>
      ) : options.hint ? (
        <FieldNote id={`${id(name)}-note`} tone="hint">
          {options.hint}
        </FieldNote>
      ) : null}
    </div>
  );
  const described = (name: SchoolField, hint?: boolean) =>
    errors[name] || hint ? { 'aria-describedby': `${id(name)}-note` } : {};
  const text = (
    name: SchoolField & keyof SchoolForm,
    label: string,
    extra: { hint?: string; optional?: boolean; type?: string } = {},
  ) =>
    field(
      name,
      extra.optional ? `${label} (${t('home.create.optional')})` : label,
      <input
        id={id(name)}
        className="input"
        type={extra.type ?? 'text'}
        value={String(values[name])}
        onChange={(e) => update(name, e.target.value)}
        autoComplete="off"
        aria-invalid={!!errors[name]}
        {...described(name, !!extra.hint)}
        disabled={working}
      />,
      extra.hint ? { hint: extra.hint } : {},
    );

  const missing = school?.missing ?? [];

  return (
    <form
      ref={formRef}
      className="card form school-form"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={`${uid}-title`}
    >
      <h2 id={`${uid}-title`} className="card__title">
        {t('school.form.title')}
      </h2>
      {missing.length > 0 ? (
        <Alert tone="info">
          <p>{t('school.form.missing')}</p>
          <ul className="plain-list" data-testid="school-missing">
            {missing.map((m) => (
              <li key={m}>{tr.fieldMessage(m)}</li>
            ))}
          </ul>
        </Alert>
      ) : (
        <p className="field-note field-note--ok" data-testid="school-complete">
          {t('school.form.complete')}
        </p>
      )}

      <fieldset className="fieldset" disabled={working}>
        <legend className="section-title">{t('school.form.school')}</legend>
        {text('schoolName', t('home.create.schoolName'))}
        <div className="field-grid">
          {text('town', t('home.create.town'), { optional: true })}
          {text('uai', t('school.form.uai'), { optional: true, hint: t('school.form.uai.hint') })}
        </div>
        <div className="field-grid">
          {field(
            'schoolType',
            t('school.form.type'),
            <select
              id={id('schoolType')}
              className="input select"
              value={values.schoolType}
              onChange={(e) => update('schoolType', e.target.value as SchoolForm['schoolType'])}
            >
              {SCHOOL_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`school.type.${type}`)}
                </option>
              ))}
            </select>,
          )}
          {field(
            'schoolYear',
            t('home.create.schoolYear'),
            <select
              id={id('schoolYear')}
              className="input select"
              value={values.schoolYear}
              onChange={(e) => update('schoolYear', e.target.value)}
              aria-invalid={!!errors.schoolYear}
              {...described('schoolYear')}
            >
              {years.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>,
          )}
        </div>
        {text('shootDates', t('school.form.shootDates'), {
          optional: true,
          hint: t('school.form.shootDates.hint', { example: `14/10/${values.schoolYear.slice(0, 4)}` }),
        })}
        <label className="check">
          <input
            type="checkbox"
            checked={values.siblingPhotos}
            onChange={(e) => update('siblingPhotos', e.target.checked)}
          />
          <span>
            {t('school.form.siblingPhotos')}
            <span className="check__hint">{t('school.form.siblingPhotos.hint')}</span>
          </span>
        </label>
      </fieldset>

      <fieldset className="fieldset" disabled={working}>
        <legend className="section-title">{t('school.form.association')}</legend>
        {field(
          'associationType',
          t('school.form.associationType'),
          <select
            id={id('associationType')}
            className="input select"
            value={values.associationType}
            onChange={(e) => update('associationType', e.target.value as SchoolForm['associationType'])}
          >
            {ASSOCIATION_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`school.association.${type}`)}
              </option>
            ))}
          </select>,
        )}
        {text('legalName', t('school.form.legalName'), { hint: t('school.form.legalName.hint') })}
        {text('chequePayee', t('school.form.chequePayee'), { hint: t('school.form.chequePayee.hint') })}
        <div className="field-grid field-grid--3">
          {text('contactName', t('school.form.contactName'), { optional: true })}
          {text('contactEmail', t('school.form.contactEmail'), { optional: true, type: 'email' })}
          {text('contactPhone', t('school.form.contactPhone'), { optional: true, type: 'tel' })}
        </div>
      </fieldset>

      {submitted && Object.keys(errors).length > 0 && !failure && (
        <Alert tone="error">{t('school.form.fixErrors')}</Alert>
      )}
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}
      {saved && <Alert tone="success">{t('school.form.saved')}</Alert>}
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={working} aria-busy={working}>
          {working ? t('school.form.saving') : t('school.form.save')}
        </button>
      </div>
    </form>
  );
}
