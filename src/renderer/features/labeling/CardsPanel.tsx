/**
 * Printed photo cards while labeling: what the cards read at ingest propose per class, accepted in
 * one action per class (undoable with Ctrl+Z like every label), the job's card settings, and every
 * doubtful series with its frames. A doubt with a suggestion is fixed with one key: Entrée gives its
 * frames to the suggested child (a person's decision); O opens its first frame.
 */
import { useCallback, useEffect, useState } from 'react';
import type { CardReview } from '../../../shared/domain/cards';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { studentName } from './BurstGrid';

export function CardsPanel({
  jobId,
  studentsById,
  classes,
  onOpen,
}: {
  jobId: string;
  studentsById: ReadonlyMap<string, Student>;
  classes: SchoolClass[];
  onOpen: (photoId: string) => void;
}) {
  const { t, error } = useT();
  const [review, setReview] = useState<CardReview | null>(null);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [version, setVersion] = useState(0);
  const [done, setDone] = useState<string | null>(null);

  useEffect(
    () =>
      rpc.on('data.changed', ({ entity, jobId: changed }) => {
        if (changed === jobId && ['labels', 'photos', 'cameras', 'consent', 'students'].includes(entity))
          setVersion((v) => v + 1);
      }),
    [jobId],
  );
  useEffect(() => {
    let live = true;
    rpc.call('cards.review', { jobId }).then(
      (r) => live && setReview(r),
      (e: unknown) => live && setFailure(toUiError(e)),
    );
    return () => {
      live = false;
    };
  }, [jobId, version]);

  const run = useCallback(async (work: () => Promise<unknown>) => {
    setFailure(null);
    try {
      await work();
    } catch (e) {
      setFailure(toUiError(e));
    }
  }, []);

  if (!review || review.cardPhotoIds.length === 0) return null;
  const className = (id: string | null) =>
    id === null ? t('cards.ui.noClass') : (classes.find((c) => c.id === id)?.label ?? id);
  const name = (id: string) => {
    const s = studentsById.get(id);
    return s ? studentName(s) : t('cards.ui.unknownStudent');
  };
  const fix = (d: CardReview['doubts'][number]) =>
    d.suggestedStudentId && d.photoIds.length > 0
      ? run(async () => {
          await rpc.call('labels.assign', {
            jobId,
            photoIds: d.photoIds,
            studentIds: [d.suggestedStudentId!],
          });
          setDone(t('cards.ui.fixed', { name: name(d.suggestedStudentId!), count: d.photoIds.length }));
        })
      : Promise.resolve();

  return (
    <section className="card checks-panel" aria-labelledby="cards-title" data-testid="cards-panel">
      <h2 id="cards-title" className="card__title">
        {t('cards.ui.title', { count: review.cardPhotoIds.length })}
      </h2>
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {error(failure)}
        </Alert>
      )}
      {done && (
        <Alert tone="success" onDismiss={() => setDone(null)}>
          {done}
        </Alert>
      )}
      <ul className="checks-panel__list">
        {review.classes.map((c) => (
          <li key={c.classId ?? 'none'}>
            {t('cards.ui.classLine', {
              class: className(c.classId),
              photos: c.photos,
              students: c.students,
              pending: c.pending,
            })}{' '}
            {c.pending > 0 && (
              <button
                type="button"
                className="btn btn--primary"
                data-testid="cards-accept"
                onClick={() =>
                  void run(async () => {
                    const r = await rpc.call('cards.accept', { jobId, classId: c.classId });
                    setDone(t('cards.ui.accepted', { count: r.photos, skipped: r.skipped }));
                  })
                }
              >
                {t('cards.ui.accept', { class: className(c.classId) })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <label className="field__check">
        <input
          type="checkbox"
          checked={review.settings.autoAccept}
          onChange={(e) =>
            void run(() =>
              rpc.call('cards.setSettings', {
                jobId,
                settings: { ...review.settings, autoAccept: e.target.checked },
              }),
            )
          }
        />{' '}
        {t('cards.ui.autoAccept')}
      </label>
      <label className="field__check">
        <input
          type="checkbox"
          checked={review.settings.cardAfterChild}
          onChange={(e) =>
            void run(() =>
              rpc.call('cards.setSettings', {
                jobId,
                settings: { ...review.settings, cardAfterChild: e.target.checked },
              }),
            )
          }
        />{' '}
        {t('cards.ui.cardAfterChild')}
      </label>
      {review.doubts.length > 0 && (
        <>
          <h3 className="card__subtitle">{t('cards.ui.doubts', { count: review.doubts.length })}</h3>
          <p className="muted">{t('cards.ui.doubtKeys')}</p>
          <ul className="checks-panel__list" data-testid="cards-doubts">
            {review.doubts.map((d, i) => (
              <li key={`${d.kind}-${d.cardPhotoId ?? ''}-${i}`}>
                <button
                  type="button"
                  className="checks-panel__open"
                  data-testid={`cards-doubt-${d.kind}`}
                  onClick={() => {
                    const first = d.photoIds[0] ?? d.cardPhotoId;
                    if (first) onOpen(first);
                  }}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' && d.suggestedStudentId) {
                      e.preventDefault();
                      void fix(d);
                    } else if (e.key === 'o' || e.key === 'O') {
                      e.preventDefault();
                      const first = d.photoIds[0] ?? d.cardPhotoId;
                      if (first) onOpen(first);
                    }
                  }}
                >
                  {t(`cards.doubt.${d.kind}`, {
                    count: d.photoIds.length,
                    names: d.studentIds.map(name).join(', '),
                  })}
                  {d.suggestedStudentId &&
                    ` — ${t('cards.ui.suggest', { name: name(d.suggestedStudentId) })}`}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
