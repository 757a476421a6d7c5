/**
 * Every place a photo's bytes live: its original in the job, each copy registered in the card
 * manifest at ingest (backup drive), and its thumbnail and preview in the cache. Erasure and the
 * purge both delete through this list, so neither can forget a location the other knows.
 */
import path from 'node:path';
import type { StudentFileKind } from '../../../shared/domain/gdpr';
import { repoOf, type Db } from '../../lib/sqlite';
import { PhotoCopiesRepository } from '../ingest/photo-copies.repository';
import { jobPaths } from '../jobs/job-paths';
import { cachePaths } from '../ingest/derivatives';
import { webCopiesOf } from '../publish/publish-files';

export interface PhotoFile {
  location: 'originals' | 'backup' | 'cache';
  kind: Extract<StudentFileKind, 'original' | 'backup_copy' | 'thumbnail' | 'preview' | 'web_copy'>;
  path: string;
}

export function photoFiles(db: Db, jobDir: string, photoId: string): PhotoFile[] {
  const copies = repoOf(db, PhotoCopiesRepository);
  const fileName = copies.fileNameOf(photoId);
  const out = new Map<string, PhotoFile>();
  const paths = jobPaths(jobDir);
  const originalsDir = paths.folder('originals');
  if (fileName !== undefined) {
    const original = paths.original(fileName);
    out.set(original, { location: 'originals', kind: 'original', path: original });
  }
  for (const destinations of copies.destinationsOf(photoId))
    for (const dest of destinations) {
      const inJob = path.dirname(path.resolve(dest)) === path.resolve(originalsDir);
      out.set(
        dest,
        inJob
          ? { location: 'originals', kind: 'original', path: dest }
          : { location: 'backup', kind: 'backup_copy', path: dest },
      );
    }
  const cache = cachePaths(jobDir, photoId);
  out.set(cache.thumb, { location: 'cache', kind: 'thumbnail', path: cache.thumb });
  out.set(cache.preview, { location: 'cache', kind: 'preview', path: cache.preview });
  for (const web of webCopiesOf(jobDir, photoId))
    out.set(web, { location: 'cache', kind: 'web_copy', path: web });
  return [...out.values()];
}
