/**
 * `orders.sync`: pulls the online orders of every gallery this job published, page by page from
 * the platform's cursor. Each page is written in one transaction together with the cursor it
 * reached, and an order is looked up by its platform order id before it is added: a sync run again,
 * retried after a network fault or resumed after a kill adds nothing twice. A cancellation or a
 * refund on the platform moves the book's order to cancelled or refunded, with its reason.
 */
import type { OrderLine } from '../../../shared/domain/order-form';
import type { OrderSyncReport } from '../../../shared/domain/order-book';
import type { PlatformOrder } from '../../../shared/publish/protocol';
import { AppError } from '../../lib/errors';
import type { AccessCodeService } from '../forms/access-code.service';
import type { FormsService } from '../forms/forms.service';
import type { OpenJob } from '../jobs/job-folder';
import { PlatformClient, platformCause, PublishError } from '../publish/platform-client';
import { retried, type PlatformResolver } from '../publish/platform-gateway';
import { PublicationRepository } from '../publish/publication.repository';
import { RosterRepository } from '../roster/roster.repository';
import { OrderBookRepository } from './order-book.repository';

export interface OrderSyncDeps {
  platforms: PlatformResolver;
  forms: Pick<FormsService, 'settings'>;
  codes: Pick<AccessCodeService, 'list'>;
  /** Orders asked per page (the platform caps it). */
  pageSize?: number;
}

export interface SyncProgress {
  galleries: number;
  galleriesDone: number;
  orders: number;
}

export class OrderSyncService {
  constructor(private readonly deps: OrderSyncDeps) {}

  async sync(
    job: OpenJob,
    options: { signal?: AbortSignal; onProgress?: (p: SyncProgress) => void } = {},
  ): Promise<OrderSyncReport> {
    const galleries = job.repo(PublicationRepository).galleries();
    const report: OrderSyncReport = {
      galleries: galleries.length,
      added: 0,
      updated: 0,
      unchanged: 0,
      pages: 0,
    };
    if (galleries.length === 0) throw new AppError('orders_sync_nothing_published');
    const book = job.repo(OrderBookRepository);
    const roster = job.repo(RosterRepository);
    const products = new Map(this.deps.forms.settings(job).products.map((p) => [p.ref.toUpperCase(), p]));
    const codes = new Map(
      this.deps.codes
        .list(job.db)
        .filter((c) => c.revokedAt === null)
        .map((c) => [[...c.studentIds].sort().join('+'), c.code]),
    );
    const classOf = (ids: readonly string[]) => {
      const s = ids.length ? roster.student(ids[0]!) : undefined;
      return (s?.classId && roster.classById(s.classId)?.label) || '';
    };
    let done = 0;
    for (const gallery of galleries) {
      const connection = await this.deps.platforms(gallery.platformUrl);
      if (!connection) throw new AppError('publish_no_platform');
      const platformUrl = connection.baseUrl.replace(/\/+$/, '');
      const refs = job.repo(PublicationRepository).studentsByRef(gallery.platformUrl, gallery.galleryRef);
      const client = new PlatformClient({ baseUrl: platformUrl, token: connection.token, maxSockets: 2 });
      try {
        let cursor = book.syncCursor(gallery.platformUrl, gallery.galleryRef);
        for (;;) {
          if (options.signal?.aborted) throw new AppError('cancelled');
          const page = await retried(() =>
            client.orders(gallery.galleryRef, cursor, this.deps.pageSize, options.signal),
          );
          report.pages += 1;
          book.transaction(() => {
            const known = book.knownPlatformIds(page.orders.map((o) => o.orderId));
            for (const o of page.orders) {
              const id = known.get(o.orderId);
              if (id) {
                const status = o.paymentStatus === 'paid' ? null : o.paymentStatus;
                const current = book.get(id);
                if (status && current && current.status !== status) {
                  book.setStatus([id], status, o.reason);
                  report.updated += 1;
                } else report.unchanged += 1;
                continue;
              }
              const studentIds = refs.get(o.studentRef) ?? [];
              book.insert({
                channel: 'online',
                code: codes.get([...studentIds].sort().join('+')) ?? null,
                studentIds,
                classLabel: classOf(studentIds),
                status: o.paymentStatus,
                statusReason: o.reason,
                paymentMethod: 'online',
                paymentRef: o.paymentRef,
                note: '',
                lines: o.lines.map((l) => lineOf(l, products)),
                platformOrderId: o.orderId,
                galleryRef: gallery.galleryRef,
                placedAt: o.placedAt,
              });
              report.added += 1;
            }
            book.setSyncCursor(gallery.platformUrl, gallery.galleryRef, page.nextCursor);
          });
          cursor = page.nextCursor;
          options.onProgress?.({
            galleries: galleries.length,
            galleriesDone: done,
            orders: report.added + report.updated + report.unchanged,
          });
          if (!page.hasMore) break;
        }
      } catch (error) {
        if (error instanceof PublishError) {
          if (error.code === 'cancelled') throw new AppError('cancelled');
          throw new AppError('orders_sync_failed', platformCause(error), { cause: error });
        }
        throw error;
      } finally {
        client.destroy();
      }
      done += 1;
    }
    return report;
  }
}

/**
 * Tells the platform that an online order is cancelled or refunded (the family's money goes back
 * there, not in the studio's book), before the book changes: if the platform cannot be reached,
 * nothing changes here and the studio tries again. An order the platform already closed (a retry
 * whose answer was lost, a refund made on the platform's side) is closed here as well.
 */
export async function closeOnPlatform(
  platforms: PlatformResolver,
  job: OpenJob,
  id: string,
  status: 'cancelled' | 'refunded',
  reason: string,
): Promise<void> {
  const order = job.repo(OrderBookRepository).get(id);
  if (!order || order.channel !== 'online' || !order.platformOrderId || !order.galleryRef) return;
  const gallery = job
    .repo(PublicationRepository)
    .galleries()
    .find((g) => g.galleryRef === order.galleryRef);
  if (!gallery) return;
  const connection = await platforms(gallery.platformUrl);
  if (!connection) throw new AppError('publish_no_platform');
  const client = new PlatformClient({
    baseUrl: connection.baseUrl.replace(/\/+$/, ''),
    token: connection.token,
    maxSockets: 1,
  });
  const platformOrderId = order.platformOrderId;
  try {
    await retried(() =>
      client.orderEvent(
        gallery.galleryRef,
        platformOrderId,
        status === 'refunded' ? 'refund' : 'cancel',
        reason,
      ),
    );
  } catch (error) {
    if (error instanceof PublishError && error.code === 'conflict') return;
    if (error instanceof PublishError)
      throw new AppError('order_close_failed', platformCause(error), { cause: error });
    throw error;
  } finally {
    client.destroy();
  }
}

function lineOf(
  l: PlatformOrder['lines'][number],
  products: Map<string, { ref: string; label: string }>,
): OrderLine {
  const product = products.get(l.ref.toUpperCase());
  return {
    ref: product?.ref ?? l.ref,
    label: product?.label ?? l.ref,
    pose: l.pose,
    quantity: l.quantity,
    unitCents: l.unitCents,
    totalCents: l.totalCents,
  };
}
