/**
 * The production feature: lab profiles, the checks before a run and their fixes, the run (a task
 * for the screen, a call for the command line), the packing documents and marking orders packed
 * or delivered. Audited actions are declared on the line that registers them, with counts only.
 */
import type { LabProfile } from '../../../shared/domain/production';
import { count } from '../../../shared/i18n';
import { AppError } from '../../lib/errors';
import { checkFolderToWrite } from '../../lib/path-checks';
import type { CoreServices, Feature } from '../feature';
import type { OpenJob } from '../jobs/job-folder';
import type { Handlers } from '../rpc/dispatcher';
import type { LabProfilesRepository } from './lab-profiles.repository';
import { productionDataOwner } from './production-files.data-owner';
import { ProductionRepository } from './production.repository';
import type { ProductionService } from './production.service';
import { PRODUCTION_RUN_TASK, productionAuditEntry, productionRunTask } from './production.task';

export type ProductionMethods =
  | 'production.profiles'
  | 'production.saveProfile'
  | 'production.checks'
  | 'production.acceptCentredCrop'
  | 'production.start'
  | 'production.build'
  | 'production.last'
  | 'production.documents'
  | 'production.mark';

export interface ProductionFeatureDeps {
  core: CoreServices;
  production: ProductionService;
  profiles: LabProfilesRepository;
}

export function productionFeature(deps: ProductionFeatureDeps): Feature<ProductionMethods> {
  const { core, production, profiles } = deps;
  const { audited, jobs } = core;
  const profileNamed = (name?: string): LabProfile => {
    const list = profiles.list();
    if (name === undefined) return list[0]!;
    const found = list.find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
    if (!found) throw new AppError('production_unknown_profile', { name });
    return found;
  };
  // Production tasks a staging folder may still belong to: waiting, running, or suspended (queued).
  const unfinishedRuns = (job: OpenJob) =>
    new Set(
      core.tasks
        .list(job)
        .filter((t) => t.kind === PRODUCTION_RUN_TASK && (t.status === 'queued' || t.status === 'running'))
        .map((t) => t.id),
    );
  const handlers: Pick<Handlers, ProductionMethods> = {
    'production.profiles': () => profiles.list(),
    'production.saveProfile': ({ profile }) => profiles.save(profile),
    'production.checks': ({ jobId }) => production.checks(jobs.get(jobId), profileNamed()),
    'production.acceptCentredCrop': async ({ jobId, photoId, ratio }) => {
      await production.acceptCentredCrop(jobs.get(jobId), photoId, ratio);
      core.events.emit('data.changed', { entity: 'proofing', jobId, ids: [photoId] });
      return { ok: true as const };
    },
    'production.start': ({ jobId, profile }) =>
      core.tasks.start(jobs.get(jobId), PRODUCTION_RUN_TASK, { profile: profileNamed(profile) }),
    'production.build': audited.after(
      (_p, report) => productionAuditEntry(report),
      async ({ jobId, profile, outDir }) =>
        production.run(jobs.get(jobId), {
          profile: profileNamed(profile),
          unfinishedRuns: () => unfinishedRuns(jobs.get(jobId)),
          // A folder the user names is created, never the missing folders above it.
          ...(outDir ? { outDir: await checkFolderToWrite(outDir) } : {}),
        }),
    ),
    'production.last': ({ jobId }) => {
      const last = jobs.get(jobId).repo(ProductionRepository).lastRun();
      return last
        ? {
            runId: last.id,
            path: last.outPath,
            finishedAt: last.finishedAt,
            orders: last.orders,
            prints: last.prints,
            files: last.files,
          }
        : null;
    },
    'production.documents': audited.after(
      (_p, r) => ({
        action: 'export.written',
        summary: `Listes de colisage, étiquettes et bordereaux de livraison écrits (${count(r.orders, 'pochette', 'pochettes')})`,
        details: { what: 'packing_documents', files: r.files.length, orders: r.orders },
      }),
      async ({ jobId }) => production.documents(jobs.get(jobId)),
    ),
    'production.mark': audited.after(
      (p, r) => ({
        action: 'production.packed',
        summary:
          p.status === 'packed'
            ? count(r.orderIds.length, 'pochette marquée emballée', 'pochettes marquées emballées')
            : count(r.orderIds.length, 'pochette marquée livrée', 'pochettes marquées livrées'),
        details: { status: p.status, orders: r.orderIds.length, scanned: p.orderNumber !== undefined },
      }),
      ({ jobId, orderIds, orderNumber, status }) => {
        const ids = production.mark(
          jobs.get(jobId),
          { ...(orderIds ? { orderIds } : {}), ...(orderNumber ? { orderNumber } : {}) },
          status,
        );
        core.events.emit('data.changed', { entity: 'orders', jobId, ids });
        return Promise.resolve({ orderIds: ids });
      },
    ),
  };
  return {
    name: 'production',
    handlers,
    tasks: [productionRunTask(production, unfinishedRuns)],
    studentData: [productionDataOwner],
  };
}
