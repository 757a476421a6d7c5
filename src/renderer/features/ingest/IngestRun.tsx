/**
 * One running or just finished ingest: live progress (phase, files, bytes, photos/s, time left,
 * cancel), then the card verdict in large words — shown as soon as the copies are verified, while
 * previews may still be running — with exactly which files failed or could not be read, and why,
 * and, for a card seen before, which missing or damaged copies were made again from it.
 */
import { useEffect, useRef } from 'react';
import type { Card, FileIssue, IngestResult } from '../../../shared/domain/ingest';
import type { TaskInfo, TaskProgress } from '../../../shared/domain/task';
import { Alert } from '../../components/Alert';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT, type Translator } from '../../i18n/use-t';
import type { UiError } from '../../lib/ui-error';

export function verdictText(
  tr: Translator,
  card: Pick<Card, 'number' | 'cameraLabel' | 'files'>,
  safe: boolean,
  failed: number,
  repaired = 0,
): string {
  // Nothing on the card: not safe, and not « N files not copied » either.
  if (!safe && failed === 0 && card.files === 0) return tr.t('ingest.verdict.empty', { card: card.number });
  const camera = card.cameraLabel
    ? tr.t('ingest.verdict.camera', { label: card.cameraLabel })
    : tr.t('ingest.verdict.unknownCamera');
  const verdict = safe
    ? tr.t('ingest.verdict.safe', { card: card.number, camera })
    : tr.t('ingest.run.unsafe', { card: card.number, camera, count: failed });
  return repaired > 0 ? `${verdict} ${tr.t('ingest.run.repaired', { count: repaired })}` : verdict;
}

export function IngestProgress({
  task,
  progress,
  verified,
  cancelling,
  onCancel,
}: {
  task: TaskInfo | undefined;
  progress: TaskProgress | undefined;
  /** The verdict is in: what remains is image work. */
  verified: boolean;
  cancelling: boolean;
  onCancel: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const done = progress?.done ?? task?.done ?? 0;
  const total = progress?.total ?? task?.total ?? 0;
  const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0;
  const bytesDone = progress?.bytesDone ?? 0;
  const bytesTotal = progress?.bytesTotal ?? 0;
  const copying = !verified && (bytesTotal === 0 || bytesDone < bytesTotal);
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    // (Recent browsers return a promise from scrollIntoView: never the effect's clean-up.)
    void sectionRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, []);
  return (
    <section
      ref={sectionRef}
      className="card ingest-progress"
      aria-labelledby="ingest-progress-title"
      data-testid="ingest-progress"
    >
      <div className="card__head">
        <h2 id="ingest-progress-title" className="card__title">
          {copying ? t('ingest.phase.copy') : t('ingest.phase.images')}
        </h2>
        <button
          type="button"
          className="btn btn--secondary btn--small"
          disabled={cancelling}
          onClick={onCancel}
        >
          {cancelling ? t('ingest.run.cancelling') : t('ingest.run.cancel')}
        </button>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={t('ingest.run.progressLabel')}
      >
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <dl className="ingest-stats">
        <div>
          <dt>{t('ingest.run.steps')}</dt>
          <dd>
            {tr.number(done)} / {tr.number(total)}
          </dd>
        </div>
        {bytesTotal > 0 && (
          <div>
            <dt>{t('ingest.run.bytes')}</dt>
            <dd>
              {tr.bytes(bytesDone)} / {tr.bytes(bytesTotal)}
            </dd>
          </div>
        )}
        <div>
          <dt>{t('ingest.run.rate')}</dt>
          <dd>
            {progress?.rate !== undefined
              ? t('ingest.run.perSecond', { n: tr.number(progress.rate, 1) })
              : '—'}
          </dd>
        </div>
        <div>
          <dt>{t('ingest.run.eta')}</dt>
          <dd>{progress?.etaSeconds !== undefined ? tr.duration(progress.etaSeconds) : '—'}</dd>
        </div>
      </dl>
      {progress?.message && tr.lang === 'fr' && (
        <p className="muted ingest-progress__message">{progress.message}</p>
      )}
    </section>
  );
}

/** What the cards' code reading found on this memory card's photos, as the previews are made. */
function PhotoCardsRead({ jobId, cardId }: { jobId: string; cardId: string }) {
  const { t } = useT();
  const read = useLiveQuery(
    'cards.readOnCard',
    { jobId, cardId },
    { entities: ['photos', 'cards', 'labels'], tasks: 'any', coalesceMs: 500 },
  ).data;
  if (!read?.printed || read.frames === 0) return null;
  const doubts = read.partial + read.notOurs;
  return (
    <>
      <p className="verdict__counts" data-testid="photo-cards-read">
        {t('ingest.run.photoCards', {
          cards: read.cards,
          read: read.read,
          pending: read.frames - read.read,
        })}
      </p>
      {doubts > 0 && (
        <p className="verdict__sub" data-testid="photo-cards-doubts">
          {t('ingest.run.photoCardsDoubts', {
            partial: read.partial,
            notOurs: read.notOurs,
            both: read.partial > 0 && read.notOurs > 0 ? 'yes' : 'no',
          })}
        </p>
      )}
    </>
  );
}

export function IngestVerdict({
  jobId,
  card,
  result,
  failed,
  status,
  error,
  previewsRunning,
}: {
  jobId: string;
  card: Card;
  result: IngestResult | null;
  /** Files that failed (from the result, or from the card's manifest before the task ends). */
  failed: FileIssue[];
  status: TaskInfo['status'] | null;
  error: UiError | null;
  previewsRunning: boolean;
}) {
  const tr = useT();
  const { t } = tr;
  const safe = card.safeToFormat && failed.length === 0;
  return (
    <section
      className={`verdict ${safe ? 'verdict--safe' : 'verdict--unsafe'}`}
      role={safe ? 'status' : 'alert'}
      data-testid="ingest-verdict"
    >
      <p className="verdict__title">
        <span className="verdict__icon" aria-hidden="true">
          {safe ? '✓' : '✗'}
        </span>
        {verdictText(tr, card, safe, failed.length, result?.repaired.length ?? 0)}
      </p>
      {failed.length > 0 && (
        <>
          <p className="verdict__sub">{t('ingest.run.failedList')}</p>
          <IssueList issues={failed} testId="failed-files" />
        </>
      )}
      {result && result.repaired.length > 0 && (
        <>
          <p className="verdict__sub">{t('ingest.run.repairedList')}</p>
          <IssueList issues={result.repaired} testId="repaired-files" tone="repaired" />
        </>
      )}
      {result && (result.checked === 0 || result.verified + result.duplicates > 0) && (
        <p className="verdict__counts" data-testid="ingest-counts">
          {t('ingest.run.counts', {
            verified: result.verified,
            duplicates: result.duplicates,
            // Every photo the grid shows, unreadable ones included: the two counts agree.
            photos: result.photos + result.unreadable.length,
            unreadable: result.unreadable.length,
          })}
        </p>
      )}
      {result && result.checked > 0 && (
        <p className="verdict__counts">{t('ingest.run.checked', { checked: result.checked })}</p>
      )}
      {result && result.unreadable.length > 0 && (
        <>
          <p className="verdict__sub">
            {t('ingest.run.unreadableList', { count: result.unreadable.length })}
          </p>
          <IssueList issues={result.unreadable} testId="unreadable-files" />
        </>
      )}
      {result && result.sidecars.length > 0 && (
        <>
          <p className="verdict__sub">{t('ingest.run.sidecars', { count: result.sidecars.length })}</p>
          <IssueList issues={result.sidecars} testId="sidecar-files" />
        </>
      )}
      {result && result.others.length > 0 && (
        <>
          <p className="verdict__sub">{t('ingest.run.others', { count: result.others.length })}</p>
          <IssueList issues={result.others} testId="other-files" />
        </>
      )}
      <PhotoCardsRead jobId={jobId} cardId={card.id} />
      {previewsRunning && <p className="verdict__note">{t('ingest.run.previewsContinue')}</p>}
      {status === 'cancelled' && <p className="verdict__note">{t('ingest.run.cancelled')}</p>}
      {error && <Alert tone="error">{tr.error(error)}</Alert>}
    </section>
  );
}

function IssueList({
  issues,
  testId,
  tone = 'failed',
}: {
  issues: FileIssue[];
  testId: string;
  /** A repaired copy is good news: not shown in the colour of failures. */
  tone?: 'failed' | 'repaired';
}) {
  return (
    <ul
      className={tone === 'repaired' ? 'issue-list issue-list--repaired' : 'issue-list'}
      data-testid={testId}
    >
      {issues.map((issue) => (
        <li key={issue.file}>
          <span className="mono issue-list__file">{issue.file}</span>
          <span className="issue-list__reason">{issue.reason}</span>
        </li>
      ))}
    </ul>
  );
}
