/**
 * A family on the sandbox's family page, as a browser would be: entering with its code, reading its
 * gallery, posting the order form (recap, then the simulated payment).
 */
import { expect } from 'vitest';
import type { PublishSchool } from '../fixtures/publish-school';

type School = Pick<PublishSchool, 'platform' | 'codeOf'>;

/** A family orders on its gallery page and pays (the sandbox's simulated payment). */
export async function orderOnline(s: School, studentId: string, form: Record<string, string>) {
  const cookie = await enter(s, studentId);
  const csrf = csrfOf(await galleryHtml(s, cookie));
  const paid = await post(s, cookie, new URLSearchParams({ csrf, etape: 'payer', ...form }));
  expect(paid.status).toBe(303);
}

/** Paper forms typed in by their code: a pochette, pose 1, paid by cheque (n° 1234567) or cash. */
export async function recordPaperOrders(
  s: Pick<PublishSchool, 'client' | 'jobId' | 'codeOf'>,
  orders: readonly (readonly [{ id: string }, 'cheque' | 'cash'])[],
) {
  for (const [student, paymentMethod] of orders)
    await s.client.call('orders.record', {
      jobId: s.jobId,
      query: await s.codeOf(student.id),
      lines: [{ ref: 'P', pose: 1, quantity: 1 }],
      paymentMethod,
      ...(paymentMethod === 'cheque' ? { chequeNumber: '1234567' } : {}),
    });
}

export async function enter(s: School, studentId: string): Promise<string> {
  const entered = await fetch(`${s.platform.url}/acces`, {
    method: 'POST',
    body: new URLSearchParams({ code: await s.codeOf(studentId) }),
    redirect: 'manual',
  });
  expect(entered.status).toBe(303);
  return (entered.headers.get('set-cookie') ?? '').split(';')[0]!;
}

export async function galleryHtml(s: School, cookie: string): Promise<string> {
  const page = await fetch(`${s.platform.url}/galerie`, { headers: { cookie } });
  expect(page.status).toBe(200);
  return page.text();
}

export const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export async function post(s: School, cookie: string, body: string | URLSearchParams) {
  const res = await fetch(`${s.platform.url}/commande`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  });
  return { status: res.status, html: await res.text(), location: res.headers.get('location') };
}
