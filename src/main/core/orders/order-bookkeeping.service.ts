/**
 * The bookkeeping side of the order book: paper orders typed in from the forms families hand back
 * (found by the code printed on the form or the child's name), the totals per class and for the
 * school with the association's share, the bookkeeper's list of forms and orders (CSV/XLSX) and the
 * treasurer's summary (PDF). It reads the forms as the last build made them (with their codes) and
 * keeps every order in the job's order book, with the online ones.
 */
import path from 'node:path';
import { looksLikeCode } from '../../../shared/domain/access-code';
import type { OrderLine, OrderTotals, PaperOrder, PaymentMethod } from '../../../shared/domain/order-form';
import { ensurePrivateDir, writeFileAtomic } from '../../lib/atomic';
import { AppError, withFsErrors } from '../../lib/errors';
import { checkFileToWrite } from '../../lib/path-checks';
import { ExportRegistry } from '../exports/export-registry.repository';
import type { AccessCodeService } from '../forms/access-code.service';
import {
  bookkeepingListName,
  exportRows,
  formsCsv,
  formsXlsx,
  TREASURER_SUMMARY_NAME,
  type BookkeepingRecipe,
  type PlannedForm,
} from '../forms/forms-export';
import { FORMS_FEATURE, type FormsService } from '../forms/forms.service';
import type { OpenJob } from '../jobs/job-folder';
import type { RosterService } from '../roster/roster.service';
import { readSchool } from '../roster/school.service';
import { fold } from '../roster/roster-values';
import type { OrderBookService } from './order-book.service';
import { renderTreasurerSummary } from './treasurer-summary.pdf';

export interface PaperOrderInput {
  /** The code printed on the form, or the student's name. */
  query: string;
  lines: { ref: string; pose: number | null; quantity: number }[];
  paymentMethod: PaymentMethod;
  chequeNumber: string;
  note: string;
}

const formStudentIds = (forms: readonly PlannedForm[]) =>
  forms.flatMap((f) => f.input.students.map((s) => s.id));

const namesOf = (form: PlannedForm) =>
  form.input.students.map((s) => `${s.firstName} ${s.displayName}`).join(' + ');

export class OrderBookkeepingService {
  constructor(
    private readonly forms: Pick<FormsService, 'plan' | 'settings'>,
    private readonly codes: Pick<AccessCodeService, 'find'>,
    private readonly roster: Pick<RosterService, 'classes'>,
    private readonly orders: OrderBookService,
  ) {}

  /** The forms of the job (as the last build made them, with their codes), for exports and paper orders. */
  async formRows(job: OpenJob, without?: string): Promise<PlannedForm[]> {
    return (await this.forms.plan(job, without ? { without } : {})).forms;
  }

  /** The bookkeeper's list of forms and orders, as CSV or XLSX bytes, with the students it names. */
  async bookkeeping(
    job: OpenJob,
    format: 'csv' | 'xlsx',
    without?: string,
  ): Promise<{ data: Buffer | string; rows: number; studentIds: string[] }> {
    const forms = await this.formRows(job, without);
    const names = new Map(
      forms.flatMap((f) => f.input.students.map((s) => [s.id, `${s.displayName} ${s.firstName}`] as const)),
    );
    // Online orders, free reprints and the anonymous lines of erased children follow the forms.
    const others = this.orders
      .records(job)
      .filter((o) => o.channel === 'online' || o.remakeOf !== null || o.anonymisedAt !== null)
      .filter((o) => o.status !== 'cancelled' && o.status !== 'refunded')
      .map((o) => {
        const ids = o.studentIds.filter((id) => id !== without);
        return {
          ...o,
          studentIds: ids,
          names: ids
            .map((id) => names.get(id) ?? '')
            .filter(Boolean)
            .join(' + '),
        };
      });
    const rows = exportRows(forms, this.paperOrdersOf(job, forms), others);
    return {
      data: format === 'csv' ? formsCsv(rows) : await formsXlsx(rows),
      rows: rows.length,
      studentIds: [...new Set([...formStudentIds(forms), ...others.flatMap((o) => o.studentIds)])],
    };
  }

  /** Writes the bookkeeper's list (default: the job's exports/) and registers it; returns its path. */
  async exportList(
    job: OpenJob,
    format: 'csv' | 'xlsx',
    out?: string,
  ): Promise<{ path: string; rows: number }> {
    const name = bookkeepingListName(format);
    let target: string;
    if (out) {
      // Checked before any work: an existing folder, a missing folder or a name too long each get
      // their own message, and nothing is created on the way.
      target = await checkFileToWrite(out, name);
    } else {
      target = job.paths.export(name);
      await withFsErrors(path.dirname(target), () => ensurePrivateDir(path.dirname(target)));
    }
    const list = await this.bookkeeping(job, format);
    await withFsErrors(target, () => writeFileAtomic(target, list.data));
    new ExportRegistry(job).record({
      path: target,
      feature: FORMS_FEATURE,
      kind: 'bookkeeping',
      recipe: { file: 'bookkeeping', format } satisfies BookkeepingRecipe,
      studentIds: list.studentIds,
    });
    return { path: target, rows: list.rows };
  }

  private async findForm(job: OpenJob, query: string): Promise<PlannedForm> {
    const forms = await this.formRows(job);
    const trimmed = query.trim();
    if (looksLikeCode(trimmed)) {
      const issued = this.codes.find(job.db, trimmed);
      const form = forms.find((f) => f.input.code === issued.code);
      if (!form) throw new AppError('order_not_found', { query: trimmed });
      return form;
    }
    const q = fold(trimmed);
    const matches = forms.filter((f) =>
      f.input.students.some((s) => {
        const a = fold(`${s.firstName} ${s.displayName}`);
        const b = fold(`${s.displayName} ${s.firstName}`);
        return a === q || b === q || a.includes(q) || b.includes(q);
      }),
    );
    if (matches.length === 0) throw new AppError('order_not_found', { query: trimmed });
    if (matches.length > 1)
      throw new AppError('order_ambiguous', {
        query: trimmed,
        names: matches
          .slice(0, 5)
          .map((f) =>
            f.input.students.map((s) => `${s.firstName} ${s.displayName} (${s.classLabel})`).join(' + '),
          )
          .join(', '),
      });
    return matches[0]!;
  }

  /** Records (or replaces) what a family ordered on its paper form. */
  async recordPaperOrder(job: OpenJob, input: PaperOrderInput): Promise<PaperOrder> {
    const form = await this.findForm(job, input.query);
    const lines: OrderLine[] = input.lines
      .filter((l) => l.quantity > 0)
      .map((l) => {
        const product = form.input.products.find((p) => p.ref.toUpperCase() === l.ref.trim().toUpperCase());
        if (!product) throw new AppError('order_unknown_product', { ref: l.ref });
        const count = form.input.students.reduce((n, s) => n + s.poses.length, 0);
        if (l.pose !== null && l.pose > count)
          throw new AppError('order_unknown_pose', { names: namesOf(form), pose: l.pose, count });
        return {
          ref: product.ref,
          label: product.label,
          pose: l.pose,
          quantity: l.quantity,
          unitCents: product.priceCents,
          totalCents: product.priceCents * l.quantity,
        };
      });
    const order = {
      code: form.input.code,
      lines,
      items: lines.reduce((n, l) => n + l.quantity, 0),
      totalCents: lines.reduce((n, l) => n + l.totalCents, 0),
      paymentMethod: input.paymentMethod,
      chequeNumber: input.paymentMethod === 'cheque' ? input.chequeNumber.trim() : '',
      note: input.note.trim(),
      recordedAt: new Date().toISOString(),
    };
    this.orders.recordPaper(job, {
      channel: 'paper',
      code: order.code,
      studentIds: form.input.students.map((s) => s.id),
      classLabel: form.classLabel,
      status: 'received',
      paymentMethod: order.paymentMethod,
      paymentRef: order.chequeNumber,
      note: order.note,
      lines,
    });
    return toPaperOrder(form, order);
  }

  /** The paper orders of the book whose form still exists (`without`: as if that student were erased). */
  async paperOrders(job: OpenJob, without?: string): Promise<PaperOrder[]> {
    return this.paperOrdersOf(job, await this.formRows(job, without));
  }

  private paperOrdersOf(job: OpenJob, formRows: readonly PlannedForm[]): PaperOrder[] {
    const forms = new Map(formRows.map((f) => [f.input.code, f]));
    return this.orders.paperRecords(job).flatMap((r) => {
      const form = forms.get(r.code!);
      if (!form) return [];
      return [
        toPaperOrder(form, {
          code: r.code!,
          lines: r.lines,
          items: r.items,
          totalCents: r.totalCents,
          paymentMethod: r.paymentMethod === 'online' ? 'other' : r.paymentMethod,
          chequeNumber: r.paymentMethod === 'cheque' ? r.paymentRef : '',
          note: r.note,
          recordedAt: r.recordedAt,
        }),
      ];
    });
  }

  /**
   * Totals per class (in class order) and for the school, with the association's share: every order
   * of the book (paper, online, the anonymous lines of erased children), cancelled and refunded left
   * out. An erasure leaves them as they are (bookkeeping), so they do not depend on who is erased.
   */
  totals(job: OpenJob): OrderTotals {
    const t = this.orders.totals(
      job,
      this.roster.classes(job).map((c) => c.label),
      this.forms.settings(job).share,
    );
    const plain = ({
      orders,
      items,
      totalCents,
      associationShareCents,
      byPayment,
    }: OrderTotals['school']) => ({
      orders,
      items,
      totalCents,
      associationShareCents,
      byPayment,
    });
    return {
      classes: t.classes.map((c) => ({ classLabel: c.classLabel, ...plain(c) })),
      school: plain(t.school),
    };
  }

  /** The treasurer's per-class summary as PDF bytes (counts and amounts, no name). */
  async renderTreasurer(job: OpenJob, without?: string): Promise<Buffer> {
    const school = readSchool(job);
    const forms = await this.formRows(job, without);
    const formsPerClass = new Map<string, number>();
    for (const f of forms) formsPerClass.set(f.classLabel, (formsPerClass.get(f.classLabel) ?? 0) + 1);
    return renderTreasurerSummary(school, this.totals(job), formsPerClass, this.forms.settings(job).share);
  }

  /** Writes the treasurer's per-class summary PDF; returns its path. */
  async treasurerSummary(job: OpenJob, target?: string): Promise<string> {
    const out = target ?? job.paths.orderForm(TREASURER_SUMMARY_NAME);
    await withFsErrors(path.dirname(out), () => ensurePrivateDir(path.dirname(out)));
    const pdf = await this.renderTreasurer(job);
    await withFsErrors(out, () => writeFileAtomic(out, pdf));
    // It names no one, but its totals count each family's order: erasing one makes it again.
    new ExportRegistry(job).record({
      path: out,
      feature: FORMS_FEATURE,
      kind: 'treasurer_summary',
      recipe: { file: 'treasurer' } satisfies BookkeepingRecipe,
      studentIds: (await this.paperOrders(job)).flatMap((o) => o.studentIds),
    });
    return out;
  }

  /** A bookkeeping file made again without a student (erasure); writes nothing. */
  async remake(job: OpenJob, without: string, recipe: BookkeepingRecipe): Promise<Buffer | string> {
    return recipe.file === 'bookkeeping'
      ? (await this.bookkeeping(job, recipe.format, without)).data
      : this.renderTreasurer(job, without);
  }
}

function toPaperOrder(
  form: PlannedForm,
  o: Omit<PaperOrder, 'studentIds' | 'names' | 'classLabel'>,
): PaperOrder {
  return {
    ...o,
    studentIds: form.input.students.map((s) => s.id),
    names: namesOf(form),
    classLabel: form.classLabel,
  };
}
