/**
 * Contract entries of the application itself (spread into `contract`): the running core, studio
 * settings, the recent jobs and opening/closing a job, the folder and file pickers, the tasks of a job.
 */
import { z } from 'zod';
import { jobSummarySchema, newJobSchema, recentJobSchema } from '../domain/job';
import { languageSchema, studioSettingsPatchSchema, studioSettingsSchema } from '../domain/settings';
import { taskInfoSchema } from '../domain/task';
import { idSchema, jobIdSchema, noParams, ok, pathSchema, userPathSchema } from './schemas';

/** Which host runs the core: decides e.g. whether a native folder dialog exists. */
export const HOSTS = ['electron', 'browser', 'cli', 'test'] as const;

export const folderCheckSchema = z.object({
  /** Absolute, normalised path as the core understands it. */
  path: z.string(),
  exists: z.boolean(),
  isFolder: z.boolean(),
  writable: z.boolean(),
  empty: z.boolean(),
  isJob: z.boolean(),
  /** The folder it would be created in exists (only folders the user named are created, not their parents). */
  parentExists: z.boolean(),
});
export type FolderCheck = z.infer<typeof folderCheckSchema>;

/** A place the folder browser starts from. */
export const folderPlaceSchema = z.object({
  path: z.string(),
  /** `home`: the user's home folder; `volume`: a mounted disk or camera card. */
  kind: z.enum(['home', 'volume']),
  /** The volume's name (`EOS_DIGITAL`); the home folder's own name. */
  name: z.string(),
  /** Holds a DCIM folder: a camera card. */
  card: z.boolean(),
});
export type FolderPlace = z.infer<typeof folderPlaceSchema>;

export const folderListingSchema = z.object({
  /** The folder listed; null for the list of places. */
  path: z.string().nullable(),
  /** Where "up" leads: the parent folder, or null when `path` is a place (up is the list of places). */
  parent: z.string().nullable(),
  /** The place `path` lies in. */
  place: folderPlaceSchema.nullable(),
  /** Every place, whatever is listed. */
  places: z.array(folderPlaceSchema),
  /** Sub-folders in French alphabetical order (links to folders inside the places included). */
  folders: z.array(z.object({ name: z.string(), path: z.string() })),
  /** More sub-folders than the browser lists at once. */
  truncated: z.boolean(),
});
export type FolderListing = z.infer<typeof folderListingSchema>;

export const appContract = {
  /** Version, host and capabilities of the running core. */
  'app.info': {
    params: noParams,
    result: z.object({
      name: z.string(),
      version: z.string(),
      host: z.enum(HOSTS),
      platform: z.string(),
      dataDir: z.string(),
      /** True when the host can show the operating system's folder picker (Electron). */
      nativeDialogs: z.boolean(),
      language: languageSchema,
    }),
  },

  /** Studio-wide settings: language, photographer identity, library folder, publish target. */
  'settings.get': { params: noParams, result: studioSettingsSchema },

  /** Changes some studio settings; returns all of them. */
  'settings.update': { params: studioSettingsPatchSchema.strict(), result: studioSettingsSchema },

  /** Recently opened jobs, most recent first, with whether their folder is still there. */
  'jobs.list': { params: noParams, result: z.array(recentJobSchema) },

  /** Creates a job folder (database + sub-folders) and opens it. Refuses a non-empty folder that is not a job. */
  'jobs.create': { params: newJobSchema.strict(), result: jobSummarySchema },

  /** Opens an existing job folder (taking its single-instance lock) and resumes its unfinished tasks. */
  'jobs.open': { params: z.object({ path: userPathSchema }).strict(), result: jobSummarySchema },

  /** Summary of an open job. */
  'jobs.get': { params: z.object({ jobId: jobIdSchema }).strict(), result: jobSummarySchema },

  /** Closes an open job: stops its tasks (they resume next time) and releases its lock. */
  'jobs.close': { params: z.object({ jobId: jobIdSchema }).strict(), result: ok },

  /** Removes a job from the recent list. The folder itself is left untouched. */
  'jobs.forget': { params: z.object({ path: z.string().min(1) }).strict(), result: ok },

  /** Checks a typed or pasted folder path before it is used (exists, writable, empty, already a job). */
  'fs.checkFolder': { params: z.object({ path: userPathSchema }).strict(), result: folderCheckSchema },

  /** Shows the native folder picker where the host has one; `supported: false` elsewhere (type the path). */
  'fs.pickFolder': {
    params: z
      .object({ title: z.string().max(200).optional(), defaultPath: z.string().max(4096).optional() })
      .strict(),
    result: z.object({ supported: z.boolean(), path: z.string().nullable() }),
  },

  /**
   * The folder browser of hosts without a native picker (the browser host): the sub-folders of
   * `path`, or, without one, the places it shows — the user's home folder and the mounted volumes.
   * Nothing outside those places is listed or opened (links are followed before the check: a link
   * leading elsewhere is left out); hidden folders only when asked.
   */
  'fs.listFolders': {
    params: z.object({ path: userPathSchema.optional(), showHidden: z.boolean().default(false) }).strict(),
    result: folderListingSchema,
  },

  /**
   * Shows the native file picker where the host has one (`supported: false` elsewhere: the browser
   * host takes the file through its upload route instead). `extensions` filters by type, without dot.
   */
  'fs.pickFile': {
    params: z
      .object({
        title: z.string().max(200).optional(),
        extensions: z
          .array(z.string().regex(/^[a-z0-9]{1,10}$/))
          .max(20)
          .optional(),
      })
      .strict(),
    result: z.object({ supported: z.boolean(), path: z.string().nullable() }),
  },

  /**
   * Opens a file the job produced (in its `exports/` folder or a folder in it) with the system's
   * default application, or such a folder in the file manager, where the host can (Electron);
   * `supported: false` elsewhere (the browser host serves files at `/exports/<jobId>/<relative path>`,
   * the path as one encoded segment). Refuses anything outside the job's exports.
   */
  'fs.openExport': {
    params: z.object({ jobId: jobIdSchema, path: pathSchema }).strict(),
    result: z.object({ supported: z.boolean() }),
  },

  /** Tasks of an open job (running first, then the most recent). */
  'tasks.list': { params: z.object({ jobId: jobIdSchema }).strict(), result: z.array(taskInfoSchema) },

  /** Asks a running or queued task to stop; work already finished is kept. */
  'tasks.cancel': { params: z.object({ taskId: idSchema }).strict(), result: ok },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
