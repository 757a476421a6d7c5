/**
 * Where the bytes of each photo are, as the card manifest recorded them at ingest: the photo's file
 * name in `originals/` and every registered copy (`card_file.destinations`, backup drives included).
 * Erasure, the right of access and the retention purge read and update them here; the manifest row
 * of an erased photo stays (it stops a re-read card from bringing the photo back) but points nowhere.
 */
import type { Db } from '../../lib/sqlite';

export class PhotoCopiesRepository {
  constructor(private readonly db: Db) {}

  fileNameOf(photoId: string): string | undefined {
    return (
      this.db.prepare('SELECT file_name AS fileName FROM photo WHERE id = ?').get(photoId) as
        { fileName: string } | undefined
    )?.fileName;
  }

  /** The registered copies of one photo (JSON arrays of absolute paths, one per manifest row). */
  destinationsOf(photoId: string): string[][] {
    return (
      this.db.prepare('SELECT destinations FROM card_file WHERE photo_id = ?').all(photoId) as {
        destinations: string;
      }[]
    ).map((r) => JSON.parse(r.destinations) as string[]);
  }

  /** Every manifest row that still points at copies. */
  registeredCopies(): { id: number; destinations: string[] }[] {
    return (
      this.db.prepare("SELECT id, destinations FROM card_file WHERE destinations <> '[]'").all() as {
        id: number;
        destinations: string;
      }[]
    ).map((r) => ({ id: r.id, destinations: JSON.parse(r.destinations) as string[] }));
  }

  setDestinations(cardFileId: number, destinations: readonly string[]): void {
    this.db
      .prepare('UPDATE card_file SET destinations = ? WHERE id = ?')
      .run(JSON.stringify(destinations), cardFileId);
  }

  /** After a purge: no photo has a thumbnail or a preview any more. */
  forgetAllDerivatives(): void {
    this.db.prepare('UPDATE photo SET has_thumb = 0, has_preview = 0').run();
  }

  /** Deletes an erased photo; its manifest rows stay, pointing nowhere, with the reason in words. */
  erasePhoto(photoId: string, reason: string): void {
    this.db
      .prepare("UPDATE card_file SET destinations = '[]', final_name = NULL, reason = ? WHERE photo_id = ?")
      .run(reason, photoId);
    this.db.prepare('DELETE FROM photo WHERE id = ?').run(photoId);
  }
}
