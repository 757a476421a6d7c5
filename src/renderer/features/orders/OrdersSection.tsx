/**
 * The job's « Commandes » section, the order side of « Commandes et production »: the online
 * orders fetched from the sales platform (a task, followed in the tasks panel), the families that
 * ordered both on paper and online (a person decides: keep both or cancel one — nothing is merged),
 * the order book itself (every order, paper and online, filtered by class, status and channel or
 * searched by child or number, the count always true), one order opened with its actions, actions
 * on a selection, and the totals by class and channel with the association's share.
 */
import { useMemo, useState } from 'react';
import { orderSyncReportSchema, type BookOrder } from '../../../shared/domain/order-book';
import type { TaskInfo } from '../../../shared/domain/task';
import { formatMoney, type MessageKey } from '../../../shared/i18n';
import type { ErrorParams } from '../../../shared/rpc/errors';
import type { DataEntity } from '../../../shared/rpc/events';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useAppStore } from '../../stores/app-store';
import { useJobStore } from '../../stores/job-store';
import { TasksPanel } from '../job/TasksPanel';
import {
  EMPTY_FILTER,
  NO_CLASS,
  STATUS_FILTERS,
  classOptions,
  doubleChannelGroups,
  filterOrders,
  isFiltered,
  reasonProblem,
  remakesOf,
  selectionActions,
  type BookFilter,
  type DoubleChannel,
} from './order-book-view';
import { OrderBookTotalsCard } from './OrderBookTotals';
import { OrderDetail, type DetailActions, type DetailMode } from './OrderDetail';
import { OrderList } from './OrderList';

const SYNC_TASK = 'orders.sync';
/** What the book shows depends on: its orders, paper orders typed in, the children's names and classes. */
const ENTITIES: readonly DataEntity[] = ['orders', 'forms', 'students', 'classes'];
const WATCH = { entities: ENTITIES, tasks: [SYNC_TASK], coalesceMs: 100 };
const LIST_ID = 'order-book-list';

interface Notice {
  key: MessageKey;
  params?: ErrorParams;
}

function lastSyncOf(tasks: readonly TaskInfo[]): TaskInfo | undefined {
  return tasks.filter((t) => t.kind === SYNC_TASK).sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
}

export function OrdersSection({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const tasks = useJobStore((s) => s.tasks);
  const refreshTasks = useJobStore((s) => s.refreshTasks);
  const showHome = useAppStore((s) => s.showHome);
  const book = useLiveQuery('orders.book', { jobId }, WATCH);
  const totals = useLiveQuery('orders.bookTotals', { jobId }, WATCH);

  const [filter, setFilterState] = useState<BookFilter>(EMPTY_FILTER);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState<{ id: string; mode: DetailMode; reason: string; n: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [bulkReason, setBulkReason] = useState('');
  const [bulkProblem, setBulkProblem] = useState<MessageKey | null>(null);
  const [syncError, setSyncError] = useState<UiError | null>(null);
  const [starting, setStarting] = useState(false);

  const all = useMemo(() => book.data ?? [], [book.data]);
  const shown = useMemo(() => filterOrders(all, filter), [all, filter]);
  const classes = useMemo(
    () => classOptions(all, totals.data?.classes.map((c) => c.classLabel) ?? []),
    [all, totals.data],
  );
  const doubles = useMemo(() => doubleChannelGroups(all), [all]);
  const remakes = useMemo(() => remakesOf(all), [all]);
  const chosen = useMemo(() => all.filter((o) => selected.has(o.id)), [all, selected]);
  const can = selectionActions(chosen);
  const openOrder = open ? all.find((o) => o.id === open.id) : undefined;

  const setFilter = (patch: Partial<BookFilter>) => {
    setFilterState((f) => ({ ...f, ...patch }));
    setSelected(new Set());
    setActive(-1);
  };

  const lastSync = lastSyncOf(tasks);
  const syncing = lastSync?.status === 'queued' || lastSync?.status === 'running';
  const syncFailure: UiError | null =
    syncError ??
    (lastSync?.status === 'failed' && lastSync.error
      ? {
          code: lastSync.error.code,
          params: lastSync.error.params ?? {},
          issues: lastSync.error.issues ?? [],
        }
      : null);
  const report = useMemo(() => {
    if (lastSync?.status !== 'done') return null;
    const parsed = orderSyncReportSchema.safeParse(lastSync.result);
    return parsed.success ? { ...parsed.data, at: lastSync.finishedAt ?? lastSync.createdAt } : null;
  }, [lastSync]);

  const startSync = async () => {
    setSyncError(null);
    setStarting(true);
    try {
      await rpc.call('orders.sync', { jobId });
      await refreshTasks();
    } catch (e) {
      setSyncError(toUiError(e));
    } finally {
      setStarting(false);
    }
  };

  /** Runs one change of the book; its outcome in words, or its failure in words. */
  const change = async (work: () => Promise<Notice>): Promise<boolean> => {
    setBusy(true);
    setFailure(null);
    setNotice(null);
    try {
      setNotice(await work());
      book.reload();
      totals.reload();
      return true;
    } catch (e) {
      setFailure(toUiError(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const actions: DetailActions = {
    hold: (ids, held, reason) =>
      change(async () => {
        const r = await rpc.call('orders.hold', { jobId, ids, held, reason });
        return { key: held ? 'orders.done.held' : 'orders.done.released', params: { count: r.length } };
      }),
    markPaid: (ids) =>
      change(async () => {
        const before = new Set(
          all.filter((o) => ids.includes(o.id) && o.status === 'received').map((o) => o.id),
        );
        const r = await rpc.call('orders.markPaid', { jobId, ids });
        const paid = r.filter((o) => before.has(o.id) && o.status === 'paid').length;
        return paid > 0
          ? { key: 'orders.done.paid', params: { count: paid } }
          : { key: 'orders.done.paidNone' };
      }),
    close: (order, status, reason) =>
      change(async () => {
        await rpc.call('orders.close', { jobId, id: order.id, status, reason });
        return {
          key: status === 'refunded' ? 'orders.done.refunded' : 'orders.done.cancelled',
          params: { number: order.number },
        };
      }),
    remake: (order, lines, reason) =>
      change(async () => {
        const r = await rpc.call('orders.remake', { jobId, id: order.id, lines, reason });
        return { key: 'orders.done.remake', params: { number: r.number, first: order.number } };
      }),
  };

  const openDetail = (order: Pick<BookOrder, 'id'>, mode: DetailMode = 'view', reason = '') => {
    setOpen((o) => ({ id: order.id, mode, reason, n: (o?.n ?? 0) + 1 }));
    const index = shown.findIndex((o) => o.id === order.id);
    if (index >= 0) setActive(index);
  };
  const closeDetail = () => {
    setOpen(null);
    requestAnimationFrame(() => document.getElementById(LIST_ID)?.focus());
  };

  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  const bulk = async (kind: 'hold' | 'release' | 'markPaid') => {
    if (kind === 'hold') {
      const problem = reasonProblem(bulkReason, true);
      setBulkProblem(problem);
      if (problem) return;
    } else setBulkProblem(null);
    const ok =
      kind === 'markPaid'
        ? await actions.markPaid(can.markPaid)
        : await actions.hold(kind === 'hold' ? can.hold : can.release, kind === 'hold', bulkReason.trim());
    if (ok) {
      setBulkReason('');
      setSelected(new Set());
    }
  };

  const money = (cents: number) => formatMoney(tr.lang, cents);
  const countText = isFiltered(filter)
    ? t('orders.count.shown', { shown: tr.number(shown.length), total: tr.number(all.length) })
    : t('orders.count.all', { total: tr.number(all.length) });

  return (
    <div className="orders" data-testid="orders-section">
      <section className="card orders-sync" aria-labelledby="orders-sync-title">
        <div className="card__head">
          <h2 id="orders-sync-title" className="card__title">
            {t('orders.sync.title')}
          </h2>
        </div>
        <p className="muted">{t('orders.sync.intro')}</p>
        <div className="form__actions form__actions--start">
          <button
            type="button"
            className="btn btn--primary"
            onClick={() => void startSync()}
            disabled={starting || syncing}
            data-testid="orders-sync"
          >
            {syncing ? t('orders.sync.running') : t('orders.sync.start')}
          </button>
        </div>
        {syncFailure?.code === 'publish_no_platform' ? (
          <div className="alert alert--info" role="status" data-testid="orders-sync-no-platform">
            <div className="alert__body">
              <p>{t('orders.sync.noPlatform')}</p>
              <div className="form__actions form__actions--start">
                <button type="button" className="btn btn--secondary btn--small" onClick={showHome}>
                  {t('orders.sync.openSettings')}
                </button>
              </div>
            </div>
          </div>
        ) : syncFailure ? (
          <Alert tone="error" {...(syncError ? { onDismiss: () => setSyncError(null) } : {})}>
            <span data-testid="orders-sync-error">{tr.error(syncFailure)}</span>
          </Alert>
        ) : null}
        {lastSync?.status === 'cancelled' && <Alert tone="info">{t('orders.sync.cancelled')}</Alert>}
        {report && !syncing && (
          <p className="field-note field-note--ok" data-testid="orders-sync-done">
            {t('orders.sync.done', {
              date: tr.dateTime(report.at),
              added: report.added,
              updated: report.updated,
            })}
          </p>
        )}
      </section>

      {syncing && <TasksPanel />}

      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          <span data-testid="orders-error">{tr.error(failure)}</span>
          {failure.issues.length > 0 && (
            <ul className="plain-list small">
              {failure.issues.map((issue) => (
                <li key={`${issue.path}-${issue.message}`}>{tr.fieldMessage(issue.message)}</li>
              ))}
            </ul>
          )}
        </Alert>
      )}
      {notice && (
        <Alert tone="success" onDismiss={() => setNotice(null)}>
          <span data-testid="orders-notice">{t(notice.key, notice.params)}</span>
        </Alert>
      )}

      {doubles.map((g) => (
        <DoubleChannelBanner
          key={g.key}
          group={g}
          busy={busy}
          money={money}
          onKeepBoth={() =>
            void change(async () => {
              await rpc.call('orders.keepBoth', {
                jobId,
                ids: [...g.paper, ...g.online].map((o) => o.id).slice(0, 10),
              });
              return { key: 'orders.double.kept' };
            })
          }
          onCancel={(order) => openDetail(order, 'close', t('orders.double.reason'))}
        />
      ))}

      <section className="card" aria-labelledby="orders-book-title">
        <div className="card__head">
          <h2 id="orders-book-title" className="card__title">
            {t('orders.title')}
          </h2>
          <span className="count-badge" role="status" aria-live="polite" data-testid="orders-count">
            {countText}
          </span>
        </div>
        <p className="muted small">{t('orders.intro')}</p>

        {all.length > 0 && (
          <div className="order-filters" role="group" aria-label={t('orders.filter.label')}>
            <label className="field field--inline">
              <span className="field__label">{t('orders.filter.search')}</span>
              <input
                type="search"
                className="input"
                value={filter.search}
                placeholder={t('orders.filter.searchPlaceholder')}
                onChange={(e) => setFilter({ search: e.target.value })}
                data-testid="orders-search"
              />
            </label>
            <label className="field field--inline">
              <span className="field__label">{t('orders.filter.class')}</span>
              <select
                className="input select"
                value={filter.classLabel}
                onChange={(e) => setFilter({ classLabel: e.target.value })}
                data-testid="orders-filter-class"
              >
                <option value="">{t('orders.filter.all')}</option>
                {classes.map((c) => (
                  <option key={c} value={c}>
                    {c === NO_CLASS ? t('orders.filter.noClass') : c}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field--inline">
              <span className="field__label">{t('orders.filter.status')}</span>
              <select
                className="input select"
                value={filter.status}
                onChange={(e) => setFilter({ status: e.target.value as BookFilter['status'] })}
                data-testid="orders-filter-status"
              >
                <option value="">{t('orders.filter.all')}</option>
                {STATUS_FILTERS.map((s) => (
                  <option key={s} value={s}>
                    {t(`orders.status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="field field--inline">
              <span className="field__label">{t('orders.filter.channel')}</span>
              <select
                className="input select"
                value={filter.channel}
                onChange={(e) => setFilter({ channel: e.target.value as BookFilter['channel'] })}
                data-testid="orders-filter-channel"
              >
                <option value="">{t('orders.filter.allChannels')}</option>
                <option value="paper">{t('orders.channel.paper')}</option>
                <option value="online">{t('orders.channel.online')}</option>
              </select>
            </label>
            {isFiltered(filter) && (
              <button
                type="button"
                className="btn btn--ghost btn--small"
                onClick={() => setFilter(EMPTY_FILTER)}
              >
                {t('orders.filter.reset')}
              </button>
            )}
          </div>
        )}

        {chosen.length > 0 && (
          <div
            className="order-bulk"
            role="group"
            aria-label={t('orders.selection.count', { count: chosen.length })}
          >
            <strong data-testid="orders-selection">
              {t('orders.selection.count', { count: chosen.length })}
            </strong>
            <label className="field field--inline">
              <span className="field__label">{t('orders.reason.label')}</span>
              <input
                className="input"
                value={bulkReason}
                maxLength={600}
                placeholder={t('orders.reason.holdPlaceholder')}
                onChange={(e) => setBulkReason(e.target.value)}
                aria-invalid={bulkProblem !== null}
                {...(bulkProblem ? { 'aria-describedby': 'orders-bulk-problem' } : {})}
                data-testid="orders-bulk-reason"
              />
            </label>
            {(
              [
                ['hold', 'orders.action.hold'],
                ['release', 'orders.action.release'],
                ['markPaid', 'orders.action.markPaidMany'],
              ] as const
            ).map(
              ([action, label]) =>
                can[action].length > 0 && (
                  <button
                    key={action}
                    type="button"
                    className="btn btn--secondary btn--small"
                    disabled={busy}
                    onClick={() => void bulk(action)}
                  >
                    {t(label)} ({tr.number(can[action].length)})
                  </button>
                ),
            )}
            <button
              type="button"
              className="btn btn--ghost btn--small"
              onClick={() => setSelected(new Set())}
            >
              {t('orders.selection.clear')}
            </button>
            {bulkProblem && (
              <FieldNote id="orders-bulk-problem" tone="error">
                {t(bulkProblem)}
              </FieldNote>
            )}
          </div>
        )}

        {book.error && !book.data && <Alert tone="error">{tr.error(book.error)}</Alert>}
        {book.data === null ? (
          !book.error && <p className="muted">{t('orders.loading')}</p>
        ) : all.length === 0 ? (
          <p className="empty-state">{t('orders.none')}</p>
        ) : shown.length === 0 ? (
          <p className="empty-state" data-testid="orders-no-match">
            {t('orders.noMatch')}
          </p>
        ) : (
          <OrderList
            id={LIST_ID}
            orders={shown}
            selected={selected}
            active={active}
            openId={open?.id ?? null}
            onActive={setActive}
            onToggle={toggle}
            onSelectAll={() => setSelected(new Set(shown.map((o) => o.id)))}
            onClear={() => setSelected(new Set())}
            onOpen={(o) => openDetail(o)}
          />
        )}
      </section>

      {open && openOrder && (
        <OrderDetail
          key={`${open.id}-${open.n}`}
          order={openOrder}
          remakes={remakes.get(openOrder.id) ?? []}
          mode={open.mode}
          initialReason={open.reason}
          busy={busy}
          actions={actions}
          onOpenNumber={(id) => openDetail({ id })}
          onClose={closeDetail}
        />
      )}

      {totals.data && all.length > 0 && <OrderBookTotalsCard totals={totals.data} />}
    </div>
  );
}

function DoubleChannelBanner({
  group,
  busy,
  money,
  onKeepBoth,
  onCancel,
}: {
  group: DoubleChannel;
  busy: boolean;
  money: (cents: number) => string;
  onKeepBoth: () => void;
  onCancel: (order: BookOrder) => void;
}) {
  const { t } = useT();
  const numbers = (list: readonly BookOrder[]) => list.map((o) => o.number).join(', ');
  const sum = (list: readonly BookOrder[]) => money(list.reduce((n, o) => n + o.totalCents, 0));
  const titleId = `orders-double-${group.key}`;
  return (
    <section className="double-banner" aria-labelledby={titleId} data-testid="orders-double">
      <h2 id={titleId} className="double-banner__title">
        {t('orders.double.title')}
      </h2>
      <p>
        {t('orders.double.text', {
          names: group.names || t('orders.row.anonymous'),
          paper: numbers(group.paper),
          paperTotal: sum(group.paper),
          online: numbers(group.online),
          onlineTotal: sum(group.online),
        })}
      </p>
      <div className="form__actions form__actions--start">
        <button type="button" className="btn btn--primary btn--small" disabled={busy} onClick={onKeepBoth}>
          {t('orders.double.keepBoth')}
        </button>
        {group.paper.map((o) => (
          <button
            key={o.id}
            type="button"
            className="btn btn--secondary btn--small"
            disabled={busy}
            onClick={() => onCancel(o)}
          >
            {t('orders.double.cancelPaper', { number: o.number })}
          </button>
        ))}
        {group.online.map((o) => (
          <button
            key={o.id}
            type="button"
            className="btn btn--secondary btn--small"
            disabled={busy}
            onClick={() => onCancel(o)}
          >
            {t('orders.double.cancelOnline', { number: o.number })}
          </button>
        ))}
      </div>
    </section>
  );
}
