/**
 * « Consentements »: a class's paper forms entered at the speed of the class. The source and the
 * date of the documents are chosen once for the session and shown; the grid takes one key per
 * decision, one per child in the common case (Entrée: both parents agreed to everything); saving is
 * one call, one transaction, one audit row — and the last batch can be undone. From here too: the
 * class's consent sheet to print, and the import of the sheet the school returns.
 */
import { useId, useMemo, useState } from 'react';
import {
  GRID_SOURCES,
  type ConsentBatchResult,
  type ConsentGrid as Grid,
} from '../../../shared/domain/consent';
import type { SchoolClass } from '../../../shared/domain/roster';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { parseFrenchDate } from '../../lib/new-job-form';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { ConsentGrid } from './ConsentGrid';
import { ConsentSheetImport } from './ConsentSheetImport';
import {
  gridColumns,
  localIsoDate,
  pendingEntries,
  reduceGrid,
  unconfirmedHints,
  type GridAction,
  type GridContext,
} from './consent-grid';
import { useConsentGridStore } from './consent-grid-store';
import { openExport } from './open-export';

type GridSource = (typeof GRID_SOURCES)[number];

/** What the grid and its class list follow: the roster and consent, changed here or elsewhere. */
const ROSTER_ENTITIES = ['classes', 'students', 'consent'] as const;

const KEYS = [
  ['consent.grid.key.allRow', 'consent.grid.keys.allRow'],
  ['consent.grid.key.yes', 'consent.grid.keys.yes'],
  ['consent.grid.key.no', 'consent.grid.keys.no'],
  ['consent.grid.key.clear', 'consent.grid.keys.clear'],
  ['consent.grid.key.row', 'consent.grid.keys.row'],
  ['consent.grid.key.column', 'consent.grid.keys.column'],
  ['consent.grid.key.hint', 'consent.grid.keys.hint'],
  ['consent.grid.key.arrows', 'consent.grid.keys.move'],
  ['consent.grid.key.undo', 'consent.grid.keys.undo'],
  ['consent.grid.key.save', 'consent.grid.keys.save'],
] as const;

export function ConsentGridView({ jobId, initialClassId }: { jobId: string; initialClassId: string | null }) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const [classId, setClassId] = useState<string | null>(initialClassId);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [source, setSource] = useState<GridSource>('paper_form');
  const [date, setDate] = useState(() => tr.date(new Date()));
  const [dateError, setDateError] = useState<string | null>(null);
  const [hints, setHints] = useState(true);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<{ result: ConsentBatchResult; source: GridSource; date: string } | null>(
    null,
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [sheet, setSheet] = useState<{ name: string; href: string | null } | null>(null);
  const [printing, setPrinting] = useState(false);
  const [importing, setImporting] = useState(false);
  const [focusGrid, setFocusGrid] = useState(true);

  const watch = { entities: ROSTER_ENTITIES, onError: setFailure };
  const classes: SchoolClass[] | null = useLiveQuery('classes.list', { jobId }, watch).data;
  const current = classId ?? classes?.[0]?.id ?? null;
  const grid: Grid | null = useLiveQuery(
    'consent.grid',
    current ? { jobId, classId: current } : null,
    watch,
  ).data;

  const state = useConsentGridStore((s) => (current ? s.grids[`${jobId}|${current}`] : undefined)) ?? {
    row: 0,
    col: 0,
    drafts: {},
    history: [],
  };
  const shown = grid && grid.classId === current ? grid : null;
  const columns = useMemo(
    () => gridColumns(shown?.oneSignatureSuffices ?? false),
    [shown?.oneSignatureSuffices],
  );
  const anyHint = shown?.rows.some((r) => r.photoHint !== null) ?? false;
  const ctx: GridContext | null = shown ? { rows: shown.rows, columns, hints: hints && anyHint } : null;
  const entries = ctx ? pendingEntries(state.drafts, ctx) : [];
  const waitingHints = ctx ? unconfirmedHints(state.drafts, ctx) : 0;

  /** The date typed, checked: dd/mm/yyyy and never after today. */
  const checkedDate = (): string | null => {
    const parsed = parseFrenchDate(date);
    if ('error' in parsed) {
      setDateError(tr.fieldMessage(parsed.error));
      return null;
    }
    const today = shown?.today ?? localIsoDate(new Date());
    if (parsed.iso > today) {
      setDateError(tr.fieldMessage('consent.date.future', { today: tr.date(today) }));
      return null;
    }
    setDateError(null);
    return parsed.iso;
  };
  const parsedDate = parseFrenchDate(date);

  const save = async () => {
    if (!shown || !ctx || !current || saving) return;
    setNotice(null);
    setFailure(null);
    const decidedOn = checkedDate();
    if (!decidedOn) return;
    const toSave = pendingEntries(useConsentGridStore.getState().get(jobId, current).drafts, ctx);
    if (toSave.length === 0) {
      setNotice(t('consent.grid.nothing'));
      return;
    }
    setSaving(true);
    try {
      const result = await rpc.call('consent.recordMany', { jobId, source, decidedOn, entries: toSave });
      const now = useConsentGridStore.getState().get(jobId, current);
      useConsentGridStore.getState().set(jobId, current, { ...now, drafts: {}, history: [] });
      setSaved({ result, source, date: decidedOn });
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setSaving(false);
    }
  };

  const onAction = (action: GridAction | 'save') => {
    if (!ctx || !current) return;
    if (action === 'save') {
      void save();
      return;
    }
    // Read the store, not this render's copy: keys typed faster than React renders all count.
    const store = useConsentGridStore.getState();
    store.set(jobId, current, reduceGrid(store.get(jobId, current), action, ctx));
  };

  const undo = async (batchId: string) => {
    setFailure(null);
    setNotice(null);
    try {
      const batch = await rpc.call('consent.undoBatch', { jobId, batchId });
      setSaved(null);
      setNotice(t('consent.grid.undone', { records: batch.records }));
    } catch (e) {
      setFailure(toUiError(e));
    }
  };

  const printSheet = async () => {
    if (!current) return;
    setPrinting(true);
    setFailure(null);
    setSheet(null);
    try {
      const { path } = await rpc.call('consent.sheetPdf', { jobId, classIds: [current] });
      setSheet(await openExport(jobId, path));
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setPrinting(false);
    }
  };

  if (!classes)
    return failure ? (
      <Alert tone="error">{tr.error(failure)}</Alert>
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );
  if (classes.length === 0) return <p className="muted">{t('consent.grid.noClasses')}</p>;

  const locked = Object.keys(state.drafts).length > 0;
  const last = shown?.lastBatch ?? null;
  const schoolClass = classes.find((c) => c.id === current);

  return (
    <div className="consent-grid-view">
      <section className="card" aria-labelledby={`${uid}-title`}>
        <div className="card__head">
          <h2 id={`${uid}-title`} className="card__title">
            {t('consent.grid.title')}
          </h2>
          <div className="toolbar__group">
            <button
              type="button"
              className="btn btn--secondary btn--small"
              onClick={() => void printSheet()}
              disabled={printing || !current}
            >
              {printing ? t('consent.sheet.printing') : t('consent.sheet.print')}
            </button>
            <button
              type="button"
              className="btn btn--secondary btn--small"
              aria-expanded={importing}
              onClick={() => setImporting((v) => !v)}
            >
              {t('consent.import.title')}
            </button>
          </div>
        </div>
        <div className="field-grid field-grid--3 consent-grid-session">
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-class`}>
              {t('consent.grid.class')}
            </label>
            <select
              id={`${uid}-class`}
              className="input select"
              value={current ?? ''}
              disabled={locked}
              aria-describedby={locked ? `${uid}-locked` : undefined}
              onChange={(e) => {
                setClassId(e.target.value);
                setSaved(null);
                setNotice(null);
                setFocusGrid(true);
              }}
            >
              {classes.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label}
                </option>
              ))}
            </select>
            {locked && (
              <FieldNote id={`${uid}-locked`} tone="hint">
                {t('consent.grid.locked')}
              </FieldNote>
            )}
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-source`}>
              {t('consent.grid.source')}
            </label>
            <select
              id={`${uid}-source`}
              className="input select"
              value={source}
              onChange={(e) => setSource(e.target.value as GridSource)}
            >
              {GRID_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`consent.source.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-date`}>
              {t('consent.grid.date')}
            </label>
            <input
              id={`${uid}-date`}
              className="input input--date"
              inputMode="numeric"
              value={date}
              onChange={(e) => setDate(e.target.value)}
              onBlur={() => void checkedDate()}
              aria-invalid={!!dateError}
              aria-describedby={dateError ? `${uid}-date-error` : undefined}
            />
            {dateError && (
              <FieldNote id={`${uid}-date-error`} tone="error">
                {dateError}
              </FieldNote>
            )}
          </div>
        </div>
        <p className="consent-grid__as" data-testid="grid-recorded-as">
          {t('consent.grid.recordedAs', {
            source: t(`consent.source.${source}`),
            date: 'iso' in parsedDate ? tr.date(parsedDate.iso) : date,
          })}
        </p>
        {anyHint && (
          <label className="check">
            <input type="checkbox" checked={hints} onChange={(e) => setHints(e.target.checked)} />
            <span>{t('consent.grid.hints')}</span>
          </label>
        )}
      </section>

      {importing && schoolClass && (
        <ConsentSheetImport jobId={jobId} schoolClass={schoolClass} onClose={() => setImporting(false)} />
      )}

      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          <span data-testid="grid-error">{tr.error(failure)}</span>
        </Alert>
      )}
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
      {saved && (
        <Alert tone="success" onDismiss={() => setSaved(null)}>
          <span data-testid="grid-saved">
            {saved.result.batch
              ? t('consent.grid.saved', {
                  recorded: saved.result.recorded,
                  students: saved.result.students,
                  source: t(`consent.source.${saved.source}`),
                  date: tr.date(saved.date),
                })
              : t('consent.grid.saved.none')}
            {saved.result.withdrawals > 0 &&
              ` ${t('consent.grid.saved.withdrawals', { count: saved.result.withdrawals })}`}
            {saved.result.removalsQueued > 0 &&
              ` ${t('consent.grid.saved.removals', { count: saved.result.removalsQueued })}`}
          </span>
        </Alert>
      )}
      {notice && (
        <Alert tone="info" onDismiss={() => setNotice(null)}>
          <span data-testid="grid-notice">{notice}</span>
        </Alert>
      )}

      <section className="card consent-grid-card" aria-label={schoolClass?.label}>
        {shown && ctx ? (
          <ConsentGrid
            grid={shown}
            columns={columns}
            state={state}
            hints={ctx.hints}
            onAction={onAction}
            autoFocus={focusGrid}
          />
        ) : (
          <p className="muted">{t('app.loading')}</p>
        )}
        <div className="consent-grid__footer">
          <span className="consent-grid__count" data-testid="grid-pending" aria-live="polite">
            {t('consent.grid.pending', { count: entries.length })}
          </span>
          {waitingHints > 0 && (
            <span className="muted small" data-testid="grid-hints-waiting">
              {t('consent.grid.unconfirmed', { count: waitingHints })}
            </span>
          )}
          <span className="toolbar__spacer" />
          <button
            type="button"
            className="btn btn--ghost btn--small"
            disabled={!locked}
            onClick={() => onAction({ type: 'clear' })}
          >
            {t('consent.grid.clear')}
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={saving}
            aria-busy={saving}
            onClick={() => void save()}
          >
            {saving ? t('consent.grid.saving') : t('consent.grid.save')}
          </button>
        </div>
        {last && (
          <p className="consent-grid__last small" data-testid="grid-last-batch">
            {t('consent.grid.last', {
              records: last.records,
              students: last.students,
              source: t(`consent.source.${last.source}`),
              date: tr.date(last.decidedOn),
              at: tr.dateTime(last.recordedAt),
            })}{' '}
            {last.undoable && (
              <button type="button" className="btn btn--ghost btn--small" onClick={() => void undo(last.id)}>
                {t('consent.grid.undo')}
              </button>
            )}
          </p>
        )}
      </section>

      <section className="card consent-keys" aria-labelledby={`${uid}-keys`}>
        <h3 id={`${uid}-keys`} className="card__title">
          {t('consent.grid.keys.title')}
        </h3>
        <dl className="consent-keys__list" data-testid="grid-keys">
          {KEYS.map(([keyLabel, what]) => (
            <div key={keyLabel} className="consent-keys__item">
              <dt>
                <kbd>{t(keyLabel)}</kbd>
              </dt>
              <dd>{t(what)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
