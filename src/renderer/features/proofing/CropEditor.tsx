/**
 * Non-destructive crop of one photo for one print ratio: a frame of the print's proportions dragged
 * (or nudged with the keyboard) over the preview as it is shown, rotation included. Only the
 * rectangle is saved; the core checks it again (inside the photo, right ratio).
 */
import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import {
  defaultCrop,
  ratioValue,
  type CropRect,
  type PhotoProofing,
  type PrintRatioId,
} from '../../../shared/domain/proofing';
import { useT } from '../../i18n/use-t';
import { mediaUrl } from '../../lib/media-url';

const STAGE = 520;
const MIN_SIZE = 0.05;

/** The largest centred rectangle of pixel aspect `aspect` (w/h) in a W×H photo, in fractions. */
function fitAspect(aspect: number, W: number, H: number): CropRect {
  if (W / H > aspect) {
    const w = (aspect * H) / W;
    return { x: (1 - w) / 2, y: 0, w, h: 1 };
  }
  const h = W / (aspect * H);
  return { x: 0, y: (1 - h) / 2, w: 1, h };
}

function clampPosition(r: CropRect): CropRect {
  return { ...r, x: Math.min(Math.max(0, r.x), 1 - r.w), y: Math.min(Math.max(0, r.y), 1 - r.h) };
}

/** Scales a rectangle around its centre by `k`, keeping it inside the photo and not too small. */
function scaleRect(r: CropRect, k: number): CropRect {
  const most = Math.min(1 / r.w, 1 / r.h);
  const least = Math.max(MIN_SIZE / r.w, MIN_SIZE / r.h);
  const f = Math.min(most, Math.max(least, k));
  const w = r.w * f;
  const h = r.h * f;
  return clampPosition({ x: r.x + r.w / 2 - w / 2, y: r.y + r.h / 2 - h / 2, w, h });
}

export function CropEditor({
  jobId,
  photo,
  ratio,
  ratioName,
  studentName,
  onSave,
  onClose,
}: {
  jobId: string;
  photo: PhotoProofing;
  ratio: PrintRatioId;
  ratioName: string;
  studentName: string;
  onSave: (rect: CropRect | null) => Promise<boolean>;
  onClose: () => void;
}) {
  const { t } = useT();
  const [natural, setNatural] = useState<{ w: number; h: number } | null>(null);
  const existing = photo.crops.find((c) => c.ratio === ratio)?.rect ?? null;
  const [rect, setRect] = useState<CropRect | null>(existing);
  const dialogRef = useRef<HTMLDivElement>(null);
  const drag = useRef<{ mode: 'move' | 'resize'; x: number; y: number; start: CropRect } | null>(null);

  useEffect(() => dialogRef.current?.focus(), []);

  const quarter = photo.rotation === 90 || photo.rotation === 270;
  const W = natural ? (quarter ? natural.h : natural.w) : 1;
  const H = natural ? (quarter ? natural.w : natural.h) : 1;
  const scale = STAGE / Math.max(W, H);
  const shownW = W * scale;
  const shownH = H * scale;

  const save = async (value: CropRect | null) => {
    if (await onSave(value)) onClose();
  };

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    if (!rect) return;
    const step = e.shiftKey ? 0.1 : 0.01;
    const move = (dx: number, dy: number) =>
      setRect(clampPosition({ ...rect, x: rect.x + dx, y: rect.y + dy }));
    switch (e.key) {
      case 'Enter':
        e.preventDefault();
        void save(rect);
        return;
      case 'Delete':
      case 'Backspace':
        e.preventDefault();
        void save(null);
        return;
      case 'ArrowLeft':
        e.preventDefault();
        move(-step, 0);
        return;
      case 'ArrowRight':
        e.preventDefault();
        move(step, 0);
        return;
      case 'ArrowUp':
        e.preventDefault();
        move(0, -step);
        return;
      case 'ArrowDown':
        e.preventDefault();
        move(0, step);
        return;
      case '+':
      case '=':
        e.preventDefault();
        setRect(scaleRect(rect, 1.05));
        return;
      case '-':
        e.preventDefault();
        setRect(scaleRect(rect, 1 / 1.05));
        return;
      case 'o':
      case 'O': {
        e.preventDefault();
        // The other orientation of the same print: portrait ↔ landscape, centred where the frame was.
        const aspect = (rect.w * W) / (rect.h * H);
        const flipped = fitAspect(1 / aspect, W, H);
        setRect(
          clampPosition({
            ...flipped,
            x: rect.x + rect.w / 2 - flipped.w / 2,
            y: rect.y + rect.h / 2 - flipped.h / 2,
          }),
        );
        return;
      }
      default:
    }
  };

  const startDrag = (e: PointerEvent<HTMLDivElement>, mode: 'move' | 'resize') => {
    if (!rect) return;
    e.preventDefault();
    e.stopPropagation();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { mode, x: e.clientX, y: e.clientY, start: rect };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    const dx = (e.clientX - d.x) / shownW;
    const dy = (e.clientY - d.y) / shownH;
    if (d.mode === 'move') setRect(clampPosition({ ...d.start, x: d.start.x + dx, y: d.start.y + dy }));
    else {
      // Resize from the bottom-right corner, keeping the print's proportions.
      const k = Math.max((d.start.w + dx) / d.start.w, (d.start.h + dy) / d.start.h);
      const most = Math.min((1 - d.start.x) / d.start.w, (1 - d.start.y) / d.start.h);
      const f = Math.min(most, Math.max(MIN_SIZE / Math.min(d.start.w, d.start.h), k));
      setRect({ ...d.start, w: d.start.w * f, h: d.start.h * f });
    }
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  const title = t('proofing.crop.title', { ratio: ratioName, name: studentName });
  const portrait = rect ? rect.w * W < rect.h * H : true;
  const printAspect = ratioValue(ratio);

  return (
    <div
      ref={dialogRef}
      className="overlay crop-editor"
      role="dialog"
      aria-modal="true"
      aria-label={title}
      tabIndex={-1}
      onKeyDown={onKey}
      data-testid="crop-editor"
    >
      <div className="card crop-editor__card">
        <h2 className="card__title">{title}</h2>
        <div className="crop-editor__stage" style={{ width: STAGE, height: STAGE }}>
          <img
            src={mediaUrl({ jobId, kind: 'preview', id: photo.photoId })}
            alt=""
            draggable={false}
            onLoad={(e) => {
              const w = e.currentTarget.naturalWidth;
              const h = e.currentTarget.naturalHeight;
              setNatural({ w, h });
              // Without a crop yet for this format: the largest centred frame, in the photo's orientation.
              if (!rect) setRect(quarter ? defaultCrop(ratio, h, w) : defaultCrop(ratio, w, h));
            }}
            style={
              natural
                ? {
                    width: natural.w * scale,
                    height: natural.h * scale,
                    left: (STAGE - natural.w * scale) / 2,
                    top: (STAGE - natural.h * scale) / 2,
                    transform: `rotate(${photo.rotation}deg)`,
                  }
                : { visibility: 'hidden' }
            }
          />
          {natural && rect && (
            <div
              className="crop-editor__area"
              style={{ width: shownW, height: shownH, left: (STAGE - shownW) / 2, top: (STAGE - shownH) / 2 }}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
            >
              <div
                className="crop-editor__frame"
                role="img"
                aria-label={t('proofing.crop.frame')}
                data-testid="crop-frame"
                style={{
                  left: `${rect.x * 100}%`,
                  top: `${rect.y * 100}%`,
                  width: `${rect.w * 100}%`,
                  height: `${rect.h * 100}%`,
                }}
                onPointerDown={(e) => startDrag(e, 'move')}
                onPointerMove={onPointerMove}
                onPointerUp={onPointerUp}
              >
                <span className="crop-editor__ratio">
                  {printAspect === 1
                    ? ratioName
                    : `${ratioName} · ${t(portrait ? 'proofing.crop.portrait' : 'proofing.crop.landscape')}`}
                </span>
                <div
                  className="crop-editor__handle"
                  aria-label={t('proofing.crop.resize')}
                  onPointerDown={(e) => startDrag(e, 'resize')}
                  onPointerMove={onPointerMove}
                  onPointerUp={onPointerUp}
                />
              </div>
            </div>
          )}
        </div>
        <p className="crop-editor__help muted">{t('proofing.crop.help')}</p>
        <div className="crop-editor__actions">
          <button type="button" className="btn btn--primary" onClick={() => void save(rect)} disabled={!rect}>
            {t('proofing.crop.save')}
          </button>
          {existing && (
            <button type="button" className="btn btn--secondary" onClick={() => void save(null)}>
              {t('proofing.crop.clear')}
            </button>
          )}
          <button type="button" className="btn btn--ghost" onClick={onClose}>
            {t('proofing.crop.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
