import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../lib/sqlite';
import { jobMigrations } from '../db/job-migrations';
import type { JobRepositoryClass, OpenJob } from '../jobs/job-folder';
import { OrderBookService } from './order-book.service';
import { ordersDataOwner } from './orders.data-owner';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** A job around a real SQLite connection: the service only needs its db and repositories. */
function jobOf(db: Db): OpenJob {
  const repos = new Map<unknown, unknown>();
  return {
    id: 'j',
    dir: '',
    db,
    repo<T>(kind: JobRepositoryClass<T>): T {
      if (!repos.has(kind)) repos.set(kind, new kind(db));
      return repos.get(kind) as T;
    },
  } as unknown as OpenJob;
}

function seedRoster(db: Db) {
  const now = '2026-10-01T10:00:00.000Z';
  db.prepare(`INSERT INTO class (id, label, created_at) VALUES ('c1', 'CP A', ?)`).run(now);
  db.prepare(
    `INSERT INTO student (id, class_id, family_name, first_name, created_at, updated_at)
     VALUES ('s1', 'c1', 'Martin', 'Léa', ?, ?), ('s2', 'c1', 'Martin', 'Tom', ?, ?), ('s3', 'c1', 'Durand', 'Zoé', ?, ?)`,
  ).run(now, now, now, now, now, now);
}

const line = (ref: string, pose: number | null, quantity: number, unit: number) => ({
  ref,
  label: ref === 'P' ? 'Pochette' : 'Tirage 13×18',
  pose,
  quantity,
  unitCents: unit,
  totalCents: unit * quantity,
});

describe('order book', () => {
  it('moves the paper orders typed in before it existed into the book, lines and all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preau-orders-'));
    dirs.push(dir);
    const file = path.join(dir, 'job.sqlite');
    const old = openDatabase(file, jobMigrations.slice(0, 12));
    seedRoster(old);
    old
      .prepare(
        `INSERT INTO access_code (code, owner_key, kind, student_ids, issued_at) VALUES
         ('AAAA', 'student:s3', 'student', '["s3"]', 'x'), ('BBBB', 'family:s1+s2', 'family', '["s1","s2"]', 'x')`,
      )
      .run();
    old
      .prepare(
        `INSERT INTO paper_order (code, lines, total_cents, items, payment_method, cheque_number, note, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        'BBBB',
        JSON.stringify([line('P', 2, 1, 2000), line('T1', 1, 3, 500)]),
        3500,
        4,
        'cheque',
        '123',
        '',
        '2026-10-02T08:00:00Z',
      );
    old
      .prepare(
        `INSERT INTO paper_order (code, lines, total_cents, items, payment_method, cheque_number, note, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        'AAAA',
        JSON.stringify([line('P', 1, 1, 2000)]),
        2000,
        1,
        'cash',
        '',
        'payé',
        '2026-10-01T08:00:00Z',
      );
    old.close();

    const db = openDatabase(file, jobMigrations);
    const job = jobOf(db);
    const book = new OrderBookService().list(job);
    expect(
      book.map((o) => [o.number, o.code, o.channel, o.status, o.classLabel, o.names, o.totalCents]),
    ).toEqual([
      ['C00001', 'AAAA', 'paper', 'received', 'CP A', 'Zoé Durand', 2000],
      ['C00002', 'BBBB', 'paper', 'received', 'CP A', 'Léa Martin + Tom Martin', 3500],
    ]);
    expect(book[1]!.lines).toEqual([line('P', 2, 1, 2000), line('T1', 1, 3, 500)]);
    expect(book[1]!.paymentRef).toBe('123');
    expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'paper_order'`).get()).toBeUndefined();
    db.close();
  });

  it('gives production only received or paid orders that are not held, and moves them forward', () => {
    const db = openDatabase(':memory:', jobMigrations);
    seedRoster(db);
    const job = jobOf(db);
    const service = new OrderBookService();
    const base = { classLabel: 'CP A', paymentRef: '', note: '', lines: [line('P', 1, 1, 2000)] };
    const a = service.add(job, {
      ...base,
      channel: 'paper',
      code: 'A',
      studentIds: ['s1'],
      status: 'received',
      paymentMethod: 'cheque',
    });
    const b = service.add(job, {
      ...base,
      channel: 'online',
      code: 'B',
      studentIds: ['s2'],
      status: 'paid',
      paymentMethod: 'online',
      platformOrderId: 'po-1',
    });
    const c = service.add(job, {
      ...base,
      channel: 'online',
      code: 'C',
      studentIds: ['s3'],
      status: 'paid',
      paymentMethod: 'online',
      platformOrderId: 'po-2',
    });
    service.hold(job, [a.id], true, 'chèque sans provision');
    service.close(job, c.id, 'refunded', 'photo floue');
    expect(service.ordersToProduce(job).map((o) => o.orderId)).toEqual([b.id]);
    service.hold(job, [a.id], false, '');
    expect(service.ordersToProduce(job).map((o) => o.number)).toEqual([a.number, b.number]);

    service.markStatus(job, [a.id, b.id], 'in_production');
    expect(service.ordersToProduce(job)).toEqual([]);
    service.markStatus(job, [a.id], 'packed');
    expect(service.get(job, a.id).status).toBe('packed');
    // A refunded order never goes back into production.
    expect(() => service.markStatus(job, [c.id], 'packed')).toThrow(/C00003/);
    expect(service.get(job, c.id)).toMatchObject({ status: 'refunded', statusReason: 'photo floue' });

    // A remake is its own order, linked to the first, at zero price, produced again.
    const r = service.remake(job, b.id, [{ ref: 'P', pose: 1, quantity: 5 }], 'tirage abîmé');
    expect(r).toMatchObject({ remakeOf: b.id, remakeOfNumber: b.number, totalCents: 0, items: 1 });
    expect(service.ordersToProduce(job).map((o) => [o.orderId, o.remakeOf])).toEqual([[r.id, b.id]]);
    const totals = service.totals(job, ['CP A'], { kind: 'percent', basisPoints: 1000 });
    expect(totals.school).toMatchObject({
      orders: 3,
      items: 2,
      totalCents: 4000,
      associationShareCents: 400,
    });
    expect(totals.school.byChannel).toEqual({
      paper: { orders: 1, totalCents: 2000 },
      online: { orders: 2, totalCents: 2000 },
    });
    expect(totals.closed).toEqual({ orders: 1, totalCents: 2000 });
  });

  it('flags a family that ordered on paper and online until someone decides', () => {
    const db = openDatabase(':memory:', jobMigrations);
    seedRoster(db);
    const job = jobOf(db);
    const service = new OrderBookService();
    const base = {
      classLabel: 'CP A',
      paymentRef: '',
      note: '',
      lines: [line('P', 1, 1, 2000)],
      studentIds: ['s1'],
      code: 'A',
    };
    const paper = service.recordPaper(job, {
      ...base,
      code: 'A',
      channel: 'paper',
      status: 'received',
      paymentMethod: 'cheque',
    });
    const online = service.add(job, {
      ...base,
      channel: 'online',
      status: 'paid',
      paymentMethod: 'online',
      platformOrderId: 'po',
    });
    expect(service.list(job, { attention: true }).map((o) => o.id)).toEqual([paper.id, online.id]);
    service.keepBoth(job, [paper.id, online.id]);
    expect(service.list(job, { attention: true })).toEqual([]);
    expect(service.list(job).every((o) => !o.doubleChannel)).toBe(true);
  });

  it('keeps an erased child’s order as an anonymous bookkeeping line', () => {
    const db = openDatabase(':memory:', jobMigrations);
    seedRoster(db);
    const job = jobOf(db);
    const service = new OrderBookService();
    const base = { classLabel: 'CP A', paymentRef: '42', note: 'Mme Durand', lines: [line('P', 1, 1, 2000)] };
    service.add(job, {
      ...base,
      channel: 'paper',
      code: 'A',
      studentIds: ['s3'],
      status: 'received',
      paymentMethod: 'cheque',
    });
    const family = service.add(job, {
      ...base,
      channel: 'online',
      code: 'F',
      studentIds: ['s1', 's2'],
      status: 'paid',
      paymentMethod: 'online',
    });
    db.transaction(() => ordersDataOwner.erase(db, 's3'))();
    db.transaction(() => ordersDataOwner.erase(db, 's1'))();
    const [anon, fam] = service.list(job);
    expect(anon).toMatchObject({
      anonymised: true,
      code: null,
      studentIds: [],
      names: '',
      note: '',
      paymentRef: '',
      totalCents: 2000,
      classLabel: 'CP A',
    });
    expect(fam).toMatchObject({ id: family.id, studentIds: ['s2'], anonymised: false });
    expect(ordersDataOwner.rows(db, 's3')).toEqual([]);
    expect(service.totals(job, ['CP A'], { kind: 'none' }).school.totalCents).toBe(4000);
  });
});
