/**
 * Contract entries of proofing (spread into `contract`): the poses offered per student, star
 * ratings, rotations, crops per print ratio and the class photo pick. Every change emits
 * `data.changed` with entity `proofing` so other windows refetch; order forms and the gallery read
 * the same rows through the core's pose source.
 */
import { z } from 'zod';
import { photoIdSchema } from '../domain/labeling';
import {
  cropRectSchema,
  MAX_POSES_LIMIT,
  MAX_STARS,
  PRINT_RATIO_IDS,
  proofingOverviewSchema,
} from '../domain/proofing';
import { idSchema, jobIdSchema, ok } from './schemas';

const photoIds = z.array(photoIdSchema).min(1).max(5000);

export const proofingContract = {
  /**
   * Proofing state of the job (or of one class): the maximum of poses per student, each student's
   * usable photos and offered poses (a person's choice, else the default: best stars first, then
   * capture order), each class's class photos and pick, and each photo's stars, rotation and crops.
   */
  'proofing.get': {
    params: z.object({ jobId: jobIdSchema, classId: idSchema.optional() }).strict(),
    result: proofingOverviewSchema,
  },

  /**
   * Chooses the poses offered to a student, in order (first = favorite). Each must be a photo of
   * that student (labeled, not rejected, not a class or staff photo); at most the job's maximum.
   * An empty list goes back to the default choice.
   */
  'proofing.setPoses': {
    params: z
      .object({
        jobId: jobIdSchema,
        studentId: idSchema,
        photoIds: z.array(photoIdSchema).max(MAX_POSES_LIMIT),
      })
      .strict(),
    result: ok,
  },

  /** Rates photos from 0 (no star) to 5 stars; the default poses favour the best rated. */
  'proofing.rate': {
    params: z
      .object({ jobId: jobIdSchema, photoIds, stars: z.number().int().min(0).max(MAX_STARS) })
      .strict(),
    result: ok,
  },

  /**
   * Sets the clockwise rotation of photos (0, 90, 180 or 270°, on top of the camera's orientation),
   * applied to proofs and prints; the photo files are never rewritten. Crops turn with the photo.
   */
  'proofing.rotate': {
    params: z
      .object({
        jobId: jobIdSchema,
        photoIds,
        rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
      })
      .strict(),
    result: ok,
  },

  /**
   * Sets (or clears with `rect: null`) the crop of a photo for one print ratio: a rectangle in
   * fractions of the photo as shown (after rotation), inside the photo, with the print's ratio in
   * either orientation. Non-destructive: the photo is untouched.
   */
  'proofing.setCrop': {
    params: z
      .object({
        jobId: jobIdSchema,
        photoId: photoIdSchema,
        ratio: z.enum(PRINT_RATIO_IDS),
        rect: cropRectSchema.nullable(),
      })
      .strict(),
    result: ok,
  },

  /** Picks the class photo of a class among the photos marked « photo de classe »; `null` goes back to the default. */
  'proofing.pickClassPhoto': {
    params: z.object({ jobId: jobIdSchema, classId: idSchema, photoId: photoIdSchema.nullable() }).strict(),
    result: ok,
  },

  /** Sets how many poses at most each student is offered in this job (1 to 8). */
  'proofing.setMaxPoses': {
    params: z.object({ jobId: jobIdSchema, maxPoses: z.number().int().min(1).max(MAX_POSES_LIMIT) }).strict(),
    result: ok,
  },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
