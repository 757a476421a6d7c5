/**
 * Printed photo cards while labeling: what the cards read at ingest propose per class, accepted in
 * one action per class (undoable with Ctrl+Z like every label), the job's card settings, and every
 * doubtful series with its frames. A doubt with a suggestion is fixed with one key: Entrée gives its
 * frames to the suggested child (a person's decision), and the focus moves on to the next doubt;
 * O opens its first frame. A doubt a person has decided leaves the list.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CardReview } from '../../../shared/domain/cards';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { studentName } from './BurstGrid';

/** The job's card review, loaded again whenever labels, photos, cameras, consent or students change. */
export function useCardReview(jobId: string): { review: CardReview | null; failure: UiError | null } {
  const [review, setReview] = useState<CardReview | null>(null);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [version, setVersion] = useState(0);
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
      (r) => {
        if (!live) return;
        setReview(r);
        setFailure(null);
      },
      (e: unknown) => live && setFailure(toUiError(e)),
    );
    return () => {
      live = false;
    };
  }, [jobId, version]);
  return { review, failure };
}

export function CardsPanel({
  jobId,
  review,
  loadFailure,
  studentsById,
  classes,
  onOpen,
}: {
  jobId: string;
  review: CardReview | null;
  loadFailure: UiError | null;
  studentsById: ReadonlyMap<string, Student>;
  classes: SchoolClass[];
  onOpen: (photoId: string) => void;
}) {
  const { t, error } = useT();
  const [actionFailure, setFailure] = useState<UiError | null>(null);
  const failure = actionFailure ?? loadFailure;
  /** What was just done, worded at render time (it follows a change of language). */
  const [done, setDone] = useState<
    | { key: 'cards.ui.fixed'; studentId: string; count: number }
    | { key: 'cards.ui.accepted'; count: number; skipped: number }
    | null
  >(null);
  /**
   * After a fix, once the review has come back without the settled doubt, the doubt now at its
   * place in the list takes the focus (the panel's title when none is left).
   */
  const refocus = useRef<{ index: number; before: CardReview } | null>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const pending = refocus.current;
    if (pending === null || !review || review === pending.before) return;
    refocus.current = null;
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [];
    const next = buttons[Math.min(pending.index, buttons.length - 1)];
    if (next) next.focus();
    else titleRef.current?.focus();
  }, [review]);

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
  const fix = (d: CardReview['doubts'][number], index: number) =>
    d.suggestedStudentId && d.photoIds.length > 0
      ? run(async () => {
          await rpc.call('labels.assign', {
            jobId,
            photoIds: d.photoIds,
            studentIds: [d.suggestedStudentId!],
          });
          setDone({ key: 'cards.ui.fixed', studentId: d.suggestedStudentId!, count: d.photoIds.length });
          if (review) refocus.current = { index, before: review };
        })
      : Promise.resolve();

  return (
    <section
      className="card checks-panel cards-panel"
      aria-labelledby="cards-title"
      data-testid="cards-panel"
    >
      <h2 id="cards-title" className="card__title" ref={titleRef} tabIndex={-1}>
        {t('cards.ui.title', { count: review.cardPhotoIds.length })}
      </h2>
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {error(failure)}
        </Alert>
      )}
      {done && (
        <Alert tone="success" onDismiss={() => setDone(null)}>
          {done.key === 'cards.ui.fixed'
            ? t(done.key, { name: name(done.studentId), count: done.count })
            : t(done.key, { count: done.count, skipped: done.skipped })}
        </Alert>
      )}
      <ul className="checks-panel__list cards-panel__classes">
        {review.classes.map((c) => (
          <li key={c.classId ?? 'none'} data-testid="cards-class">
            <span>
              {t('cards.ui.classLine', {
                class: className(c.classId),
                photos: c.photos,
                students: c.students,
                pending: c.pending,
              })}
            </span>
            {c.pending > 0 && (
              <button
                type="button"
                className="btn btn--primary btn--small cards-panel__accept"
                data-testid="cards-accept"
                onClick={() =>
                  void run(async () => {
                    const r = await rpc.call('cards.accept', { jobId, classId: c.classId });
                    setDone({ key: 'cards.ui.accepted', count: r.photos, skipped: r.skipped });
                  })
                }
              >
                {t('cards.ui.accept', { class: className(c.classId) })}
              </button>
            )}
          </li>
        ))}
      </ul>
      <label className="cards-panel__setting">
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
        />
        <span>{t('cards.ui.autoAccept')}</span>
      </label>
      <label className="cards-panel__setting">
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
        />
        <span>{t('cards.ui.cardAfterChild')}</span>
      </label>
      {review.doubts.length > 0 && (
        <>
          <h3 className="card__subtitle">{t('cards.ui.doubts', { count: review.doubts.length })}</h3>
          <p className="muted">{t('cards.ui.doubtKeys')}</p>
          <ul className="checks-panel__list" data-testid="cards-doubts" ref={listRef}>
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
                      void fix(d, i);
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
