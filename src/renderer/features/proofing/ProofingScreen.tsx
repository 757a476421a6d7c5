/**
 * Proofing, keyboard first: per class and per student, which photos are offered on the order form
 * (favorite first), their stars, rotation and crop per print format, and the class photo. Every
 * decision is a person's: nothing here looks at image content. The shortcuts are always on screen.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import {
  MAX_POSES_LIMIT,
  PRINT_RATIOS,
  type PhotoProofing,
  type PrintRatioId,
} from '../../../shared/domain/proofing';
import type { MessageKey } from '../../../shared/i18n';
import { Alert } from '../../components/Alert';
import { useT, type Translator } from '../../i18n/use-t';
import { mediaUrl } from '../../lib/media-url';
import { CropEditor } from './CropEditor';
import {
  classStudents,
  currentPhotoId,
  currentStudent,
  proofingOf,
  useProofingStore,
} from './proofing-store';
import { useDataChanged } from '../../hooks/use-data-changed';

/** Every shortcut of the screen; key names that are words (Espace, Maj) follow the language. */
export const PROOFING_SHORTCUTS: readonly { keys: (tr: Translator) => string; label: MessageKey }[] = [
  { keys: () => '← →', label: 'proofing.key.photos' },
  { keys: () => '↑ ↓', label: 'proofing.key.students' },
  { keys: (tr) => tr.t('keyName.space'), label: 'proofing.key.toggle' },
  { keys: () => 'F', label: 'proofing.key.favorite' },
  { keys: (tr) => `${tr.t('keyName.shift')}+← →`, label: 'proofing.key.move' },
  { keys: () => '1…5 · 0', label: 'proofing.key.stars' },
  { keys: (tr) => `R · ${tr.t('keyName.shift')}+R`, label: 'proofing.key.rotate' },
  { keys: () => 'C', label: 'proofing.key.crop' },
  { keys: () => 'T', label: 'proofing.key.ratio' },
  { keys: () => 'G', label: 'proofing.key.classPhoto' },
];

export function ratioName(tr: Translator, id: PrintRatioId): string {
  const r = PRINT_RATIOS.find((x) => x.id === id)!;
  return id === 'square' ? tr.t('proofing.ratio.square') : `${r.short}×${r.long}`;
}

function Stars({ count, label }: { count: number; label: string }) {
  return (
    <span className="proof-card__stars" role="img" aria-label={label}>
      {'★'.repeat(count)}
      <span className="proof-card__stars-off">{'★'.repeat(5 - count)}</span>
    </span>
  );
}

/**
 * The crop of the chosen format drawn over a thumbnail (the thumbnail is fitted in a square frame,
 * turned by its rotation): the frame shows what a print of that format keeps.
 */
function CropMark({ photo, ratio }: { photo: PhotoProofing; ratio: PrintRatioId }) {
  const rect = photo.crops.find((c) => c.ratio === ratio)?.rect;
  if (!rect || !photo.width || !photo.height) return null;
  const quarter = photo.rotation === 90 || photo.rotation === 270;
  const w = quarter ? photo.height : photo.width;
  const h = quarter ? photo.width : photo.height;
  const boxW = w >= h ? 100 : (100 * w) / h;
  const boxH = h >= w ? 100 : (100 * h) / w;
  return (
    <span
      className="proof-card__crop"
      aria-hidden="true"
      style={{
        left: `${(100 - boxW) / 2 + rect.x * boxW}%`,
        top: `${(100 - boxH) / 2 + rect.y * boxH}%`,
        width: `${rect.w * boxW}%`,
        height: `${rect.h * boxH}%`,
      }}
    />
  );
}

/** The digit of a key whatever the keyboard layout (AZERTY types « à & é » on the top row without Shift). */
function digitOf(e: KeyboardEvent): number | null {
  const m = /^(?:Digit|Numpad)([0-9])$/.exec(e.code) ?? /^([0-9])$/.exec(e.key);
  return m ? Number(m[1]) : null;
}

export function ProofingScreen({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const store = useProofingStore();
  const { overview, classes, classId, studentIndex, photoIndex, ratio, error } = store;
  const [cropping, setCropping] = useState<string | null>(null);
  const workspaceRef = useRef<HTMLElement>(null);

  useEffect(() => {
    void useProofingStore.getState().load(jobId);
  }, [jobId]);
  useDataChanged(['proofing', 'labels', 'sessions', 'students', 'classes'], jobId, ({ entity }) => {
    const s = useProofingStore.getState();
    if (entity === 'proofing' || entity === 'labels' || entity === 'sessions') void s.refresh();
    if (entity === 'students' || entity === 'classes') void s.load(jobId);
  });

  const loaded = overview !== null;
  useEffect(() => {
    if (loaded && cropping === null) workspaceRef.current?.focus();
  }, [loaded, cropping]);

  const students = classStudents(store);
  const student = currentStudent(store);
  const proofing = proofingOf(overview, student?.id);
  const photoId = currentPhotoId(store);
  const photos = new Map((overview?.photos ?? []).map((p) => [p.photoId, p]));
  const classInfo = overview?.classes.find((c) => c.classId === classId) ?? null;
  const name = student ? `${student.firstName} ${student.displayName}` : '';
  const focusWorkspace = () => workspaceRef.current?.focus();

  const onKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.target !== e.currentTarget) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const s = useProofingStore.getState();
    const digit = digitOf(e);
    if (digit !== null && digit <= 5) {
      e.preventDefault();
      void s.rate(digit);
      return;
    }
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowLeft': {
        e.preventDefault();
        const delta = e.key === 'ArrowRight' ? 1 : -1;
        if (e.shiftKey) void s.movePose(delta);
        else s.movePhoto(delta);
        return;
      }
      case 'ArrowDown':
      case 'PageDown':
        e.preventDefault();
        s.moveStudent(1);
        return;
      case 'ArrowUp':
      case 'PageUp':
        e.preventDefault();
        s.moveStudent(-1);
        return;
      case ' ':
      case 'Enter':
        e.preventDefault();
        void s.togglePose();
        return;
      default:
    }
    switch (e.key.toLowerCase()) {
      case 'f':
        e.preventDefault();
        void s.makeFavorite();
        return;
      case 'r':
        e.preventDefault();
        void s.rotate(e.shiftKey ? -1 : 1);
        return;
      case 'c':
        e.preventDefault();
        if (photoId) setCropping(photoId);
        return;
      case 't':
        e.preventDefault();
        s.cycleRatio();
        return;
      case 'g':
        e.preventDefault();
        void s.cycleClassPhoto();
        return;
      default:
    }
  };

  if (!overview) return <p className="muted">{t('app.loading')}</p>;
  const croppingPhoto = cropping ? photos.get(cropping) : undefined;

  return (
    <div className="proofing">
      <h1 className="page-title">{t('job.nav.proofing')}</h1>
      <p className="muted proofing__intro">{t('proofing.intro')}</p>
      {error && (
        <Alert tone="error" onDismiss={store.dismissError}>
          {tr.error(error)}
        </Alert>
      )}
      {classes.length === 0 ? (
        <p className="muted">{t('proofing.noClass')}</p>
      ) : (
        <>
          <div className="proofing__toolbar">
            <label>
              {t('proofing.class')}
              <select value={classId ?? ''} onChange={(e) => store.selectClass(e.target.value)}>
                {classes.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.label}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('proofing.maxPoses')}
              <input
                type="number"
                min={1}
                max={MAX_POSES_LIMIT}
                value={overview.maxPoses}
                onChange={(e) => {
                  const n = Number(e.target.value);
                  if (Number.isInteger(n) && n >= 1 && n <= MAX_POSES_LIMIT) void store.setMaxPoses(n);
                }}
              />
            </label>
            <label>
              {t('proofing.ratio')}
              <select
                value={ratio}
                onChange={(e) => store.setRatio(e.target.value as PrintRatioId)}
                data-testid="ratio-picker"
              >
                {PRINT_RATIOS.map((r) => (
                  <option key={r.id} value={r.id}>
                    {ratioName(tr, r.id)}
                  </option>
                ))}
              </select>
            </label>
          </div>

          <div className="proofing__layout">
            <aside className="card proofing__students" aria-labelledby="proofing-students">
              <h2 id="proofing-students" className="card__title">
                {t('proofing.students')}
              </h2>
              <ol className="proof-students">
                {students.map((st, i) => {
                  const p = proofingOf(overview, st.id);
                  const count = p?.poses.length ?? 0;
                  return (
                    <li key={st.id}>
                      <button
                        type="button"
                        className="proof-students__item"
                        aria-current={i === studentIndex ? 'true' : undefined}
                        onClick={() => {
                          store.selectStudent(i);
                          focusWorkspace();
                        }}
                      >
                        <strong>
                          {st.firstName} {st.displayName}
                        </strong>
                        <span className="muted">
                          {count === 0
                            ? t('proofing.student.none')
                            : `${t('proofing.student.poses', { count })} · ${t(
                                p?.chosen ? 'proofing.student.chosen' : 'proofing.student.default',
                              )}`}
                        </span>
                      </button>
                    </li>
                  );
                })}
              </ol>
            </aside>

            <section
              ref={workspaceRef}
              className="proofing__workspace"
              tabIndex={0}
              onKeyDown={onKey}
              aria-label={t('proofing.photos', { name })}
              data-testid="proofing-workspace"
            >
              <div className="proofing__head">
                <h2 className="card__title" data-testid="proofing-student">
                  {t('proofing.photos', { name })}
                </h2>
                {proofing && proofing.photoIds.length > 0 && (
                  <span className="muted" aria-live="polite">
                    {t('proofing.photo', { index: photoIndex + 1, total: proofing.photoIds.length })}
                  </span>
                )}
                {proofing?.chosen && (
                  <button
                    type="button"
                    className="btn btn--small btn--ghost"
                    onClick={() => {
                      void store.resetPoses();
                      focusWorkspace();
                    }}
                  >
                    {t('proofing.reset')}
                  </button>
                )}
              </div>
              {!proofing || proofing.photoIds.length === 0 ? (
                <p className="muted">{t('proofing.photos.empty')}</p>
              ) : (
                <ol className="proof-grid">
                  {proofing.photoIds.map((id, i) => {
                    const info = photos.get(id);
                    const pose = proofing.poses.indexOf(id);
                    const classes = ['proof-card'];
                    if (i === photoIndex) classes.push('proof-card--current');
                    if (pose >= 0) classes.push('proof-card--pose');
                    return (
                      <li
                        key={id}
                        className={classes.join(' ')}
                        data-testid={i === photoIndex ? 'current-photo' : undefined}
                      >
                        <button
                          type="button"
                          className="proof-card__select"
                          tabIndex={-1}
                          onClick={() => {
                            store.selectPhoto(i);
                            focusWorkspace();
                          }}
                        >
                          <span className="proof-card__frame">
                            <img
                              src={mediaUrl({ jobId, kind: 'thumb', id })}
                              alt=""
                              style={{ transform: `rotate(${info?.rotation ?? 0}deg)` }}
                            />
                            {info && <CropMark photo={info} ratio={ratio} />}
                          </span>
                        </button>
                        <div className="proof-card__facts">
                          <span className="proof-card__pose">
                            {pose >= 0
                              ? `${t('proofing.pose', { number: pose + 1 })}${pose === 0 ? ` · ${t('proofing.favorite')}` : ''}`
                              : '—'}
                          </span>
                          <Stars
                            count={info?.stars ?? 0}
                            label={t('proofing.stars', { count: info?.stars ?? 0 })}
                          />
                          {(info?.rotation ?? 0) !== 0 && (
                            <span className="proof-card__tag">
                              {t('proofing.rotation', { degrees: info?.rotation ?? 0 })}
                            </span>
                          )}
                          {(info?.crops.length ?? 0) > 0 && (
                            <span className="proof-card__tag">
                              {t('proofing.cropped', {
                                ratios: (info?.crops ?? []).map((c) => ratioName(tr, c.ratio)).join(', '),
                              })}
                            </span>
                          )}
                        </div>
                      </li>
                    );
                  })}
                </ol>
              )}
            </section>

            <div className="proofing__side">
              <section className="card proofing__class-photo" aria-labelledby="class-photo-title">
                <h2 id="class-photo-title" className="card__title">
                  {t('proofing.classPhoto')}
                </h2>
                {classInfo && !classInfo.chosen && classInfo.pickedPhotoId && (
                  <p className="muted proofing__auto">{t('proofing.classPhoto.auto')}</p>
                )}
                {!classInfo || classInfo.classPhotoIds.length === 0 ? (
                  <p className="muted">{t('proofing.classPhoto.none')}</p>
                ) : (
                  <ul className="class-photo-list">
                    {classInfo.classPhotoIds.map((id) => {
                      const picked = id === classInfo.pickedPhotoId;
                      return (
                        <li key={id}>
                          <button
                            type="button"
                            className={picked ? 'class-photo class-photo--picked' : 'class-photo'}
                            aria-pressed={picked}
                            aria-label={t('proofing.classPhoto.pick')}
                            onClick={() => {
                              void store.pickClassPhoto(id);
                              focusWorkspace();
                            }}
                          >
                            <img
                              src={mediaUrl({ jobId, kind: 'thumb', id })}
                              alt=""
                              style={{ transform: `rotate(${photos.get(id)?.rotation ?? 0}deg)` }}
                            />
                            {picked && (
                              <span className="class-photo__badge">{t('proofing.classPhoto.picked')}</span>
                            )}
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                )}
              </section>
              <aside className="card proofing__shortcuts" aria-labelledby="proofing-shortcuts">
                <h2 id="proofing-shortcuts" className="card__title">
                  {t('proofing.shortcuts')}
                </h2>
                <dl className="proofing__keys">
                  {PROOFING_SHORTCUTS.map((s) => (
                    <div key={s.label}>
                      <dt>
                        <kbd>{s.keys(tr)}</kbd>
                      </dt>
                      <dd>{t(s.label)}</dd>
                    </div>
                  ))}
                </dl>
                <p className="muted">
                  {t('proofing.ratio')} : <strong>{ratioName(tr, ratio)}</strong>
                </p>
              </aside>
            </div>
          </div>
        </>
      )}
      {croppingPhoto && (
        <CropEditor
          jobId={jobId}
          photo={croppingPhoto}
          ratio={ratio}
          ratioName={ratioName(tr, ratio)}
          studentName={name}
          onSave={(rect) => store.setCrop(croppingPhoto.photoId, ratio, rect)}
          onClose={() => setCropping(null)}
        />
      )}
    </div>
  );
}
