/** Events the core pushes to every connected UI. */
import { z } from 'zod';
import { volumeSchema } from '../domain/ingest';
import { taskFinishedSchema, taskProgressSchema } from '../domain/task';

/**
 * What a `data.changed` notice may name: a typo in an emitter or a subscriber does not compile.
 * Studio-wide: `jobs`, `settings`. Per job: everything else.
 */
export const DATA_ENTITIES = [
  'jobs',
  'settings',
  'tasks',
  'school',
  'classes',
  'students',
  'consent',
  'cards',
  'cameras',
  'photos',
  'originals',
  'sessions',
  'labels',
  'proofing',
  'forms',
  'codes',
  'orders',
  'publish',
] as const;
export type DataEntity = (typeof DATA_ENTITIES)[number];

export const events = {
  /** Progress of a running task, throttled (a few per second at most; the last one is always sent). */
  'task.progress': taskProgressSchema,
  /** A task ended: done, failed or cancelled. */
  'task.finished': taskFinishedSchema,
  /**
   * Some data changed (by this window, another window or a task): listeners refetch what they show.
   * `entity` names what changed (one of `DATA_ENTITIES`); `jobId` is absent for studio-wide data;
   * `ids` are the rows concerned when the change knows them (photos, students…).
   */
  'data.changed': z.object({
    entity: z.enum(DATA_ENTITIES),
    jobId: z.string().optional(),
    ids: z.array(z.string()).optional(),
  }),
  /**
   * A command chosen in the native application menu (Electron host only), sent to the window in
   * front: `job.new` (Fichier › Nouveau reportage), `job.open` (Fichier › Ouvrir…).
   */
  'menu.selected': z.object({ command: z.enum(['job.new', 'job.open']) }),
  /** Camera cards (mounted volumes holding DCIM) appeared or went away; the full current list. */
  'ingest.volumesChanged': z.object({ volumes: z.array(volumeSchema) }),
} as const satisfies Record<string, z.ZodType>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export type MenuCommand = EventPayload<'menu.selected'>['command'];
