/**
 * The printed photo cards feature: cards PDFs from the roster, the job's card settings, the review
 * of what cards read at ingest propose, and accepting a class's card labels (audited, undoable).
 * With « accepter automatiquement », a finished ingest accepts every class's card labels at once.
 */
import { count } from '../../../shared/i18n';
import type { CoreServices, Feature } from '../feature';
import { INGEST_TASK } from '../ingest/ingest-run';
import type { Handlers } from '../rpc/dispatcher';
import { cardsDataOwner } from './cards.data-owner';
import type { CardsService } from './cards.service';

export type CardsMethods =
  | 'cards.build'
  | 'cards.settings'
  | 'cards.setSettings'
  | 'cards.review'
  | 'cards.readOnCard'
  | 'cards.accept';

export interface CardsFeatureDeps {
  core: CoreServices;
  cards: CardsService;
}

const cardCount = (files: readonly { cards: number }[]) => files.reduce((n, f) => n + f.cards, 0);

export function cardsFeature(deps: CardsFeatureDeps): Feature<CardsMethods> {
  const { core, cards } = deps;
  const { jobs, audited, events } = core;
  const labelsChanged = (jobId: string, ids: string[]) => {
    if (ids.length > 0) events.emit('data.changed', { entity: 'labels', jobId, ids });
  };
  const handlers: Pick<Handlers, CardsMethods> = {
    'cards.build': audited.after(
      (_p, r) => ({
        action: 'cards.printed',
        summary: `Cartes de prise de vue imprimées : ${count(cardCount(r.files), 'carte', 'cartes')} pour ${count(r.files.length, 'classe', 'classes')}`,
        details: { classes: r.files.length, cards: cardCount(r.files) },
      }),
      async ({ jobId, classIds, layout }, ctx) =>
        cards.build(jobs.get(jobId), { ...(classIds ? { classIds } : {}), layout, lang: ctx.lang }),
    ),
    'cards.settings': ({ jobId }) => cards.settings(jobs.get(jobId)),
    'cards.setSettings': ({ jobId, settings }) => {
      cards.setSettings(jobs.get(jobId), settings);
      events.emit('data.changed', { entity: 'labels', jobId, ids: [] });
      return { ok: true as const };
    },
    'cards.review': ({ jobId }) => cards.review(jobs.get(jobId)),
    'cards.readOnCard': ({ jobId, cardId }) => cards.readOnCard(jobs.get(jobId), cardId),
    'cards.accept': audited.change(
      (p, r) =>
        r.photos === 0
          ? null
          : {
              action: 'cards.accepted',
              summary: `Étiquettes des cartes acceptées ${
                p.classId === undefined
                  ? 'pour toutes les classes'
                  : p.classId === null
                    ? 'pour l’équipe de l’école'
                    : 'pour une classe'
              } : ${count(r.photos, 'photo', 'photos')}`,
              // The class's label is read back through classId (never a name); staff and « all » say so.
              details: {
                scope: p.classId === undefined ? 'all' : p.classId === null ? 'staff' : 'class',
                classId: p.classId ?? null,
                photos: r.photos,
                skipped: r.skipped,
              },
            },
      ({ jobId, classId }) => {
        const r = cards.accept(jobs.get(jobId), classId);
        labelsChanged(jobId, r.photoIds);
        // Sessions whose card labels name one class took that class in the same step.
        if (r.photoIds.length > 0) events.emit('data.changed', { entity: 'sessions', jobId });
        return { photos: r.photoIds.length, skipped: r.skipped };
      },
    ),
  };
  // « Accepter automatiquement »: a finished ingest gives every class its card labels at once.
  const off = events.subscribe('task.finished', (f) => {
    if (f.kind !== INGEST_TASK || f.status !== 'done') return;
    try {
      const job = jobs.get(f.jobId);
      if (!cards.settings(job).autoAccept) return;
      const r = cards.accept(job);
      labelsChanged(f.jobId, r.photoIds);
    } catch (error) {
      core.logger.warn('cards: automatic acceptance failed', error);
    }
  });
  return {
    name: 'cards',
    handlers,
    studentData: [cardsDataOwner(cards)],
    close: () => off(),
  };
}
