/**
 * Every place a photo's bytes live: its original in the job, each copy registered in the card
 * manifest at ingest (backup drive), and its thumbnail and preview in the cache. Erasure and the
 * purge both delete through this list, so neither can forget a location the other knows.
 */
import path from 'node:path';
import type { StudentFileKind } from '../../../shared/domain/gdpr';
import type { Db } from '../../lib/sqlite';
import { cachePaths } from '../ingest/derivatives';
import { webCopiesOf } from '../publish/publish-files';

export interface PhotoFile {
  location: 'originals' | 'backup' | 'cache';
  kind: Extract<StudentFileKind, 'original' | 'backup_copy' | 'thumbnail' | 'preview' | 'web_copy'>;
  path: string;
}

export function photoFiles(db: Db, jobDir: string, photoId: string): PhotoFile[] {
  const photo = db.prepare('SELECT file_name FROM photo WHERE id = ?').get(photoId) as
    { file_name: string } | undefined;
  const out = new Map<string, PhotoFile>();
  const originalsDir = path.join(jobDir, 'originals');
  if (photo) {
    const original = path.join(originalsDir, photo.file_name);
    out.set(original, { location: 'originals', kind: 'original', path: original });
  }
  const rows = db.prepare('SELECT destinations FROM card_file WHERE photo_id = ?').all(photoId) as {
    destinations: string;
  }[];
  for (const row of rows)
    for (const dest of JSON.parse(row.destinations) as string[]) {
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
