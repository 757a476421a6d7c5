/**
 * Contract entries of printed photo cards (spread into `contract`): the cards PDFs of the roster,
 * the job's card settings, the review of what the cards read at ingest propose (with every doubtful
 * series), and accepting a class's card labels in one undoable edit. No entry looks at a face.
 */
import { z } from 'zod';
import { cardReviewSchema, cardSettingsSchema, cardsReadSchema } from '../domain/cards';
import { jobIdSchema } from '../domain/job';

const classIdSchema = z.string().min(1).max(100);

export const cardsContract = {
  /**
   * Writes one cards PDF per class (every class when `classIds` is absent) into the job's
   * `exports/cartes`: the class card, each student's card in roster order, sibling cards, blank
   * walk-up cards, a pause card and a staff card. `single`: one card per page.
   */
  'cards.build': {
    params: z
      .object({
        jobId: jobIdSchema,
        classIds: z.array(classIdSchema).min(1).max(500).optional(),
        layout: z.enum(['sheet', 'single']).default('sheet'),
      })
      .strict(),
    result: z.object({
      files: z.array(z.object({ classId: z.string().nullable(), path: z.string(), cards: z.number().int() })),
    }),
  },

  'cards.settings': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: cardSettingsSchema,
  },

  'cards.setSettings': {
    params: z.object({ jobId: jobIdSchema, settings: cardSettingsSchema }).strict(),
    result: z.object({ ok: z.literal(true) }),
  },

  /** What the cards read at ingest propose, per class, and every doubtful series with its frames. */
  'cards.review': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: cardReviewSchema,
  },

  /** What was read on the frames of one memory card (`cardId` of `ingest.cards`), as the ingest goes. */
  'cards.readOnCard': {
    params: z.object({ jobId: jobIdSchema, cardId: z.string().min(1).max(100) }).strict(),
    result: cardsReadSchema,
  },

  /**
   * Accepts the card labels of one class (`classId: null`: staff cards; absent: every class) as one
   * undoable edit (`labels.undo`). A frame a person already labeled or marked is left as it is.
   */
  'cards.accept': {
    params: z.object({ jobId: jobIdSchema, classId: classIdSchema.nullable().optional() }).strict(),
    result: z.object({ photos: z.number().int(), skipped: z.number().int() }),
  },
} as const;
