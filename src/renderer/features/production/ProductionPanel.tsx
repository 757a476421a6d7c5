/**
 * The production part of « Commandes et production »: the checks before a run (each with its
 * one-click fix), the run for the lab (a task: progress in the tasks panel, cancellable) with the
 * lab profile, the last run (counts, what was not produced and why, the output folder), the
 * packing documents (packing lists, envelope labels, delivery slips) and marking envelopes packed
 * or delivered by typing or scanning the order number of a label (a scanner types it and Enter).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  DEFAULT_LAB_PROFILE,
  productionReportSchema,
  type LabProfile,
  type ProductionCheck,
  type ProductionReport,
} from '../../../shared/domain/production';
import type { PrintRatioId } from '../../../shared/domain/proofing';
import type { TaskInfo } from '../../../shared/domain/task';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useJobStore } from '../../stores/job-store';
import { ExportLink, useCanOpen } from '../forms/ExportLink';
import { TasksPanel } from '../job/TasksPanel';

const RUN_TASK = 'production.run';

/** Order numbers shown in one check line; the rest are counted. */
const ORDERS_SHOWN = 8;

/**
 * What the checks list shows: a missing crop per photo and ratio would be one line per ordered
 * photo (a whole class for a new format), so those of one format are one line with one fix.
 */
export interface ShownCheck {
  check: ProductionCheck;
  /** Every check the line stands for (the photos whose centred crop its fix accepts). */
  members: ProductionCheck[];
}

export function groupChecks(checks: readonly ProductionCheck[]): ShownCheck[] {
  const out: ShownCheck[] = [];
  const crops = new Map<string, ShownCheck>();
  for (const c of checks) {
    if (c.kind !== 'crop_missing') {
      out.push({ check: c, members: [c] });
      continue;
    }
    const format = String(c.words.params.format ?? '');
    const group = crops.get(format);
    if (group) group.members.push(c);
    else {
      const shown = { check: c, members: [c] };
      crops.set(format, shown);
      out.push(shown);
    }
  }
  return out;
}

function ordersOf(members: readonly ProductionCheck[]): string {
  const numbers = [...new Set(members.flatMap((m) => m.orderNumbers))];
  const shown = numbers.slice(0, ORDERS_SHOWN).join(', ');
  return numbers.length > ORDERS_SHOWN ? `${shown}, … (+${numbers.length - ORDERS_SHOWN})` : shown;
}

function lastRun(tasks: readonly TaskInfo[]): TaskInfo | undefined {
  return tasks.filter((t) => t.kind === RUN_TASK).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

export function ProductionPanel({
  jobId,
  onOpenOrders,
}: {
  jobId: string;
  /** Goes to where an order is changed (held, cancelled, its pose) or the price list. */
  onOpenOrders?: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const tasks = useJobStore((s) => s.tasks);
  const refreshTasks = useJobStore((s) => s.refreshTasks);
  const canOpen = useCanOpen();
  const [failure, setFailure] = useState<UiError | null>(null);
  const [checks, setChecks] = useState<ProductionCheck[] | null>(null);
  const [profiles, setProfiles] = useState<LabProfile[]>([]);
  const [profile, setProfile] = useState('');
  const [starting, setStarting] = useState(false);
  const [docs, setDocs] = useState<{ files: string[]; orders: number } | null>(null);
  const [scan, setScan] = useState('');
  const [scanStatus, setScanStatus] = useState<'packed' | 'delivered'>('packed');
  const [scanned, setScanned] = useState<string | null>(null);
  const scanRef = useRef<HTMLInputElement>(null);

  const task = lastRun(tasks);
  const running = task?.status === 'queued' || task?.status === 'running';
  const report: ProductionReport | null = useMemo(() => {
    if (task?.status !== 'done') return null;
    const parsed = productionReportSchema.safeParse(task.result);
    return parsed.success ? parsed.data : null;
  }, [task]);

  // Checks are read again when asked, after a fix, and when a run ends.
  const [reload, setReload] = useState(0);
  const loadChecks = useCallback(() => setReload((n) => n + 1), []);
  const doneRun = task?.status === 'done' ? task.id : null;
  useEffect(() => {
    let live = true;
    rpc.call('production.checks', { jobId }).then(
      (list) => live && setChecks(list),
      (e: unknown) => live && setFailure(toUiError(e)),
    );
    return () => {
      live = false;
    };
  }, [jobId, reload, doneRun]);

  useEffect(() => {
    let live = true;
    void rpc.call('production.profiles', {}).then((list) => {
      if (!live) return;
      setProfiles(list);
      setProfile((p) => p || (list[0]?.name ?? ''));
    });
    return () => {
      live = false;
    };
  }, []);

  const guarded = async (fn: () => Promise<void>) => {
    setFailure(null);
    try {
      await fn();
    } catch (e) {
      setFailure(toUiError(e));
    }
  };

  const start = () =>
    guarded(async () => {
      setStarting(true);
      try {
        await rpc.call('production.start', { jobId, ...(profile ? { profile } : {}) });
        await refreshTasks();
      } finally {
        setStarting(false);
      }
    });

  const fix = ({ check: c, members }: ShownCheck) =>
    guarded(async () => {
      switch (c.fix) {
        case 'accept_centred_crop':
          try {
            for (const m of members)
              if (m.photoId && m.ratio)
                await rpc.call('production.acceptCentredCrop', {
                  jobId,
                  photoId: m.photoId,
                  ratio: m.ratio as PrintRatioId,
                });
          } finally {
            loadChecks();
          }
          return;
        case 'verify_originals':
          await rpc.call('originals.verify', { jobId, repair: false });
          await refreshTasks();
          return;
        case 'open_order':
        case 'open_price_list':
          onOpenOrders?.();
          return;
      }
    });

  const writeDocs = () =>
    guarded(async () => {
      setDocs(await rpc.call('production.documents', { jobId }));
    });

  const mark = () =>
    guarded(async () => {
      const number = scan.trim();
      if (!number) return;
      try {
        await rpc.call('production.mark', { jobId, orderNumber: number, status: scanStatus });
        setScanned(number);
        setScan('');
      } finally {
        scanRef.current?.focus();
      }
    });

  const fixLabel = {
    accept_centred_crop: 'production.fix.acceptCrop',
    verify_originals: 'production.fix.verify',
    open_order: 'production.fix.openOrder',
    open_price_list: 'production.fix.openPriceList',
  } as const;

  return (
    <div className="production" data-testid="production-panel">
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}

      <section className="card" aria-labelledby="production-checks-title">
        <div className="card__head">
          <h2 id="production-checks-title" className="card__title">
            {t('production.checks.title')}
          </h2>
          <button type="button" className="btn btn--secondary btn--small" onClick={loadChecks}>
            {t('production.checks.refresh')}
          </button>
        </div>
        {checks === null ? (
          <p className="muted">{t('production.checks.loading')}</p>
        ) : checks.length === 0 ? (
          <p className="field-note field-note--ok" data-testid="production-checks-ok">
            {t('production.checks.none')}
          </p>
        ) : (
          <ul className="check-list" data-testid="production-checks">
            {groupChecks(checks).map((shown, i) => {
              const c = shown.check;
              const many = shown.members.length > 1;
              return (
                <li
                  key={`${c.kind}-${c.photoId ?? ''}-${c.orderNumbers.join(',')}-${i}`}
                  className="check-list__item"
                >
                  <span className="tag tag--warning">{t(`production.check.${c.kind}`)}</span>{' '}
                  <span>
                    {many
                      ? t('production.words.crop_missing_many', {
                          format: String(c.words.params.format ?? ''),
                          count: shown.members.length,
                          orders: ordersOf(shown.members),
                        })
                      : t(`production.words.${c.words.key}`, c.words.params)}
                  </span>{' '}
                  {(c.fix !== 'open_order' && c.fix !== 'open_price_list') || onOpenOrders ? (
                    <button
                      type="button"
                      className="btn btn--secondary btn--small"
                      onClick={() => void fix(shown)}
                    >
                      {many
                        ? t('production.fix.acceptCrops', { count: shown.members.length })
                        : t(fixLabel[c.fix])}
                    </button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="production-run-title">
        <div className="card__head">
          <h2 id="production-run-title" className="card__title">
            {t('production.run.title')}
          </h2>
        </div>
        <p className="muted">{t('production.run.intro')}</p>
        <div className="form__actions form__actions--start">
          <label className="field field--inline">
            <span className="field__label">{t('production.run.profile')}</span>
            <select
              value={profile}
              onChange={(e) => setProfile(e.target.value)}
              data-testid="production-profile"
            >
              {profiles.map((p) => (
                <option key={p.name} value={p.name}>
                  {/* The built-in profile's name is the studio's key for it; it is shown in the reader's language. */}
                  {p.name === DEFAULT_LAB_PROFILE.name ? t('production.profile.default') : p.name} — {p.ppi}{' '}
                  ppi,{' '}
                  {t(p.layout === 'by_format' ? 'production.layout.by_format' : 'production.layout.by_child')}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => void start()}
            disabled={starting || running}
            data-testid="production-start"
          >
            {running ? t('production.run.running') : t('production.run.start')}
          </button>
        </div>
        {task?.status === 'failed' && task.error && (
          <Alert tone="error">
            {tr.error({
              code: task.error.code,
              params: task.error.params ?? {},
              issues: task.error.issues ?? [],
            })}
          </Alert>
        )}
        {task?.status === 'cancelled' && <Alert tone="info">{t('production.run.cancelled')}</Alert>}
      </section>

      {running && <TasksPanel />}

      {report && (
        <section className="card" aria-labelledby="production-result-title" data-testid="production-result">
          <div className="card__head">
            <h2 id="production-result-title" className="card__title">
              {t('production.result.title')}
            </h2>
            {canOpen && (
              <button
                type="button"
                className="btn btn--secondary btn--small"
                onClick={() =>
                  void guarded(
                    async () => void (await rpc.call('fs.openExport', { jobId, path: report.path })),
                  )
                }
              >
                {t('production.result.openFolder')}
              </button>
            )}
          </div>
          <dl className="stat-row">
            <div className="stat">
              <dt>{t('production.result.orders')}</dt>
              <dd data-testid="production-orders">{tr.number(report.orders)}</dd>
            </div>
            <div className="stat">
              <dt>{t('production.result.prints')}</dt>
              <dd data-testid="production-prints">{tr.number(report.prints)}</dd>
            </div>
            <div className="stat">
              <dt>{t('production.result.digital')}</dt>
              <dd>{tr.number(report.digitalFiles)}</dd>
            </div>
            <div className={report.problems.length > 0 ? 'stat stat--warning' : 'stat'}>
              <dt>{t('production.result.problems')}</dt>
              <dd data-testid="production-problems-count">{tr.number(report.problems.length)}</dd>
            </div>
          </dl>
          <p className="muted small" data-testid="production-folder">
            {t('production.result.folder', { path: report.path })}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t('production.col.format')}</th>
                <th scope="col">{t('production.col.prints')}</th>
                <th scope="col">{t('production.col.sheets')}</th>
              </tr>
            </thead>
            <tbody>
              {report.perFormat.map((f) => (
                <tr key={f.format}>
                  <td>{f.format}</td>
                  <td>{tr.number(f.prints)}</td>
                  <td>{f.sheets > 0 ? tr.number(f.sheets) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {report.centredCrops > 0 && (
            <p className="field-note">{t('production.result.centred', { count: report.centredCrops })}</p>
          )}
          {report.digitalAsShot > 0 && (
            <p className="field-note" data-testid="production-as-shot">
              {t('production.result.asShot', { count: report.digitalAsShot })}
            </p>
          )}
          {report.fromBackup.map((b) => (
            <p key={b} className="field-note">
              {t('production.result.fromBackup', { file: b })}
            </p>
          ))}
          {report.problems.length > 0 && (
            <ul className="check-list" data-testid="production-problems">
              {report.problems.map((p, i) => (
                <li key={`${p.orderNumber}-${i}`} className="check-list__item">
                  <strong>{p.orderNumber}</strong> — {t(`production.words.${p.words.key}`, p.words.params)}
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <section className="card" aria-labelledby="production-packing-title">
        <div className="card__head">
          <h2 id="production-packing-title" className="card__title">
            {t('production.packing.title')}
          </h2>
        </div>
        <p className="muted">{t('production.packing.intro')}</p>
        <div className="form__actions form__actions--start">
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => void writeDocs()}
            data-testid="production-documents"
          >
            {t('production.packing.write')}
          </button>
        </div>
        {docs && (
          <ul className="file-list" data-testid="production-documents-files">
            {docs.files.map((f) => (
              <li key={f} className="file-list__item">
                <span aria-hidden="true" className="file-list__icon">
                  PDF
                </span>
                <ExportLink jobId={jobId} path={f} onError={setFailure} />
              </li>
            ))}
          </ul>
        )}
        <form
          className="form__actions form__actions--start"
          onSubmit={(e) => {
            e.preventDefault();
            void mark();
          }}
        >
          <label className="field field--inline">
            <span className="field__label">{t('production.scan.label')}</span>
            <input
              ref={scanRef}
              value={scan}
              onChange={(e) => setScan(e.target.value)}
              placeholder={t('production.scan.placeholder')}
              autoComplete="off"
              data-testid="production-scan"
            />
          </label>
          <select
            value={scanStatus}
            onChange={(e) => setScanStatus(e.target.value as 'packed' | 'delivered')}
            aria-label={t('production.scan.status')}
            data-testid="production-scan-status"
          >
            <option value="packed">{t('production.scan.packed')}</option>
            <option value="delivered">{t('production.scan.delivered')}</option>
          </select>
          <button type="submit" className="btn btn--secondary">
            {t('production.scan.mark')}
          </button>
        </form>
        {scanned && (
          <p className="field-note field-note--ok" role="status" data-testid="production-scan-done">
            {t(scanStatus === 'packed' ? 'production.scan.donePacked' : 'production.scan.doneDelivered', {
              number: scanned,
            })}
          </p>
        )}
      </section>
    </div>
  );
}
