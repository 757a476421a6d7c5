/**
 * Online orders end to end against a real sandbox: a family orders on its page (recap, simulated
 * payment), the studio syncs, the order is in the book as online and paid with the form's poses;
 * syncing again adds nothing; a refund on the platform shows as refunded with its reason; a family
 * that also returned a paper form is flagged. The order form refuses hostile input.
 */
import { describe, expect, it } from 'vitest';
import type { OrderSyncReport } from '../../src/shared/domain/order-book';
import { clientFor } from '../helpers/platform';
import { csrfOf, enter, galleryHtml, post } from '../helpers/family-order';
import { publishSchool, type PublishSchool } from '../fixtures/publish-school';

async function sync(s: PublishSchool): Promise<OrderSyncReport> {
  const task = await s.client.call('orders.sync', { jobId: s.jobId });
  await s.core.tasks.idle(s.jobId);
  const done = (await s.client.call('tasks.list', { jobId: s.jobId })).find((t) => t.id === task.id)!;
  expect(done.error).toBeNull();
  return done.result as OrderSyncReport;
}

async function published(): Promise<PublishSchool> {
  const s = await publishSchool({ classes: 1, studentsPerClass: 3 });
  await s.client.call('forms.build', { jobId: s.jobId });
  const task = await s.client.call('publish.start', { jobId: s.jobId });
  await s.core.tasks.idle(s.jobId);
  expect((await s.client.call('tasks.list', { jobId: s.jobId })).find((t) => t.id === task.id)!.status).toBe(
    'done',
  );
  return s;
}

describe('online orders from the sandbox into the order book', () => {
  it('a family orders, the studio syncs once, again, and after a refund: one order, online, paid then refunded', async () => {
    const s = await published();
    const lea = s.classes[0]!.students[0]!;
    const cookie = await enter(s, lea.id);
    const html = await galleryHtml(s, cookie);
    expect(html).toContain('Commander en ligne');
    const csrf = csrfOf(html);
    const recap = await post(
      s,
      cookie,
      new URLSearchParams({ csrf, etape: 'recap', q_P_2: '1', q_T1_1: '3' }),
    );
    expect(recap.status).toBe(200);
    expect(recap.html).toContain('Paiement SIMULÉ');
    expect(recap.html).not.toMatch(/carte bancaire[^<]*(numéro|cryptogramme)/i);
    const paid = await post(
      s,
      cookie,
      new URLSearchParams({ csrf, etape: 'payer', q_P_2: '1', q_T1_1: '3' }),
    );
    expect(paid.status).toBe(303);
    expect(paid.location).toBe('/galerie?commande=ok#commande');
    const thanks = await fetch(`${s.platform.url}${paid.location}`, { headers: { cookie } });
    expect(await thanks.text()).toContain('votre commande est enregistrée');

    const first = await sync(s);
    expect(first).toMatchObject({ galleries: 1, added: 1, updated: 0 });
    const book = await s.client.call('orders.book', { jobId: s.jobId });
    expect(book).toHaveLength(1);
    const order = book[0]!;
    expect(order).toMatchObject({
      channel: 'online',
      status: 'paid',
      paymentMethod: 'online',
      studentIds: [lea.id],
      classLabel: 'CP A',
      code: await s.codeOf(lea.id),
    });
    expect(order.paymentRef).toMatch(/^SIMUL-/);
    expect(order.lines.map((l) => [l.ref, l.pose, l.quantity])).toEqual([
      ['P', 2, 1],
      ['T1', 1, 3],
    ]);
    const products = (await s.client.call('forms.settings', { jobId: s.jobId })).products;
    const price = (ref: string) => products.find((p) => p.ref === ref)!.priceCents;
    expect(order.totalCents).toBe(price('P') + 3 * price('T1'));

    // Again: nothing new.
    expect(await sync(s)).toMatchObject({ added: 0, updated: 0 });
    expect(await s.client.call('orders.book', { jobId: s.jobId })).toHaveLength(1);

    // A refund on the platform arrives as such, with its reason; the order stays in the book.
    const { gallery } = s.core.jobs
      .get(s.jobId)
      .db.prepare('SELECT gallery_ref AS gallery FROM publication LIMIT 1')
      .get() as { gallery: string };
    await clientFor(s.platform).orderEvent(gallery, order.platformOrderId!, 'refund', 'photo floue');
    expect(await sync(s)).toMatchObject({ added: 0, updated: 1 });
    const after = await s.client.call('orders.book', { jobId: s.jobId });
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ status: 'refunded', statusReason: 'photo floue' });
    const totals = await s.client.call('orders.bookTotals', { jobId: s.jobId });
    expect(totals.school.totalCents).toBe(0);
    expect(totals.closed).toEqual({ orders: 1, totalCents: order.totalCents });

    // The family sees its refund too.
    expect(await galleryHtml(s, cookie)).toContain('remboursée');
    const audit = await s.client.call('audit.list', { jobId: s.jobId });
    const synced = audit.events.filter((a) => a.action === 'orders.synced');
    expect(synced).toHaveLength(3);
    for (const a of synced) expect(JSON.stringify(a)).not.toContain(lea.firstName);
  });

  it('a refund made in the book reaches the platform first: through lost answers, and never while the platform is away', async () => {
    const s = await published();
    const [lea, hugo] = s.classes[0]!.students;
    const cookies = [await enter(s, lea!.id), await enter(s, hugo!.id)];
    for (const cookie of cookies) {
      const csrf = csrfOf(await galleryHtml(s, cookie));
      expect((await post(s, cookie, new URLSearchParams({ csrf, etape: 'payer', q_P_1: '1' }))).status).toBe(
        303,
      );
    }
    await sync(s);
    const book = await s.client.call('orders.book', { jobId: s.jobId });
    const orderOf = (id: string) => book.find((o) => o.studentIds[0] === id)!;
    const auditCount = async () => (await s.client.call('audit.list', { jobId: s.jobId })).events.length;
    const refund = (studentId: string, reason: string) =>
      s.client.call('orders.close', {
        jobId: s.jobId,
        id: orderOf(studentId).id,
        status: 'refunded',
        reason,
      });
    const before = await auditCount();

    // Every request fails, before or after the platform did the work (its answer lost): the
    // refund is retried, a platform that already refunded is taken at its word.
    s.platform.setFaults({ errorRate: 1 });
    const closed = await refund(lea!.id, 'photo floue');
    s.platform.setFaults({ errorRate: 0 });
    expect(closed).toMatchObject({ status: 'refunded', statusReason: 'photo floue' });
    expect(await auditCount()).toBe(before + 1);
    expect(await galleryHtml(s, cookies[0]!)).toContain('remboursée');
    // The next sync brings the platform's refund event: the book already says so.
    expect(await sync(s)).toMatchObject({ added: 0, updated: 0 });
    // Refunding twice is refused by name, without asking the platform.
    await expect(refund(lea!.id, 'erreur')).rejects.toMatchObject({ code: 'order_status_refused' });

    // The platform is away: the book does not say « remboursée » while the family was not refunded.
    const rows = await auditCount();
    await s.platform.close();
    await expect(refund(hugo!.id, 'erreur')).rejects.toMatchObject({ code: 'order_close_failed' });
    const after = await s.client.call('orders.book', { jobId: s.jobId });
    expect(after.find((o) => o.id === orderOf(hugo!.id).id)).toMatchObject({ status: 'paid' });
    expect(await auditCount()).toBe(rows);
  }, 120_000);

  it('flags a family that ordered online and returned a paper form, until the studio keeps both', async () => {
    const s = await published();
    const tom = s.classes[0]!.students[1]!;
    const cookie = await enter(s, tom.id);
    const csrf = csrfOf(await galleryHtml(s, cookie));
    expect((await post(s, cookie, new URLSearchParams({ csrf, etape: 'payer', q_P_1: '1' }))).status).toBe(
      303,
    );
    await sync(s);
    await s.client.call('orders.record', {
      jobId: s.jobId,
      query: await s.codeOf(tom.id),
      lines: [{ ref: 'P', pose: 1, quantity: 1 }],
      paymentMethod: 'cheque',
      chequeNumber: '1234567',
      note: '',
    });
    const flagged = await s.client.call('orders.book', { jobId: s.jobId, filter: { attention: true } });
    expect(flagged.map((o) => o.channel).sort()).toEqual(['online', 'paper']);
    expect(flagged.every((o) => o.doubleChannel)).toBe(true);
    await s.client.call('orders.keepBoth', { jobId: s.jobId, ids: flagged.map((o) => o.id) });
    expect(await s.client.call('orders.book', { jobId: s.jobId, filter: { attention: true } })).toEqual([]);
    const totals = await s.client.call('orders.bookTotals', { jobId: s.jobId });
    expect(totals.school.byChannel).toMatchObject({ online: { orders: 1 }, paper: { orders: 1 } });
  });

  it('refuses hostile orders with a clear message and records none of them', async () => {
    const s = await published();
    const [a, b] = s.classes[0]!.students;
    const cookie = await enter(s, a!.id);
    const html = await galleryHtml(s, cookie);
    const csrf = csrfOf(html);
    const poses = [...html.matchAll(/name="q_P_(\d+)"/g)].map((m) => Number(m[1]));
    const bad: [URLSearchParams | string, number, RegExp][] = [
      [new URLSearchParams({ csrf, etape: 'payer', q_P_1: '-2' }), 400, /quantités entre 0 et 99/],
      [new URLSearchParams({ csrf, etape: 'payer', q_P_1: '100' }), 400, /quantités entre 0 et 99/],
      [
        new URLSearchParams({ csrf, etape: 'payer', [`q_P_${Math.max(...poses) + 1}`]: '1' }),
        400,
        /Pose inconnue/,
      ],
      [new URLSearchParams({ csrf, etape: 'payer', q_ZZZ_1: '1' }), 400, /Produit non proposé/],
      [
        new URLSearchParams({ csrf, etape: 'payer', studentRef: 'x', q_P_1: '1' }),
        400,
        /Formulaire non reconnu/,
      ],
      [new URLSearchParams({ csrf: 'forged', etape: 'payer', q_P_1: '1' }), 403, /expiré/],
      [new URLSearchParams({ csrf, etape: 'payer' }), 400, /au moins un article/],
      [`csrf=${csrf}&etape=payer&q_P_1=1&pad=${'x'.repeat(10_000)}`, 413, /trop long/],
    ];
    for (const [body, status, message] of bad) {
      const res = await post(s, cookie, body);
      expect(res.status, String(body).slice(0, 60)).toBe(status);
      expect(res.html).toMatch(message);
      expect(res.html).not.toMatch(/Error|at .*\.ts|node_modules/);
    }
    // Without a session, or with another family's token: nothing is placed for anyone.
    const other = await enter(s, b!.id);
    const stolen = await post(s, other, new URLSearchParams({ csrf, etape: 'payer', q_P_1: '1' }));
    expect(stolen.status).toBe(403);
    const anonymous = await fetch(`${s.platform.url}/commande`, {
      method: 'POST',
      body: new URLSearchParams({ csrf, etape: 'payer', q_P_1: '1' }),
      redirect: 'manual',
    });
    expect(anonymous.status).toBe(303);
    expect(await sync(s)).toMatchObject({ added: 0 });
  });

  it('refuses an order after the ordering deadline, saying which day it was', async () => {
    // Five minutes before midnight of the deadline, platform time.
    let clock = new Date(2026, 10, 2, 23, 55).getTime();
    const s = await publishSchool({
      classes: 1,
      studentsPerClass: 1,
      platform: { now: () => new Date(clock) },
    });
    await s.client.call('forms.updateSettings', { jobId: s.jobId, returnDeadline: '2026-11-02' });
    await s.client.call('forms.build', { jobId: s.jobId });
    await s.client.call('publish.start', { jobId: s.jobId });
    await s.core.tasks.idle(s.jobId);
    const cookie = await enter(s, s.classes[0]!.students[0]!.id);
    const csrf = csrfOf(await galleryHtml(s, cookie));
    expect(csrf).not.toBe('');
    clock += 10 * 60_000;
    const late = await post(s, cookie, new URLSearchParams({ csrf, etape: 'payer', q_P_1: '1' }));
    expect(late.status).toBe(409);
    expect(late.html).toContain('La date limite de commande en ligne était le 02/11/2026');
    const html = await galleryHtml(s, cookie);
    expect(html).toContain('la commande en ligne est close');
    expect(html).not.toContain('name="q_P_1"');
    expect(await sync(s)).toMatchObject({ added: 0 });
  });
});
