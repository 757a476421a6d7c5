/**
 * Proofing as the UI and the core see it: per student the poses offered on the order form (ordered,
 * favorite first), per photo a star rating, a rotation and a non-destructive crop per print ratio,
 * and per class the class photo picked. Nothing here touches an image file: crops and rotations are
 * decisions stored in the job database and applied when proofs or prints are made.
 */
import { z } from 'zod';

export const ROTATIONS = [0, 90, 180, 270] as const;
export type Rotation = (typeof ROTATIONS)[number];

/**
 * Print ratios a crop can be made for (short side × long side, in cm; the square has no size). A
 * crop keeps the ratio in either orientation, portrait or landscape. None is above 24×30 cm
 * (circulaire 2003-091).
 */
export const PRINT_RATIOS = [
  { id: '10x15', short: 10, long: 15 },
  { id: '13x18', short: 13, long: 18 },
  { id: '15x20', short: 15, long: 20 },
  { id: '18x24', short: 18, long: 24 },
  { id: '20x30', short: 20, long: 30 },
  { id: 'square', short: 1, long: 1 },
] as const;
export type PrintRatioId = (typeof PRINT_RATIOS)[number]['id'];
export const PRINT_RATIO_IDS = PRINT_RATIOS.map((r) => r.id) as [PrintRatioId, ...PrintRatioId[]];

export const DEFAULT_MAX_POSES = 4;
export const MAX_POSES_LIMIT = 8;
export const MAX_STARS = 5;

/** A frame as the automatic pose choice sees it: which camera took it, and when on the shared timeline. */
export interface MomentFrame {
  cameraId: string | null;
  /** Capture time with the camera's clock offset applied (null: unknown). */
  correctedMs: number | null;
}

/**
 * Two frames of the same moment from two cameras: both cameras known and different, and their
 * corrected capture times within `toleranceMs` (the job's burst threshold). Frames of one camera
 * are never "the same moment": a burst's frames are poses a family may choose between.
 */
export function sameMoment(a: MomentFrame, b: MomentFrame, toleranceMs: number): boolean {
  if (a.cameraId === null || b.cameraId === null || a.cameraId === b.cameraId) return false;
  if (a.correctedMs === null || b.correctedMs === null) return false;
  return Math.abs(a.correctedMs - b.correctedMs) <= toleranceMs;
}

/**
 * The automatic pose choice: up to `max` frames taken in the given order (best first), leaving out
 * any frame of a moment already offered from another camera — two cameras on one child give one
 * pose per moment, not the same smile twice.
 */
export function distinctMoments<T extends MomentFrame>(
  ordered: readonly T[],
  max: number,
  toleranceMs: number,
): T[] {
  const picked: T[] = [];
  for (const frame of ordered) {
    if (picked.length >= max) break;
    if (!picked.some((p) => sameMoment(p, frame, toleranceMs))) picked.push(frame);
  }
  return picked;
}

/** Long side over short side of a print ratio (≥ 1). */
export function ratioValue(id: PrintRatioId): number {
  const r = PRINT_RATIOS.find((x) => x.id === id)!;
  return r.long / r.short;
}

const unit = z.number().finite().min(0, 'validation.crop.range').max(1, 'validation.crop.range');

/**
 * A crop rectangle in fractions of the photo as shown (preview orientation plus the proofing
 * rotation): x, y of the top-left corner, w, h its size; all within 0…1.
 */
export const cropRectSchema = z.object({
  x: unit,
  y: unit,
  w: unit.refine((v) => v > 0, 'validation.crop.range'),
  h: unit.refine((v) => v > 0, 'validation.crop.range'),
});
export type CropRect = z.infer<typeof cropRectSchema>;

export const photoProofingSchema = z.object({
  photoId: z.string(),
  stars: z.number().int().min(0).max(MAX_STARS),
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  /** The crop per print ratio, where one was made (otherwise prints use the whole photo, centred). */
  crops: z.array(z.object({ ratio: z.enum(PRINT_RATIO_IDS), rect: cropRectSchema })),
  /** Pixel size of the preview as shown before rotation, when known (crop editor, ratios). */
  width: z.number().nullable(),
  height: z.number().nullable(),
  captureMs: z.number().nullable(),
});
export type PhotoProofing = z.infer<typeof photoProofingSchema>;

export const studentProofingSchema = z.object({
  studentId: z.string(),
  classId: z.string().nullable(),
  /** Every usable photo of the student (labeled, not rejected, not a class or staff photo), in capture order. */
  photoIds: z.array(z.string()),
  /** The poses offered, in order (first = favorite), as the forms will print them. */
  poses: z.array(z.string()),
  /** True when a person chose the poses; false when they are the default (stars, then capture order). */
  chosen: z.boolean(),
});
export type StudentProofing = z.infer<typeof studentProofingSchema>;

export const classProofingSchema = z.object({
  classId: z.string(),
  /** Photos marked « photo de classe » in the class's sessions, in capture order. */
  classPhotoIds: z.array(z.string()),
  /** The class photo forms and the gallery use (the pick, else the best rated, else the first). */
  pickedPhotoId: z.string().nullable(),
  /** True when a person picked it. */
  chosen: z.boolean(),
});
export type ClassProofing = z.infer<typeof classProofingSchema>;

export const proofingOverviewSchema = z.object({
  maxPoses: z.number().int(),
  students: z.array(studentProofingSchema),
  classes: z.array(classProofingSchema),
  photos: z.array(photoProofingSchema),
});
export type ProofingOverview = z.infer<typeof proofingOverviewSchema>;

/** The rectangle after turning the photo a quarter turn clockwise (so a crop follows its rotation). */
export function rotateRectClockwise(r: CropRect): CropRect {
  return { x: 1 - r.y - r.h, y: r.x, w: r.h, h: r.w };
}

/** The largest centred rectangle of a print ratio inside a photo of the given shown size (portrait if the photo is). */
export function defaultCrop(ratio: PrintRatioId, width: number, height: number): CropRect {
  const value = ratioValue(ratio);
  // Target pixel aspect (w/h): same orientation as the photo.
  const aspect = width >= height ? value : 1 / value;
  const photoAspect = width / height;
  if (photoAspect > aspect) {
    const w = aspect / photoAspect;
    return { x: (1 - w) / 2, y: 0, w, h: 1 };
  }
  const h = photoAspect / aspect;
  return { x: 0, y: (1 - h) / 2, w: 1, h };
}

/** Within this relative difference a rectangle counts as having the ratio (rounding of pixels). */
export const RATIO_TOLERANCE = 0.01;

/** Why a crop rectangle is refused for a photo of the shown size, or null when it is fine. */
export function cropProblem(
  ratio: PrintRatioId,
  rect: CropRect,
  width: number,
  height: number,
): 'outside' | 'ratio' | null {
  const eps = 1e-6;
  if (rect.x < -eps || rect.y < -eps || rect.x + rect.w > 1 + eps || rect.y + rect.h > 1 + eps)
    return 'outside';
  const aspect = (rect.w * width) / (rect.h * height);
  const value = ratioValue(ratio);
  const fits = (target: number) => Math.abs(aspect / target - 1) <= RATIO_TOLERANCE;
  return fits(value) || fits(1 / value) ? null : 'ratio';
}
