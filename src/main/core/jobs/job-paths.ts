/**
 * The layout of a job folder, named in one place: every part of the core that reads or writes a
 * file of the job asks here (`jobPaths(job).thumb(id)`), so the layout can be read in one screen,
 * changed in one place, and checked by a test (no core file joins 'exports' or 'cache' by hand).
 *
 *     job.preau.sqlite            the job's database (with its -wal and -shm)
 *     originals/                  photos as copied from the cards, with their XMP sidecars
 *     cache/thumb|preview|proof/  derived images (made again from the originals when lost)
 *     cache/web/                  watermarked web copies sent to the sales platform
 *     exports/                    documents made for people: shoot-day lists, consent sheets,
 *       bons-de-commande/         order forms, proof sheets, their report and the treasurer's summary
 *       droit-d-acces/            right-of-access exports
 *       production/               print runs for the lab (one folder or zip per run)
 *         colisage/               packing lists, envelope labels, delivery slips
 *       cartes/                   printed photo cards, one PDF per class
 */
import path from 'node:path';

export const JOB_DB = 'job.preau.sqlite';

/** Folders inside a job folder, relative to it (forward slashes where nested). */
export const JOB_LAYOUT = {
  originals: 'originals',
  cache: 'cache',
  thumb: 'cache/thumb',
  preview: 'cache/preview',
  proof: 'cache/proof',
  web: 'cache/web',
  exports: 'exports',
  orderForms: 'exports/bons-de-commande',
  accessExports: 'exports/droit-d-acces',
  production: 'exports/production',
  /** Printed photo cards (one PDF per class). */
  cards: 'exports/cartes',
  packing: 'exports/production/colisage',
} as const;

/** Sub-folders every job has from its creation. */
export const JOB_SUBDIRS = [JOB_LAYOUT.originals, JOB_LAYOUT.cache, JOB_LAYOUT.exports] as const;

export type JobFolder = keyof typeof JOB_LAYOUT;

export interface JobPaths {
  readonly dir: string;
  readonly db: string;
  /** The database while the job is being created: built under this name, renamed to `db` last. */
  readonly dbBeingCreated: string;
  /** Absolute path of one of the job's folders. */
  folder(which: JobFolder): string;
  original(fileName: string): string;
  xmpSidecar(originalFileName: string): string;
  thumb(photoId: string): string;
  preview(photoId: string): string;
  /** A document directly in `exports/` (a shoot-day list, a consent sheet, the bookkeeper's list). */
  export(fileName: string): string;
  /** A file of the order-forms folder (class PDFs, proof sheets, report, treasurer's summary). */
  orderForm(fileName: string): string;
}

/** The paths of the job in `dir` (an open job's `dir`, or a folder from the studio index). */
export function jobPaths(job: string | { readonly dir: string }): JobPaths {
  const dir = typeof job === 'string' ? job : job.dir;
  const folder = (which: JobFolder) => path.join(dir, ...JOB_LAYOUT[which].split('/'));
  return {
    dir,
    db: path.join(dir, JOB_DB),
    dbBeingCreated: path.join(dir, `.${JOB_DB}.creating`),
    folder,
    original: (fileName) => path.join(folder('originals'), fileName),
    xmpSidecar: (fileName) => path.join(folder('originals'), `${fileName}.xmp`),
    thumb: (photoId) => path.join(folder('thumb'), `${photoId}.jpg`),
    preview: (photoId) => path.join(folder('preview'), `${photoId}.jpg`),
    export: (fileName) => path.join(folder('exports'), fileName),
    orderForm: (fileName) => path.join(folder('orderForms'), fileName),
  };
}
