/**
 * What an ingest task answers once its card is done (the ingest screen's summary, `preau ingest`):
 * how many files this task copied and verified, the duplicates, the photos that could not be read
 * and why, the files not copied, the copies repaired or checked again, the sidecars and other files
 * in words, and the card's verdict. Read from the card manifest after the last verdict is written;
 * it changes nothing.
 */
import type { FileIssue, IngestParams, IngestResult } from '../../../shared/domain/ingest';
import type { MessageKey } from '../../../shared/i18n';
import type { TaskContext } from '../tasks/task-runner';
import { describeOther, sidecarKindOf } from './card-files';
import type { CardManifestRepository, CardRecord } from './card-manifest.repository';
import type { CardVerdict } from './card-verdict';
import { IngestRunRepository } from './ingest-run.repository';

/** What the answer is read from. */
export interface IngestResultDeps {
  ctx: TaskContext<IngestParams>;
  cards: CardManifestRepository;
  /** In the run's language. */
  t: (key: MessageKey, params?: Record<string, string | number>) => string;
}

/** Files whose missing or damaged copies this task made again from the card, and where. */
function repairedFiles({ ctx, cards }: IngestResultDeps, card: CardRecord): FileIssue[] {
  const repaired = ctx.doneItems('repaired');
  return cards
    .cardFiles(card.id)
    .filter((r) => repaired.has(r.relPath))
    .map((r) => ({ file: r.relPath, reason: r.reason ?? '' }));
}

export function ingestResult(deps: IngestResultDeps, card: CardRecord, final: CardVerdict): IngestResult {
  const { ctx, cards, t } = deps;
  const { safe, verdict, bad } = final;
  const rows = cards.taskFiles(ctx.taskId);
  const photos = ctx.job.repo(IngestRunRepository).taskPhotos(ctx.taskId);
  const verified = rows.filter((r) => r.status === 'verified').length;
  const extras = cards.taskExtras(ctx.taskId);
  const describe = (relPath: string) => {
    const d = describeOther(relPath);
    return t(d.key, d.params);
  };
  return {
    cardId: card.id,
    cardNumber: card.number,
    cameraLabel: cards.listCards().find((c) => c.id === card.id)?.cameraLabel ?? null,
    copied: verified,
    verified,
    duplicates: rows.filter((r) => r.status === 'duplicate').length,
    unreadable: photos.filter((p) => p.readable === 0).map((p) => ({ file: p.file, reason: p.reason ?? '' })),
    failed: bad,
    repaired: repairedFiles(deps, card),
    checked: ctx.doneItems('rechecked').size,
    sidecars: extras
      .filter((e) => e.role === 'sidecar')
      .map((e) => ({
        file: e.relPath,
        reason: t(`ingest.sidecar.${sidecarKindOf(e.relPath) ?? 'xmp'}`),
      })),
    others: extras
      .filter((e) => e.role === 'other')
      .map((e) => ({ file: e.relPath, reason: describe(e.relPath) })),
    photos: photos.filter((p) => p.readable === 1).length,
    safeToFormat: safe,
    verdict,
  };
}
