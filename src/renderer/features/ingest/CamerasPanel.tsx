/**
 * Camera bodies of the job and their clock offsets: typed ("+1 min 35 s"), or aligned on two
 * photos of the same moment picked in the grid. Capture times in the grid are shown corrected, so
 * the effect is visible at once.
 */
import { useState } from 'react';
import type { Camera, PhotoRow } from '../../../shared/domain/ingest';
import { Alert } from '../../components/Alert';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { formatOffset, parseOffset } from '../../lib/clock-offset';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';

export interface SyncPicks {
  reference: PhotoRow | null;
  photo: PhotoRow | null;
}

export function CamerasPanel({
  jobId,
  syncing,
  picks,
  onSyncMode,
  onSynced,
}: {
  jobId: string;
  syncing: boolean;
  picks: SyncPicks;
  onSyncMode: (on: boolean) => void;
  onSynced: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const [error, setError] = useState<UiError | null>(null);
  // A running ingest announces cameras and cards often: one reload per half second at most.
  const cameras: Camera[] =
    useLiveQuery(
      'cameras.list',
      { jobId },
      { entities: ['cameras', 'cards'], tasks: 'any', coalesceMs: 500, onError: setError },
    ).data ?? [];

  const align = async () => {
    if (!picks.reference || !picks.photo) return;
    try {
      await rpc.call('cameras.syncOnPhotos', {
        jobId,
        photoId: picks.photo.id,
        referencePhotoId: picks.reference.id,
      });
      onSynced();
    } catch (e) {
      setError(toUiError(e));
    }
  };

  return (
    <section className="card cameras" aria-labelledby="cameras-title">
      <div className="card__head">
        <h2 id="cameras-title" className="card__title">
          {t('ingest.cameras.title')}
        </h2>
        {cameras.length > 1 && (
          <button
            type="button"
            className="btn btn--secondary btn--small"
            aria-pressed={syncing}
            onClick={() => onSyncMode(!syncing)}
          >
            {syncing ? t('ingest.cameras.syncStop') : t('ingest.cameras.sync')}
          </button>
        )}
      </div>
      {error && (
        <Alert tone="error" onDismiss={() => setError(null)}>
          {tr.error(error)}
        </Alert>
      )}
      {cameras.length === 0 ? (
        <p className="muted">{t('ingest.cameras.none')}</p>
      ) : (
        <table className="table cameras__table">
          <thead>
            <tr>
              <th scope="col">{t('ingest.cameras.body')}</th>
              <th scope="col">{t('ingest.cameras.model')}</th>
              <th scope="col">{t('ingest.cameras.serial')}</th>
              <th scope="col">{t('ingest.cameras.photos')}</th>
              <th scope="col">{t('ingest.cameras.offset')}</th>
            </tr>
          </thead>
          <tbody>
            {cameras.map((c) => (
              <CameraRow key={`${c.id}:${c.offsetSeconds}`} jobId={jobId} camera={c} onError={setError} />
            ))}
          </tbody>
        </table>
      )}
      {syncing && (
        <div className="sync-box" data-testid="sync-box">
          <p>{t('ingest.cameras.syncHelp')}</p>
          <p>
            {t('ingest.cameras.syncReference')}{' '}
            <strong>
              {picks.reference
                ? `${picks.reference.originalName} (${picks.reference.cameraLabel ?? '?'})`
                : '—'}
            </strong>
          </p>
          <p>
            {t('ingest.cameras.syncPhoto')}{' '}
            <strong>
              {picks.photo ? `${picks.photo.originalName} (${picks.photo.cameraLabel ?? '?'})` : '—'}
            </strong>
          </p>
          <button
            type="button"
            className="btn btn--primary btn--small"
            disabled={!picks.reference || !picks.photo}
            onClick={() => void align()}
          >
            {t('ingest.cameras.syncApply')}
          </button>
        </div>
      )}
    </section>
  );
}

function CameraRow({
  jobId,
  camera,
  onError,
}: {
  jobId: string;
  camera: Camera;
  onError: (e: UiError) => void;
}) {
  const { t } = useT();
  const [text, setText] = useState(formatOffset(camera.offsetSeconds));
  const parsed = parseOffset(text);
  const changed = parsed !== null && parsed !== Math.round(camera.offsetSeconds);
  const save = async () => {
    if (parsed === null) return;
    try {
      await rpc.call('cameras.setOffset', { jobId, cameraId: camera.id, offsetSeconds: parsed });
    } catch (e) {
      onError(toUiError(e));
    }
  };
  const inputId = `offset-${camera.id}`;
  return (
    <tr data-testid="camera-row">
      <th scope="row">
        <span className="camera-label">{camera.label}</span>
      </th>
      <td>
        {camera.model.toLowerCase().startsWith(camera.make.toLowerCase())
          ? camera.model
          : `${camera.make} ${camera.model}`}
      </td>
      <td className="mono">{camera.serial || '—'}</td>
      <td>{camera.photos}</td>
      <td>
        <form
          className="offset-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label className="visually-hidden" htmlFor={inputId}>
            {t('ingest.cameras.offsetOf', { label: camera.label })}
          </label>
          <input
            id={inputId}
            className="input input--offset"
            value={text}
            onChange={(e) => setText(e.target.value)}
            aria-invalid={parsed === null}
          />
          <button type="submit" className="btn btn--secondary btn--small" disabled={!changed}>
            {t('ingest.cameras.apply')}
          </button>
          {parsed === null && (
            <span className="field-note field-note--error">{t('ingest.cameras.badOffset')}</span>
          )}
        </form>
      </td>
    </tr>
  );
}
