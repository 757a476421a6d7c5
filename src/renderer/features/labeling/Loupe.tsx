/**
 * The loupe: a large preview of the keyboard's photo, ← → within its burst, ↑ ↓ to the previous or
 * next burst, Escape or Space to close; under it a filmstrip of the session around the photo
 * (current burst outlined), each frame clickable, so a person sees the neighbours while deciding.
 */
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { Session } from '../../../shared/domain/labeling';
import type { GridContext } from './BurstGrid';
import type { PhotoState } from './labeling-store';
import { mediaUrl } from '../../lib/media-url';
import { photoFacts } from './photo-badges';

/** Frames shown on each side of the current photo: the strip stays light on a 5,000-photo session. */
const AROUND = 12;

export function Loupe({
  session,
  cursor,
  photoId,
  labels,
  context,
  onFocusPhoto,
  onMoveBurst,
  onClose,
}: {
  session: Session;
  cursor: number;
  photoId: string;
  labels: Record<string, PhotoState>;
  context: GridContext;
  onFocusPhoto: (id: string) => void;
  onMoveBurst: (delta: number) => void;
  onClose: () => void;
}) {
  const { t, jobId } = context;
  const dialogRef = useRef<HTMLDivElement>(null);
  const stripRef = useRef<HTMLOListElement>(null);
  const photos = session.subjects[cursor]?.photoIds ?? [photoId];
  const index = Math.max(0, photos.indexOf(photoId));
  const order = session.subjects.flatMap((b, i) => b.photoIds.map((id) => ({ id, burst: i })));
  const at = order.findIndex((p) => p.id === photoId);
  const strip = order.slice(Math.max(0, at - AROUND), at + AROUND + 1);
  const facts = photoFacts(
    labels[photoId],
    context.studentsById,
    context.classesById,
    session.classId,
    false,
  );

  useEffect(() => {
    dialogRef.current?.focus();
  }, []);
  useEffect(() => {
    stripRef.current
      ?.querySelector('[aria-current="true"]')
      ?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [photoId]);

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    const go = (id: string | undefined) => id !== undefined && onFocusPhoto(id);
    if (e.key === 'Escape' || e.key === ' ') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'ArrowRight') {
      e.preventDefault();
      go(photos[Math.min(index + 1, photos.length - 1)]);
    } else if (e.key === 'ArrowLeft') {
      e.preventDefault();
      go(photos[Math.max(index - 1, 0)]);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      onMoveBurst(e.key === 'ArrowDown' ? 1 : -1);
    }
  };

  const title = t('labeling.loupe', { index: index + 1, total: photos.length });
  return (
    <div
      ref={dialogRef}
      className="overlay loupe"
      role="dialog"
      aria-modal="true"
      aria-label={title}
      tabIndex={-1}
      onKeyDown={onKey}
    >
      <img
        className="loupe__image"
        src={mediaUrl({ jobId, kind: 'preview', id: photoId })}
        alt=""
        decoding="async"
      />
      <p className="loupe__caption">
        <strong>{title}</strong>
        {' · '}
        {t('labeling.burst', { index: cursor + 1, total: session.subjects.length })}
        {facts.names && <> · {facts.names}</>}
        {facts.mark && <> · {t(`labeling.mark.${facts.mark}`)}</>}
        {facts.badges.map((b) => (
          <span key={b.kind + b.text} className={`thumb__badge thumb__badge--${b.tone}`}>
            {t(`labeling.badge.${b.kind}`, { class: b.text })}
          </span>
        ))}
      </p>
      <ol ref={stripRef} className="filmstrip" aria-label={t('labeling.filmstrip')}>
        {strip.map((p) => {
          const current = p.id === photoId;
          const inBurst = p.burst === cursor;
          const labeled = (labels[p.id]?.studentIds.length ?? 0) > 0 || Boolean(labels[p.id]?.mark);
          return (
            <li
              key={p.id}
              className={`filmstrip__frame${inBurst ? ' filmstrip__frame--burst' : ''}${current ? ' filmstrip__frame--current' : ''}${labeled ? '' : ' filmstrip__frame--open'}`}
              aria-current={current ? 'true' : undefined}
            >
              <button
                type="button"
                tabIndex={-1}
                aria-label={t('labeling.filmstrip.frame', { burst: p.burst + 1 })}
                onClick={() => {
                  onFocusPhoto(p.id);
                  dialogRef.current?.focus();
                }}
              >
                <img
                  src={mediaUrl({ jobId, kind: 'thumb', id: p.id })}
                  alt=""
                  width={96}
                  height={64}
                  decoding="async"
                />
              </button>
            </li>
          );
        })}
      </ol>
      <p className="loupe__hint">{t('labeling.loupe.hint')}</p>
      <button type="button" className="btn btn--secondary" onClick={onClose}>
        {t('labeling.loupe.close')}
      </button>
    </div>
  );
}
