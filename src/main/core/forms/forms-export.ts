/**
 * The bookkeeper's list of forms: one row per form and product, with the quantities and payment
 * typed from the paper forms, as CSV for French spreadsheets (semicolon, UTF-8 with BOM so Excel
 * reads the accents, comma decimals, no cell a spreadsheet could run as a formula) or as XLSX with
 * real number cells in euros and names as plain strings.
 */
import ExcelJS from 'exceljs';
import { formatCode } from '../../../shared/domain/access-code';
import { centsToDecimalComma } from '../../../shared/domain/price-list';
import type { OrderFormInput, PaperOrder, PaymentMethod } from '../../../shared/domain/order-form';
import { csvNumber, toCsv } from '../../lib/csv';

/** One order form of a build: the class it belongs to and what its PDF shows. */
/** The bookkeeper's list of forms and orders, by format, and the treasurer's summary: their file names. */
export const bookkeepingListName = (format: 'csv' | 'xlsx') => `Liste des bons de commande.${format}`;
export const TREASURER_SUMMARY_NAME = 'Récapitulatif trésorerie.pdf';

/** How erasure makes a bookkeeping file again (stored with the file in the export registry). */
export type BookkeepingRecipe = { file: 'bookkeeping'; format: 'csv' | 'xlsx' } | { file: 'treasurer' };

export interface PlannedForm {
  classId: string;
  classLabel: string;
  input: OrderFormInput;
}

export const EXPORT_COLUMNS = [
  'Classe',
  'Élève',
  'Code',
  'Réf.',
  'Produit',
  'Prix unitaire TTC (€)',
  'Quantité',
  'Total TTC (€)',
  'Paiement',
  'N° de chèque',
] as const;

const PAYMENT: Record<PaymentMethod, string> = {
  cheque: 'chèque',
  cash: 'espèces',
  transfer: 'virement',
  card: 'carte',
  other: 'autre',
};

interface ExportRow {
  classLabel: string;
  student: string;
  code: string;
  ref: string;
  product: string;
  unitCents: number;
  quantity: number;
  totalCents: number;
  payment: string;
  cheque: string;
}

/** An order of the book that is not a form's paper order: online, a free reprint, an erased child's line. */
export interface OtherOrderRow {
  number: string;
  channel: 'paper' | 'online';
  classLabel: string;
  names: string;
  remakeOf: string | null;
  anonymisedAt: string | null;
  paymentRef: string;
  lines: readonly { ref: string; label: string; quantity: number; unitCents: number; totalCents: number }[];
}

export function exportRows(
  forms: readonly PlannedForm[],
  orders: readonly PaperOrder[],
  others: readonly OtherOrderRow[] = [],
): ExportRow[] {
  const byCode = new Map(orders.map((o) => [o.code, o]));
  const extra = others.flatMap((o) =>
    o.lines.map((l) => ({
      classLabel: o.classLabel,
      student: o.anonymisedAt ? '(élève effacé)' : o.names,
      code: `commande ${o.number}`,
      ref: l.ref,
      product: l.label,
      unitCents: l.unitCents,
      quantity: l.quantity,
      totalCents: l.totalCents,
      payment: o.remakeOf ? 'réimpression gratuite' : o.channel === 'online' ? 'en ligne' : 'bon papier',
      cheque: o.channel === 'online' ? o.paymentRef : '',
    })),
  );
  return [...formRowsOf(forms, byCode), ...extra];
}

function formRowsOf(forms: readonly PlannedForm[], byCode: Map<string, PaperOrder>): ExportRow[] {
  return forms.flatMap((f) => {
    const order = byCode.get(f.input.code);
    return f.input.products.map((p) => {
      const quantity = order?.lines.filter((l) => l.ref === p.ref).reduce((n, l) => n + l.quantity, 0) ?? 0;
      return {
        classLabel: f.classLabel,
        student: f.input.students.map((s) => `${s.displayName} ${s.firstName}`).join(' + '),
        code: formatCode(f.input.code),
        ref: p.ref,
        product: p.label,
        unitCents: p.priceCents,
        quantity,
        totalCents: quantity * p.priceCents,
        payment: order ? PAYMENT[order.paymentMethod] : '',
        cheque: order?.chequeNumber ?? '',
      };
    });
  });
}

/** The list as CSV: names and labels neutralised against formulas, amounts and quantities as numbers. */
export function formsCsv(rows: readonly ExportRow[]): string {
  return toCsv(
    rows.map((r) => [
      r.classLabel,
      r.student,
      r.code,
      r.ref,
      r.product,
      csvNumber(centsToDecimalComma(r.unitCents)),
      r.quantity,
      csvNumber(centsToDecimalComma(r.totalCents)),
      r.payment,
      r.cheque,
    ]),
    { columns: EXPORT_COLUMNS },
  );
}

export async function formsXlsx(rows: readonly ExportRow[], sheetName = 'Bons de commande'): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '';
  const sheet = workbook.addWorksheet(sheetName);
  const euro = '#,##0.00 [$€-40C]';
  sheet.columns = [
    { header: EXPORT_COLUMNS[0], width: 18 },
    { header: EXPORT_COLUMNS[1], width: 32 },
    { header: EXPORT_COLUMNS[2], width: 20 },
    { header: EXPORT_COLUMNS[3], width: 6 },
    { header: EXPORT_COLUMNS[4], width: 30 },
    { header: EXPORT_COLUMNS[5], width: 14, style: { numFmt: euro } },
    { header: EXPORT_COLUMNS[6], width: 10 },
    { header: EXPORT_COLUMNS[7], width: 14, style: { numFmt: euro } },
    { header: EXPORT_COLUMNS[8], width: 12 },
    { header: EXPORT_COLUMNS[9], width: 14 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows)
    sheet.addRow([
      r.classLabel,
      r.student,
      r.code,
      r.ref,
      r.product,
      r.unitCents / 100,
      r.quantity,
      r.totalCents / 100,
      r.payment,
      r.cheque,
    ]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
