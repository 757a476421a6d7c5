/**
 * Schemas every contract file shares, declared once so that an id, a path or an acknowledgement
 * means the same thing (same limits, same error keys) in every domain.
 */
import { z } from 'zod';
import { folderPathSchema, jobIdSchema } from '../domain/job';

export { jobIdSchema };

/** The answer of a method whose only news is that it worked. */
export const ok = z.object({ ok: z.literal(true) });

/** Params of a method that takes none: anything passed is refused. */
export const noParams = z.object({}).strict();

/** A row id made by the core (student, class, card, session, product, task…). */
export const idSchema = z.string().min(1).max(100);

/** An access code as typed (any grouping, spaces, dashes) or, where it says so, a student's name. */
export const typedCodeSchema = z.string().trim().min(1, 'validation.required').max(60, 'validation.tooLong');

/**
 * A path the user typed or picked (a file to import, a folder to open, a file or folder to write):
 * trimmed, with the messages of the path field (`validation.path.*`).
 */
export const userPathSchema = folderPathSchema;

/** A path the core itself handed out or checks on arrival (a source folder, a file of the exports). */
export const pathSchema = z.string().min(1).max(4096);
