/**
 * Importing the consent sheet a school returns: choose the file (native picker in Electron, an
 * upload in the browser), give the sheet's date, see exactly what would be recorded — who was
 * recognised and how, which rows were not and why, which answers were not understood — then record
 * it in one click. Columns that were not recognised are mapped here (names, then each answer
 * column's use and holder) and saved for the next sheet with the same headers.
 */
import { useId, useState } from 'react';
import {
  CONSENT_USES,
  SHEET_HOLDERS,
  SHEET_IDENTITY_FIELDS,
  type ConsentSheetMapping,
  type ConsentSheetPreview,
  type ConsentUse,
  type SheetHolder,
  type SheetIdentityField,
} from '../../../shared/domain/consent';
import type { SchoolClass } from '../../../shared/domain/roster';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useT } from '../../i18n/use-t';
import { parseFrenchDate } from '../../lib/new-job-form';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useAppStore } from '../../stores/app-store';
import { localIsoDate } from './consent-grid';
import { uploadFile } from './upload';

const SHEET_EXTENSIONS = ['csv', 'txt', 'tsv', 'xlsx'];
const IGNORE = '';

export function ConsentSheetImport({
  jobId,
  schoolClass,
  onClose,
}: {
  jobId: string;
  schoolClass: SchoolClass;
  onClose: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const native = useAppStore((s) => s.info?.nativeDialogs ?? false);
  const [file, setFile] = useState<{ path: string; name: string } | null>(null);
  const [date, setDate] = useState(() => tr.date(new Date()));
  const [dateError, setDateError] = useState<string | null>(null);
  const [onlyClass, setOnlyClass] = useState(true);
  const [preview, setPreview] = useState<ConsentSheetPreview | null>(null);
  const [mapping, setMapping] = useState<ConsentSheetMapping>({ identity: {}, decisions: [] });
  const [applied, setApplied] = useState<ConsentSheetMapping | null>(null);
  const [profileName, setProfileName] = useState('');
  const [working, setWorking] = useState<'reading' | 'importing' | null>(null);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [done, setDone] = useState<ConsentSheetPreview | null>(null);

  const sheetDate = (): string | null => {
    const parsed = parseFrenchDate(date);
    if ('error' in parsed) {
      setDateError(tr.fieldMessage(parsed.error));
      return null;
    }
    const today = localIsoDate(new Date());
    if (parsed.iso > today) {
      setDateError(tr.fieldMessage('consent.date.future', { today: tr.date(today) }));
      return null;
    }
    setDateError(null);
    return parsed.iso;
  };

  const call = (
    chosen: { path: string },
    decidedOn: string,
    dryRun: boolean,
    withMapping: ConsentSheetMapping | null,
  ) =>
    rpc.call('consent.importSheet', {
      jobId,
      path: chosen.path,
      decidedOn,
      dryRun,
      ...(onlyClass ? { classId: schoolClass.id } : {}),
      ...(withMapping ? { mapping: withMapping } : {}),
      ...(withMapping && !dryRun && file ? { profileName: profileName.trim() || file.name } : {}),
    });

  const read = async (chosen: { path: string; name: string }, withMapping: ConsentSheetMapping | null) => {
    const decidedOn = sheetDate();
    if (!decidedOn) return;
    setWorking('reading');
    setFailure(null);
    setDone(null);
    try {
      const p = await call(chosen, decidedOn, true, withMapping);
      setPreview(p);
      setApplied(withMapping);
      if (p.needsMapping && !withMapping) {
        setProfileName(chosen.name.replace(/\.[^.]+$/, ''));
        setMapping({ identity: {}, decisions: [] });
      }
    } catch (e) {
      setPreview(null);
      setFailure(toUiError(e));
    } finally {
      setWorking(null);
    }
  };

  const chooseNative = async () => {
    const picked = await rpc.call('fs.pickFile', {
      title: t('consent.import.pickTitle'),
      extensions: SHEET_EXTENSIONS,
    });
    if (!picked.path) return;
    const chosen = { path: picked.path, name: picked.path.split(/[/\\]/).pop() ?? picked.path };
    setFile(chosen);
    await read(chosen, null);
  };

  const chooseUpload = async (picked: File | undefined) => {
    if (!picked) return;
    setFailure(null);
    setPreview(null);
    setWorking('reading');
    try {
      const uploaded = await uploadFile(picked);
      const chosen = { path: uploaded.path, name: picked.name };
      setFile(chosen);
      setWorking(null);
      await read(chosen, null);
    } catch (e) {
      setFailure(toUiError(e));
      setWorking(null);
    }
  };

  const record = async () => {
    if (!file || !preview) return;
    const decidedOn = sheetDate();
    if (!decidedOn) return;
    setWorking('importing');
    setFailure(null);
    try {
      setDone(await call(file, decidedOn, false, applied));
      setPreview(null);
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setWorking(null);
    }
  };

  const columns = preview?.columns ?? [];
  const identityColumns = new Set(Object.values(mapping.identity));
  const mappingUsable =
    ((mapping.identity.familyName && mapping.identity.firstName) || mapping.identity.fullName) &&
    mapping.decisions.length > 0;
  const decisionOf = (column: string) => {
    const d = mapping.decisions.find((x) => x.column === column);
    return d ? `${d.use}|${d.holder}` : IGNORE;
  };
  const setDecision = (column: string, value: string) =>
    setMapping((m) => {
      const decisions = m.decisions.filter((d) => d.column !== column);
      if (value !== IGNORE) {
        const [use, holder] = value.split('|') as [ConsentUse, SheetHolder];
        decisions.push({ column, use, holder });
      }
      return { ...m, decisions };
    });
  const setIdentity = (field: SheetIdentityField, column: string) =>
    setMapping((m) => {
      const { [field]: _old, ...rest } = m.identity;
      return { ...m, identity: column ? { ...rest, [field]: column } : rest };
    });
  const parsed = parseFrenchDate(date);
  const shownDate = 'iso' in parsed ? tr.date(parsed.iso) : date;

  return (
    <section className="card consent-import" aria-labelledby={`${uid}-title`} data-testid="consent-import">
      <div className="card__head">
        <h2 id={`${uid}-title`} className="card__title">
          {t('consent.import.title')}
        </h2>
        <button type="button" className="btn btn--ghost btn--small" onClick={onClose}>
          {t('consent.import.close')}
        </button>
      </div>
      <p className="muted">{t('consent.import.hint')}</p>
      <div className="field-grid field-grid--3">
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-date`}>
            {t('consent.import.date')}
          </label>
          <input
            id={`${uid}-date`}
            className="input input--date"
            inputMode="numeric"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            onBlur={() => void sheetDate()}
            aria-invalid={!!dateError}
            aria-describedby={dateError ? `${uid}-date-error` : undefined}
          />
          {dateError && (
            <FieldNote id={`${uid}-date-error`} tone="error">
              {dateError}
            </FieldNote>
          )}
        </div>
        <label className="check consent-import__class">
          <input type="checkbox" checked={onlyClass} onChange={(e) => setOnlyClass(e.target.checked)} />
          <span>{t('consent.import.thisClass', { class: schoolClass.label })}</span>
        </label>
        <div className="field consent-import__pick">
          {native ? (
            <button
              type="button"
              className="btn btn--primary"
              onClick={() => void chooseNative()}
              disabled={!!working}
            >
              {t('consent.import.choose')}
            </button>
          ) : (
            <div className="file-pick">
              {/* The native input is hidden: its button would speak the browser's language, not the user's. */}
              <input
                id={`${uid}-file`}
                className="visually-hidden"
                type="file"
                accept={SHEET_EXTENSIONS.map((e) => `.${e}`).join(',')}
                disabled={!!working}
                onChange={(e) => {
                  void chooseUpload(e.target.files?.[0]);
                  e.target.value = '';
                }}
              />
              <label htmlFor={`${uid}-file`} className={`btn btn--primary${working ? ' btn--disabled' : ''}`}>
                {t('consent.import.choose')}
              </label>
            </div>
          )}
          {file && <p className="mono small">{file.name}</p>}
        </div>
      </div>
      {working === 'reading' && <p className="muted">{t('consent.import.reading')}</p>}
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          <span data-testid="consent-import-error">{tr.error(failure)}</span>
        </Alert>
      )}

      {preview?.needsMapping && !applied && (
        <div className="consent-import__mapping" data-testid="consent-import-mapping">
          <h3 className="consent-form__title">{t('consent.import.mapping')}</h3>
          <p className="muted small">{t('consent.import.mapping.hint')}</p>
          <div className="mapping-grid">
            {SHEET_IDENTITY_FIELDS.map((field) => (
              <div key={field} className="field">
                <label htmlFor={`${uid}-id-${field}`} className="field__label">
                  {t(`consent.import.mapping.identity.${field}`)}
                </label>
                <select
                  id={`${uid}-id-${field}`}
                  className="input select"
                  value={mapping.identity[field] ?? ''}
                  onChange={(e) => setIdentity(field, e.target.value)}
                >
                  <option value="">{t('consent.import.mapping.ignore')}</option>
                  {columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <h4 className="consent-form__title">{t('consent.import.mapping.answers')}</h4>
          <div className="mapping-grid">
            {columns
              .filter((c) => !identityColumns.has(c))
              .map((column) => (
                <div key={column} className="field">
                  <label htmlFor={`${uid}-col-${column}`} className="field__label">
                    {t('consent.import.mapping.column', { column })}
                  </label>
                  <select
                    id={`${uid}-col-${column}`}
                    className="input select"
                    value={decisionOf(column)}
                    onChange={(e) => setDecision(column, e.target.value)}
                  >
                    <option value={IGNORE}>{t('consent.import.mapping.ignore')}</option>
                    {CONSENT_USES.flatMap((use) =>
                      SHEET_HOLDERS.map((holder) => (
                        <option key={`${use}|${holder}`} value={`${use}|${holder}`}>
                          {t('consent.import.mapping.decision', {
                            use: t(`consent.use.${use}`),
                            holder: t(`consent.import.holder.${holder}`),
                          })}
                        </option>
                      )),
                    )}
                  </select>
                </div>
              ))}
          </div>
          <div className="field">
            <label htmlFor={`${uid}-profile`} className="field__label">
              {t('consent.import.profileName')}
            </label>
            <input
              id={`${uid}-profile`}
              className="input"
              value={profileName}
              maxLength={200}
              onChange={(e) => setProfileName(e.target.value)}
            />
          </div>
          {!mappingUsable && (
            <p className="field-note field-note--hint">
              {tr.fieldMessage(
                mapping.decisions.length === 0
                  ? 'validation.consentSheet.decisions'
                  : 'validation.mapping.names',
              )}
            </p>
          )}
          <div className="form__actions">
            <button
              type="button"
              className="btn btn--primary"
              disabled={!mappingUsable || !!working || !file}
              onClick={() => file && void read(file, mapping)}
            >
              {t('consent.import.preview')}
            </button>
          </div>
        </div>
      )}

      {preview && !preview.needsMapping && (
        <div className="consent-import__preview" data-testid="consent-import-preview">
          {preview.mappingProfile && (
            <p className="small">{t('consent.import.mappingApplied', { name: preview.mappingProfile })}</p>
          )}
          <p data-testid="consent-import-summary">
            {t('consent.import.summary', {
              rows: preview.rows,
              matched: preview.matched.length,
              unmatched: preview.unmatched.length,
            })}
          </p>
          <p className="small">
            {t('consent.import.answers.columns', {
              columns: (preview.mapping?.decisions ?? [])
                .map(
                  (d) =>
                    `${t('consent.import.mapping.decision', {
                      use: t(`consent.use.${d.use}`),
                      holder: t(`consent.import.holder.${d.holder}`),
                    })} ← « ${d.column} »`,
                )
                .join(' ; '),
            })}
          </p>
          <p data-testid="consent-import-records">
            <strong>
              {t('consent.import.records', {
                records: preview.records,
                unchanged: preview.unchanged,
                date: shownDate,
              })}
            </strong>
          </p>
          {preview.matched.length > 0 && (
            <div className="table-wrap">
              <table className="table" data-testid="consent-import-matched">
                <caption className="visually-hidden">{t('consent.import.matched')}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t('consent.import.col.line')}
                    </th>
                    <th scope="col">{t('consent.import.col.student')}</th>
                    <th scope="col">{t('consent.import.col.class')}</th>
                    <th scope="col">{t('consent.import.col.by')}</th>
                    <th scope="col">{t('consent.import.col.answers')}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.matched.map((m) => (
                    <tr key={m.studentId}>
                      <td className="num">{m.line}</td>
                      <td>{m.name}</td>
                      <td>{m.classLabel ?? '—'}</td>
                      <td>{t(`consent.import.by.${m.matchedBy}`)}</td>
                      <td>
                        {t('consent.import.answers', {
                          granted: m.granted,
                          refused: m.refused,
                          changes: m.changes,
                        })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {preview.unmatched.length > 0 && (
            <div className="consent-import__unmatched" data-testid="consent-import-unmatched">
              <h3 className="consent-form__title">{t('consent.import.unmatched')}</h3>
              <ul className="plain-list">
                {preview.unmatched.map((u) => (
                  <li key={`${u.line}-${u.code}`}>
                    {t('consent.import.col.line')} {u.line} — <strong>{u.name || '—'}</strong> : {u.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {preview.invalid.length > 0 && (
            <div className="consent-import__invalid" data-testid="consent-import-invalid">
              <p className="small">{t('consent.import.invalid')}</p>
              <ul className="plain-list small">
                {preview.invalid.map((i) => (
                  <li key={`${i.line}-${i.column}`}>{t('consent.import.invalid.item', i)}</li>
                ))}
              </ul>
            </div>
          )}
          <div className="form__actions">
            <button
              type="button"
              className="btn btn--primary"
              disabled={!!working || preview.records === 0}
              aria-busy={working === 'importing'}
              onClick={() => void record()}
            >
              {t('consent.import.confirm', { count: preview.records })}
            </button>
          </div>
        </div>
      )}

      {done && (
        <Alert tone="success" onDismiss={() => setDone(null)}>
          <span data-testid="consent-import-done">
            {done.batch
              ? t('consent.import.done', {
                  records: done.batch.records,
                  students: done.batch.students,
                  file: done.file,
                })
              : t('consent.import.done.none', { file: done.file })}
          </span>
        </Alert>
      )}
    </section>
  );
}
