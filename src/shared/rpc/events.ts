/** Events the core pushes to every connected UI. */
import { z } from 'zod';
import { volumeSchema } from '../domain/ingest';
import { taskFinishedSchema, taskProgressSchema } from '../domain/task';

export const events = {
  /** Progress of a running task, throttled (a few per second at most; the last one is always sent). */
  'task.progress': taskProgressSchema,
  /** A task ended: done, failed or cancelled. */
  'task.finished': taskFinishedSchema,
  /**
   * Some data changed (by this window, another window or a task): listeners refetch what they show.
   * `entity` names what changed (`jobs`, `settings`, `tasks`, …); `jobId` is absent for studio-wide data.
   */
  'data.changed': z.object({
    entity: z.string(),
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
