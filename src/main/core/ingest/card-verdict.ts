/**
 * The verdict on a card, from what the job's database says of its files: « peut être formatée »
 * only when every file the card holds now was copied and verified (or re-checked in this run) and
 * none of its registered copies is missing or damaged. A file on the card that has no row was not
 * copied (the run was cancelled, or a disk is full); a row still unchecked in this run is not safe;
 * an empty card is never safe (the wrong folder or card was most likely chosen, and formatting is
 * the one step that cannot be undone). Pure: the run reads the rows and writes the verdict.
 */
import type { FileIssue } from '../../../shared/domain/ingest';
import type { MessageKey } from '../../../shared/i18n';
import type { CardFileRecord } from './card-manifest.repository';
import type { SourceFile } from './source-scanner';

export interface CardVerdictInput {
  cardNumber: number;
  /** Every file row of the card in the job. */
  rows: readonly CardFileRecord[];
  /** The files on the card as scanned in this run; null when the card could not be read again. */
  scannedFiles: readonly Pick<SourceFile, 'relPath' | 'size' | 'mtimeMs'>[] | null;
  /** Rows whose copies this run has still to check again. */
  unchecked: ReadonlySet<number>;
  /** Why a file on the card has no row (cancelled, or the disk that is full). */
  notCopied: string;
  cameraLabel: string | null;
  /** Files whose missing or damaged copies this run made again from the card. */
  repaired: number;
  t: (key: MessageKey, params: Record<string, string | number>) => string;
}

export interface CardVerdict {
  safe: boolean;
  verdict: string;
  bad: FileIssue[];
}

const keyOf = (f: { relPath: string; size: number; mtimeMs: number }) =>
  `${f.relPath}\0${f.size}\0${f.mtimeMs}`;

export function cardVerdict(input: CardVerdictInput): CardVerdict {
  const { rows, scannedFiles, unchecked, t, cardNumber: card } = input;
  const byKey = new Map(rows.map((r) => [keyOf(r), r]));
  const issue = (r: CardFileRecord): string | null =>
    r.status === 'failed' || r.missing.length > 0
      ? (r.reason ?? '')
      : unchecked.has(r.id)
        ? t('ingest.recheck.notChecked', {})
        : null;
  const bad: FileIssue[] = [];
  if (scannedFiles) {
    for (const f of scannedFiles) {
      const r = byKey.get(keyOf(f));
      const reason = r ? issue(r) : input.notCopied;
      if (reason !== null) bad.push({ file: f.relPath, reason });
    }
  } else {
    for (const r of rows) {
      const reason = issue(r);
      if (reason !== null) bad.push({ file: r.relPath, reason });
    }
  }
  const camera = input.cameraLabel
    ? t('ingest.verdict.camera', { label: input.cameraLabel })
    : t('ingest.verdict.unknownCamera', {});
  const empty = rows.length === 0 && (scannedFiles?.length ?? 0) === 0;
  const safe = bad.length === 0 && !empty;
  const verdict = empty
    ? t('ingest.verdict.empty', { card })
    : safe
      ? input.repaired > 0
        ? t('ingest.verdict.safeRepaired', { card, camera, count: input.repaired })
        : t('ingest.verdict.safe', { card, camera })
      : t('ingest.verdict.unsafe', {
          card,
          camera,
          count: bad.length,
          files: bad.map((b) => `${b.file} (${b.reason})`).join(' ; '),
        });
  return { safe, verdict, bad };
}
