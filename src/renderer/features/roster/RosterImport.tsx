/**
 * Importing the school's roster: choose the file (native picker in Electron; a normal file input in
 * the browser, uploaded to the host which hands the core a path), see what importing would do
 * before anything is written, map the columns of a file that was not recognised (saved profiles
 * offered), import, then archive — or keep — the students missing from the new file.
 */
import { useEffect, useId, useState } from 'react';
import { MAPPING_FIELDS, type MappingField, type RosterPreview } from '../../../shared/domain/roster';
import type { Result } from '../../../shared/rpc/contract';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useAppStore } from '../../stores/app-store';
import { uploadFile } from './upload';

const ROSTER_EXTENSIONS = ['csv', 'txt', 'tsv', 'xlsx', 'xml', 'zip'];
type Mapping = Partial<Record<MappingField, string>>;
type Profiles = Result<'roster.mappings'>;

export function RosterImport({ jobId, onDone }: { jobId: string; onDone: () => void }) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const native = useAppStore((s) => s.info?.nativeDialogs ?? false);
  const [source, setSource] = useState<{ path: string; name: string } | null>(null);
  const [preview, setPreview] = useState<RosterPreview | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [mappingApplied, setMappingApplied] = useState<Mapping | null>(null);
  const [profileName, setProfileName] = useState('');
  const [profiles, setProfiles] = useState<Profiles>([]);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [working, setWorking] = useState<'reading' | 'importing' | null>(null);
  const [result, setResult] = useState<RosterPreview | null>(null);
  const [archived, setArchived] = useState<Set<string>>(new Set());

  useEffect(() => {
    rpc
      .call('roster.mappings', {})
      .then(setProfiles)
      .catch(() => setProfiles([]));
  }, []);

  const reset = () => {
    setPreview(null);
    setResult(null);
    setFailure(null);
    setMapping({});
    setMappingApplied(null);
    setArchived(new Set());
  };

  const read = async (file: { path: string; name: string }, withMapping?: Mapping) => {
    setWorking('reading');
    setFailure(null);
    try {
      const p = await rpc.call('roster.preview', {
        jobId,
        path: file.path,
        ...(withMapping ? { mapping: withMapping } : {}),
      });
      setPreview(p);
      if (withMapping) setMappingApplied(withMapping);
      if (p.needsMapping && !withMapping) setProfileName(file.name.replace(/\.[^.]+$/, ''));
    } catch (e) {
      setPreview(null);
      setFailure(toUiError(e));
    } finally {
      setWorking(null);
    }
  };

  const chooseNative = async () => {
    reset();
    const picked = await rpc.call('fs.pickFile', {
      title: t('roster.import.pickTitle'),
      extensions: ROSTER_EXTENSIONS,
    });
    if (!picked.path) return;
    const file = { path: picked.path, name: picked.path.split(/[/\\]/).pop() ?? picked.path };
    setSource(file);
    await read(file);
  };

  const chooseUpload = async (file: File | undefined) => {
    reset();
    if (!file) return;
    setWorking('reading');
    try {
      const uploaded = await uploadFile(file);
      const chosen = { path: uploaded.path, name: file.name };
      setSource(chosen);
      await read(chosen);
    } catch (e) {
      setFailure(toUiError(e));
      setWorking(null);
    }
  };

  const runImport = async () => {
    if (!source || !preview) return;
    setWorking('importing');
    setFailure(null);
    try {
      const done = await rpc.call('roster.import', {
        jobId,
        path: source.path,
        ...(mappingApplied
          ? { mapping: mappingApplied, profileName: profileName.trim() || source.name }
          : {}),
      });
      setResult(done);
      setPreview(null);
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setWorking(null);
    }
  };

  const archive = async (ids: string[]) => {
    try {
      await rpc.call('students.archive', { jobId, studentIds: ids });
      setArchived((a) => new Set([...a, ...ids]));
    } catch (e) {
      setFailure(toUiError(e));
    }
  };

  const columns = preview?.columns ?? [];
  const mappingComplete = (mapping.familyName && mapping.firstName) || mapping.fullName;
  const usableProfiles = profiles.filter((p) => Object.values(p.mapping).every((c) => columns.includes(c)));

  return (
    <div className="roster-import">
      <section className="card" aria-labelledby={`${uid}-title`}>
        <h2 id={`${uid}-title`} className="card__title">
          {t('roster.import.title')}
        </h2>
        <p className="muted">{t('roster.import.hint')}</p>
        {native ? (
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => void chooseNative()}
            disabled={!!working}
          >
            {t('roster.import.choose')}
          </button>
        ) : (
          <div className="file-pick">
            {/* The native input is hidden: its button would speak the browser's language, not the user's. */}
            <input
              id={`${uid}-file`}
              className="visually-hidden"
              type="file"
              accept={ROSTER_EXTENSIONS.map((e) => `.${e}`).join(',')}
              disabled={!!working}
              onChange={(e) => {
                void chooseUpload(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
            <label htmlFor={`${uid}-file`} className={`btn btn--primary${working ? ' btn--disabled' : ''}`}>
              {t('roster.import.choose')}
            </label>
          </div>
        )}
        {source && (
          <p className="mono small" data-testid="roster-file">
            {source.name}
          </p>
        )}
        {working === 'reading' && <p className="muted">{t('roster.import.reading')}</p>}
        {failure && (
          <Alert tone="error" onDismiss={() => setFailure(null)}>
            <span data-testid="roster-error">{tr.error(failure)}</span>
          </Alert>
        )}
      </section>

      {preview?.needsMapping && !mappingApplied && (
        <section className="card" aria-labelledby={`${uid}-mapping`} data-testid="roster-mapping">
          <h2 id={`${uid}-mapping`} className="card__title">
            {t('roster.mapping.title')}
          </h2>
          <p className="muted">{t('roster.mapping.hint', { columns: columns.join(' · ') })}</p>
          {usableProfiles.length > 0 && (
            <div className="field">
              <label htmlFor={`${uid}-profile`} className="field__label">
                {t('roster.mapping.profile')}
              </label>
              <select
                id={`${uid}-profile`}
                className="input select"
                defaultValue=""
                onChange={(e) => {
                  const found = usableProfiles.find((p) => p.name === e.target.value);
                  if (found) {
                    setMapping(found.mapping);
                    setProfileName(found.name);
                  }
                }}
              >
                <option value="">{t('roster.mapping.profile.none')}</option>
                {usableProfiles.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div className="mapping-grid">
            {MAPPING_FIELDS.map((field) => (
              <div key={field} className="field">
                <label htmlFor={`${uid}-map-${field}`} className="field__label">
                  {t(`roster.field.${field}`)}
                </label>
                <select
                  id={`${uid}-map-${field}`}
                  className="input select"
                  value={mapping[field] ?? ''}
                  onChange={(e) =>
                    setMapping(({ [field]: _old, ...rest }) =>
                      e.target.value ? { ...rest, [field]: e.target.value } : rest,
                    )
                  }
                >
                  <option value="">{t('roster.mapping.unused')}</option>
                  {columns.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <div className="field">
            <label htmlFor={`${uid}-profile-name`} className="field__label">
              {t('roster.mapping.saveAs')}
            </label>
            <input
              id={`${uid}-profile-name`}
              className="input"
              value={profileName}
              maxLength={200}
              onChange={(e) => setProfileName(e.target.value)}
            />
          </div>
          {!mappingComplete && (
            <p className="field-note field-note--hint">{tr.fieldMessage('validation.mapping.names')}</p>
          )}
          <div className="form__actions">
            <button
              type="button"
              className="btn btn--primary"
              disabled={!mappingComplete || !!working || !source}
              onClick={() => source && void read(source, mapping)}
            >
              {t('roster.mapping.apply')}
            </button>
          </div>
        </section>
      )}

      {preview && !preview.needsMapping && <PreviewCard preview={preview} />}
      {preview && !preview.needsMapping && (
        <div className="form__actions form__actions--start">
          {mappingApplied && (
            <button type="button" className="btn btn--ghost" onClick={() => setMappingApplied(null)}>
              {t('roster.mapping.change')}
            </button>
          )}
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => void runImport()}
            disabled={!!working || preview.students === 0}
            aria-busy={working === 'importing'}
          >
            {working === 'importing'
              ? t('roster.import.importing')
              : t('roster.import.submit', { count: tr.number(preview.students) })}
          </button>
        </div>
      )}

      {result && (
        <section className="card" aria-labelledby={`${uid}-done`} data-testid="roster-result">
          <h2 id={`${uid}-done`} className="card__title">
            {t('roster.import.done')}
          </h2>
          <Alert tone="success">
            {t('roster.import.done.summary', {
              students: tr.number(result.students),
              added: tr.number(result.merge.added),
              matched: tr.number(result.merge.matched),
            })}
          </Alert>
          {result.merge.missing.length > 0 && (
            <>
              <h3 className="section-title">
                {t('roster.import.missing', { count: result.merge.missing.length })}
              </h3>
              <p className="muted small">{t('roster.import.missing.hint')}</p>
              <ul className="plain-list missing-list" data-testid="roster-missing">
                {result.merge.missing.map((m) => (
                  <li key={m.id} className="missing-list__item">
                    <span>
                      {m.name} {m.classLabel && <span className="muted">({m.classLabel})</span>}
                    </span>
                    {archived.has(m.id) ? (
                      <span className="tag">{t('roster.student.archived')}</span>
                    ) : (
                      <button
                        type="button"
                        className="btn btn--secondary btn--small"
                        onClick={() => void archive([m.id])}
                        aria-label={t('roster.import.archive.label', { name: m.name })}
                      >
                        {t('roster.import.archive')}
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              {result.merge.missing.some((m) => !archived.has(m.id)) && (
                <button
                  type="button"
                  className="btn btn--secondary"
                  onClick={() =>
                    void archive(result.merge.missing.filter((m) => !archived.has(m.id)).map((m) => m.id))
                  }
                >
                  {t('roster.import.archiveAll')}
                </button>
              )}
            </>
          )}
          <div className="form__actions form__actions--start">
            <button type="button" className="btn btn--primary" onClick={onDone}>
              {t('roster.import.seeClasses')}
            </button>
          </div>
        </section>
      )}
    </div>
  );
}

function PreviewCard({ preview }: { preview: RosterPreview }) {
  const tr = useT();
  const { t } = tr;
  const dropped = preview.columns.filter((c) => !preview.usedColumns.includes(c));
  return (
    <section className="card preview" aria-labelledby="preview-title" data-testid="roster-preview">
      <h2 id="preview-title" className="card__title">
        {t('roster.preview.title')}
      </h2>
      <p className="muted small">{t('roster.preview.nothingWritten')}</p>
      <dl className="preview-facts">
        <div>
          <dt>{t('roster.preview.format')}</dt>
          <dd data-testid="preview-format">{t(`roster.format.${preview.format}`)}</dd>
        </div>
        <div>
          <dt>{t('roster.preview.encoding')}</dt>
          <dd data-testid="preview-encoding">{preview.encoding}</dd>
        </div>
        <div>
          <dt>{t('roster.preview.students')}</dt>
          <dd data-testid="preview-students">{tr.number(preview.students)}</dd>
        </div>
        <div>
          <dt>{t('roster.preview.merge')}</dt>
          <dd data-testid="preview-merge">
            {t('roster.preview.merge.value', {
              added: tr.number(preview.merge.added),
              matched: tr.number(preview.merge.matched),
              missing: tr.number(preview.merge.missing.length),
            })}
          </dd>
        </div>
      </dl>
      {preview.mappingProfile && (
        <p className="small">{t('roster.preview.profile', { name: preview.mappingProfile })}</p>
      )}

      <h3 className="section-title">{t('roster.preview.classes')}</h3>
      <table className="table table--compact" data-testid="preview-classes">
        <thead>
          <tr>
            <th scope="col">{t('roster.classes.label')}</th>
            <th scope="col" className="num">
              {t('roster.preview.students')}
            </th>
            <th scope="col">
              <span className="visually-hidden">{t('roster.preview.new')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {preview.classes.map((c) => (
            <tr key={c.label}>
              <td>{c.label}</td>
              <td className="num">{c.students}</td>
              <td>{c.isNew && <span className="tag">{t('roster.preview.new')}</span>}</td>
            </tr>
          ))}
          {preview.withoutClass > 0 && (
            <tr>
              <td className="muted">{t('roster.classes.none')}</td>
              <td className="num">{preview.withoutClass}</td>
              <td>
                <span className="tag tag--warning">{t('roster.preview.withoutClass')}</span>
              </td>
            </tr>
          )}
        </tbody>
      </table>

      {preview.rejected.length > 0 && (
        <>
          <h3 className="section-title">
            {t('roster.preview.rejected', { count: preview.rejected.length })}
          </h3>
          <ul className="plain-list issue-list" data-testid="preview-rejected">
            {preview.rejected.map((r) => (
              <li key={`${r.line}-${r.code}`}>
                {t('roster.preview.line', { line: r.line, reason: r.reason })}
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.duplicates.length > 0 && (
        <>
          <h3 className="section-title">
            {t('roster.preview.duplicates', { count: preview.duplicates.length })}
          </h3>
          <ul className="plain-list issue-list" data-testid="preview-duplicates">
            {preview.duplicates.map((d) => (
              <li key={d.line}>
                {t('roster.preview.duplicate', { line: d.line, first: d.firstLine, name: d.name })}
              </li>
            ))}
          </ul>
        </>
      )}
      {preview.merge.missing.length > 0 && (
        <p className="small">
          {t('roster.preview.missing', { names: preview.merge.missing.map((m) => m.name).join(', ') })}
        </p>
      )}
      {preview.left > 0 && <p className="small muted">{t('roster.preview.left', { count: preview.left })}</p>}
      {preview.photoHints > 0 && (
        <p className="small muted">{t('roster.preview.photoHints', { count: preview.photoHints })}</p>
      )}
      {dropped.length > 0 && (
        <p className="small muted" data-testid="preview-dropped">
          {t('roster.preview.dropped', { count: dropped.length, names: dropped.join(', ') })}
        </p>
      )}
    </section>
  );
}
