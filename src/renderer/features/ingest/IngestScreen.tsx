/**
 * The "Import des cartes" section of a job: choose a source, follow the ingest live, read the card
 * verdict, watch the grid fill, set camera clocks, and look back at every card's manifest.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  ingestResultSchema,
  type Card,
  type FileIssue,
  type IngestResult,
  type PhotoRow,
} from '../../../shared/domain/ingest';
import type { TaskStatus } from '../../../shared/domain/task';
import { PhotoGrid } from '../../components/PhotoGrid';
import { usePhotoPages } from '../../hooks/use-photo-pages';
import { useT } from '../../i18n/use-t';
import type { UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useJobStore } from '../../stores/job-store';
import { CamerasPanel, type SyncPicks } from './CamerasPanel';
import { CardHistory } from './CardHistory';
import { IngestProgress, IngestVerdict } from './IngestRun';
import { OriginalsPanel } from './OriginalsPanel';
import { SourcePanel } from './SourcePanel';
import { useDataChanged } from '../../hooks/use-data-changed';

const INGEST_KIND = 'ingest';

interface Finished {
  status: TaskStatus;
  result: IngestResult | null;
  error: UiError | null;
}

export function IngestScreen({ jobId }: { jobId: string }) {
  const { t } = useT();
  const tasks = useJobStore((s) => s.tasks);
  const progress = useJobStore((s) => s.progress);
  const cancelling = useJobStore((s) => s.cancelling);
  const cancelTask = useJobStore((s) => s.cancelTask);
  /** The ingest started here, or the last one seen finishing. */
  const [taskId, setTaskId] = useState<string | null>(null);
  /** Card whose verdict was written during the current run (before the task ends). */
  const [liveCardId, setLiveCardId] = useState<string | null>(null);
  const [finished, setFinished] = useState<Record<string, Finished>>({});
  const [cards, setCards] = useState<Card[]>([]);
  const [manifestFailures, setManifestFailures] = useState<{ cardId: string; issues: FileIssue[] } | null>(
    null,
  );
  const [refreshKey, setRefreshKey] = useState(0);
  const [syncing, setSyncing] = useState(false);
  const [picks, setPicks] = useState<SyncPicks>({ reference: null, photo: null });
  const photos = usePhotoPages(jobId);

  // A failed refetch keeps what is shown; the next change asks again.
  const loadCards = useCallback(
    () => rpc.call('ingest.cards', { jobId }).then(setCards, () => undefined),
    [jobId],
  );

  useEffect(() => {
    void loadCards();
  }, [loadCards]);
  useDataChanged(
    ['cards'],
    jobId,
    (change) => {
      if (change.entity !== null) {
        // The verdict of the running card is written (the bytes are safe, previews may go on), or a
        // card seen before had its old verdict withdrawn while its copies are checked: followed once
        // the cards are read again, so an outdated verdict is never shown for this run.
        const cardId = change.ids?.[0];
        void loadCards().then(() => {
          if (cardId) setLiveCardId(cardId);
        });
        return;
      }
      const e = change.task;
      const parsed = ingestResultSchema.safeParse(e.result);
      setFinished((f) => ({
        ...f,
        [e.taskId]: {
          status: e.status,
          result: parsed.success ? parsed.data : null,
          error: e.error
            ? { code: e.error.code, params: e.error.params ?? {}, issues: e.error.issues ?? [] }
            : null,
        },
      }));
      setTaskId(e.taskId);
      void loadCards();
      setRefreshKey((k) => k + 1);
    },
    { tasks: [INGEST_KIND] },
  );

  // An ingest already running (started in another window, or resumed after a restart) is followed.
  const runningTask = tasks.find(
    (task) => task.kind === INGEST_KIND && (task.status === 'running' || task.status === 'queued'),
  );
  const shownTaskId = runningTask && !finished[runningTask.id] ? runningTask.id : taskId;
  const done = shownTaskId ? finished[shownTaskId] : undefined;
  const active = shownTaskId !== null && !done;
  const cardId = done?.result?.cardId ?? liveCardId;
  const card = shownTaskId && cardId ? cards.find((c) => c.id === cardId) : undefined;
  const verdictIn = !!card && card.verdict !== null;

  // Before the task ends, the failed files of an unsafe verdict come from the card's manifest.
  const cardUnsafe = verdictIn && !card.safeToFormat;
  useEffect(() => {
    if (!cardUnsafe || !cardId) return;
    let current = true;
    rpc.call('ingest.manifest', { jobId, cardId }).then(
      (entries) => {
        if (current)
          setManifestFailures({
            cardId,
            issues: entries
              .filter((m) => m.status === 'failed')
              .map((m) => ({ file: m.file, reason: m.reason ?? '' })),
          });
      },
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [cardUnsafe, cardId, jobId]);
  const failed = done?.result?.failed ?? (manifestFailures?.cardId === cardId ? manifestFailures.issues : []);

  const onActivate = useMemo(
    () =>
      syncing
        ? (photo: PhotoRow) =>
            setPicks((p) =>
              !p.reference || (p.reference && p.photo)
                ? { reference: photo, photo: null }
                : { reference: p.reference, photo },
            )
        : undefined,
    [syncing],
  );
  const selected = useMemo(
    () => new Set([picks.reference?.id, picks.photo?.id].filter((id): id is string => !!id)),
    [picks],
  );

  const task = shownTaskId ? tasks.find((x) => x.id === shownTaskId) : undefined;

  return (
    <div className="ingest">
      <h1 className="page-title">{t('job.nav.ingest')}</h1>
      {/* Above the source: in view from the moment the copy starts, whatever the source panel holds. */}
      {shownTaskId && active && (
        <IngestProgress
          task={task}
          progress={progress[shownTaskId]}
          verified={verdictIn}
          cancelling={!!cancelling[shownTaskId]}
          onCancel={() => void cancelTask(shownTaskId)}
        />
      )}
      <SourcePanel
        jobId={jobId}
        running={active}
        refreshKey={refreshKey}
        onStarted={(id) => {
          setLiveCardId(null);
          setTaskId(id);
        }}
      />
      {card && verdictIn && (
        <IngestVerdict
          jobId={jobId}
          card={card}
          result={done?.result ?? null}
          failed={failed}
          status={done?.status ?? null}
          error={done?.error ?? null}
          previewsRunning={active}
        />
      )}
      {done && !verdictIn && done.status !== 'done' && (
        <IngestVerdictless status={done.status} error={done.error} />
      )}
      <section className="card ingest-photos" aria-labelledby="ingest-photos-title">
        <div className="card__head">
          <h2 id="ingest-photos-title" className="card__title">
            {t('ingest.grid.title')}
          </h2>
          <span className="count-badge" data-testid="photo-count">
            {photos.total}
          </span>
        </div>
        <PhotoGrid
          jobId={jobId}
          total={photos.total}
          photoAt={photos.photoAt}
          onVisibleRange={photos.showRange}
          {...(onActivate ? { onActivate } : {})}
          selectedIds={selected}
          label={t('ingest.grid.title')}
          empty={<p className="muted">{t('ingest.grid.empty')}</p>}
        />
      </section>
      <CamerasPanel
        jobId={jobId}
        syncing={syncing}
        picks={picks}
        onSyncMode={(on) => {
          setSyncing(on);
          setPicks({ reference: null, photo: null });
        }}
        onSynced={() => {
          setSyncing(false);
          setPicks({ reference: null, photo: null });
        }}
      />
      <CardHistory jobId={jobId} cards={cards} />
      <OriginalsPanel jobId={jobId} />
    </div>
  );
}

function IngestVerdictless({ status, error }: { status: TaskStatus; error: UiError | null }) {
  const tr = useT();
  return (
    <section className="verdict verdict--unsafe" role="alert" data-testid="ingest-verdict">
      <p className="verdict__title">
        {status === 'cancelled' ? tr.t('ingest.run.cancelledEarly') : tr.t('ingest.run.failedEarly')}
      </p>
      {error && <p>{tr.error(error)}</p>}
    </section>
  );
}
