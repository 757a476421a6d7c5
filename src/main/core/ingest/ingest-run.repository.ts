/**
 * The questions only a running ingest asks of the card manifest (beside `CardManifestRepository`,
 * which records it): the staged files of verified copies, the photo a staged file belongs to, the
 * card this task reads, the photos still without previews, the body that shot most of a card, and
 * the photos of a task with whether each could be read.
 */
import type { Db } from '../../lib/sqlite';

export interface TaskCardRow {
  id: string;
  number: number;
  fingerprint: string;
  source_path: string;
  camera_label: string | null;
}

export class IngestRunRepository {
  constructor(private readonly db: Db) {}

  /** Every staged file of a verified copy (staging a crash left behind is what is not here). */
  recordedStaging(): string[] {
    return (
      this.db.prepare("SELECT staged FROM card_file WHERE status = 'verified' AND staged <> '[]'").all() as {
        staged: string;
      }[]
    ).flatMap((r) => JSON.parse(r.staged) as string[]);
  }

  /** The photo whose SHA-256 starts with `prefix` (a staged file is named by it). */
  photoFileBySha256Prefix(prefix: string): string | undefined {
    return (
      this.db.prepare('SELECT file_name FROM photo WHERE substr(sha256, 1, 32) = ?').get(prefix) as
        { file_name: string } | undefined
    )?.file_name;
  }

  /** The card read by this ingest task. */
  cardOfTask(taskId: string): TaskCardRow | undefined {
    return this.db
      .prepare(
        'SELECT c.id, c.number, c.fingerprint, c.source_path, c.camera_label FROM card c JOIN card_file f ON f.card_id = c.id WHERE f.task_id = ? LIMIT 1',
      )
      .get(taskId) as TaskCardRow | undefined;
  }

  /** Photos of the card still without previews; not those whose originals were purged or erased. */
  pendingDerivatives(cardId: string): { id: string; relPath: string }[] {
    return this.db
      .prepare(
        `SELECT p.id, f.rel_path AS relPath FROM photo p JOIN card_file f ON f.photo_id = p.id
         WHERE p.card_id = ? AND p.readable = 1 AND p.has_preview = 0 AND f.destinations <> '[]'`,
      )
      .all(cardId) as { id: string; relPath: string }[];
  }

  /** The camera label most of the card's photos carry. */
  mainCameraLabel(cardId: string): string | undefined {
    return (
      this.db
        .prepare(
          `SELECT c.label, COUNT(*) AS n FROM photo p JOIN camera c ON c.id = p.camera_id
           WHERE p.card_id = ? GROUP BY c.label ORDER BY n DESC LIMIT 1`,
        )
        .get(cardId) as { label: string } | undefined
    )?.label;
  }

  /** The verified photos of a task, with whether each could be read. */
  taskPhotos(taskId: string): { file: string; readable: number; reason: string | null }[] {
    return this.db
      .prepare(
        `SELECT f.rel_path AS file, p.readable, p.unreadable_reason AS reason FROM card_file f JOIN photo p ON p.id = f.photo_id
         WHERE f.task_id = ? AND f.status = 'verified' AND f.role = 'photo'`,
      )
      .all(taskId) as { file: string; readable: number; reason: string | null }[];
  }
}
