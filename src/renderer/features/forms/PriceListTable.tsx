/**
 * The price list editor: one row per product (reference, kind, label, price TTC typed « 12,50 »,
 * print format « 13×18 », what a pochette contains), rows added, moved and removed with buttons
 * reachable by Tab. A format above 24×30 cm is refused under its field as soon as it is typed.
 */
import { useRef } from 'react';
import { PRODUCT_KINDS, type ProductKind } from '../../../shared/domain/price-list';
import { useT } from '../../i18n/use-t';
import {
  emptyRow,
  KINDS_WITH_CONTENTS,
  PRODUCT_FIELDS,
  validateRow,
  type ProductDraft,
  type ProductField,
  type RowErrors,
} from './price-list-draft';

/** Kinds sold as one print size; a pochette, a bundle or a digital file usually has none. */
const SIZED_KINDS: readonly ProductKind[] = ['print', 'class_photo', 'sibling_photo'];

export function PriceListTable({
  idPrefix,
  rows,
  onChange,
  serverErrors,
  showAll,
  disabled,
}: {
  idPrefix: string;
  rows: ProductDraft[];
  onChange: (rows: ProductDraft[]) => void;
  /** Errors the core returned, by row key. */
  serverErrors: Record<string, RowErrors>;
  /** Show every problem (after a save attempt), not only those of fields already typed in. */
  showAll: boolean;
  disabled: boolean;
}) {
  const tr = useT();
  const { t } = tr;
  const tableRef = useRef<HTMLTableElement>(null);
  const touched = useRef(new Set<string>());

  const cellId = (row: ProductDraft, field: ProductField) => `${idPrefix}-${row.key}-${field}`;
  const update = (key: string, field: Exclude<ProductField, 'kind'>, value: string) => {
    touched.current.add(`${key}:${field}`);
    onChange(rows.map((r) => (r.key === key ? { ...r, [field]: value } : r)));
  };
  const setKind = (key: string, kind: ProductKind) =>
    onChange(rows.map((r) => (r.key === key ? { ...r, kind } : r)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    if (!row) return;
    next.splice(index + by, 0, row);
    onChange(next);
  };
  const remove = (index: number) => onChange(rows.filter((_, i) => i !== index));
  const add = () => {
    const row = emptyRow(rows);
    onChange([...rows, row]);
    // Focus the new row's label once React has drawn it: the reference is already filled in.
    requestAnimationFrame(() =>
      tableRef.current?.querySelector<HTMLElement>(`#${CSS.escape(cellId(row, 'label'))}`)?.focus(),
    );
  };

  const errorOf = (row: ProductDraft, field: ProductField): string | undefined => {
    const server = serverErrors[row.key]?.[field];
    if (server) return server;
    const own = validateRow(row, rows)[field];
    // The 24×30 cm refusal is shown at once; other problems once the field was typed in.
    if (
      own &&
      (showAll || touched.current.has(`${row.key}:${field}`) || own === 'validation.product.tooLarge')
    )
      return own;
    return undefined;
  };

  const input = (
    row: ProductDraft,
    field: 'ref' | 'label' | 'price' | 'format' | 'contents',
    label: string,
    extra: { className?: string; inputMode?: 'decimal'; placeholder?: string } = {},
  ) => {
    const error = errorOf(row, field);
    const id = cellId(row, field);
    return (
      <td className={`price-cell price-cell--${field}`}>
        <input
          id={id}
          className={`input input--compact ${extra.className ?? ''}`}
          value={row[field]}
          onChange={(e) => update(row.key, field, e.target.value)}
          onBlur={() => {
            touched.current.add(`${row.key}:${field}`);
            onChange([...rows]);
          }}
          aria-label={`${label} (${row.ref || row.label || t('forms.prices.newProduct')})`}
          aria-invalid={error ? true : undefined}
          {...(error ? { 'aria-describedby': `${id}-error` } : {})}
          autoComplete="off"
          spellCheck={field === 'label' || field === 'contents'}
          disabled={disabled}
          {...(extra.inputMode ? { inputMode: extra.inputMode } : {})}
          {...(extra.placeholder ? { placeholder: extra.placeholder } : {})}
        />
      </td>
    );
  };

  const fieldLabels: Record<ProductField, string> = {
    ref: t('forms.prices.ref'),
    kind: t('forms.prices.kind'),
    label: t('forms.prices.label'),
    price: t('forms.prices.price'),
    format: t('forms.prices.format'),
    contents: t('forms.prices.contents'),
  };
  const errorsOf = (row: ProductDraft) =>
    PRODUCT_FIELDS.flatMap((field) => {
      const error = errorOf(row, field);
      return error ? [{ field, error }] : [];
    });
  const hasErrors = (row: ProductDraft) => errorsOf(row).length > 0;
  // A row's problems on a line of their own under it: in the narrow cells they would wrap word by word.
  const rowErrors = (row: ProductDraft) => {
    const found = errorsOf(row);
    if (found.length === 0) return [];
    return [
      <tr key={`${row.key}-errors`} className="price-row__errors">
        <td colSpan={7}>
          {found.map(({ field, error }) => (
            <p
              key={field}
              id={`${cellId(row, field)}-error`}
              className="field-note field-note--error"
              role="alert"
            >
              {fieldLabels[field]} : {tr.fieldMessage(error)}
            </p>
          ))}
        </td>
      </tr>,
    ];
  };

  return (
    <div className="table-wrap">
      <table ref={tableRef} className="table price-table" data-testid="price-table">
        <thead>
          <tr>
            <th scope="col">{t('forms.prices.ref')}</th>
            <th scope="col">{t('forms.prices.kind')}</th>
            <th scope="col">{t('forms.prices.label')}</th>
            <th scope="col" className="num">
              {t('forms.prices.price')}
            </th>
            <th scope="col">{t('forms.prices.format')}</th>
            <th scope="col">{t('forms.prices.contents')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('forms.prices.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.flatMap((row, index) => [
            <tr
              key={row.key}
              data-testid="price-row"
              className={hasErrors(row) ? 'price-row--invalid' : undefined}
            >
              {input(row, 'ref', t('forms.prices.ref'), { className: 'input--mono' })}
              <td className="price-cell price-cell--kind">
                <select
                  className="input select input--compact"
                  value={row.kind}
                  onChange={(e) => setKind(row.key, e.target.value as ProductKind)}
                  aria-label={`${t('forms.prices.kind')} (${row.ref || row.label})`}
                  disabled={disabled}
                >
                  {PRODUCT_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`forms.kind.${kind}`)}
                    </option>
                  ))}
                </select>
              </td>
              {input(row, 'label', t('forms.prices.label'))}
              {input(row, 'price', t('forms.prices.price'), {
                className: 'input--money',
                inputMode: 'decimal',
                placeholder: '12,50',
              })}
              {input(row, 'format', t('forms.prices.format'), {
                placeholder: SIZED_KINDS.includes(row.kind) ? '13×18' : '—',
              })}
              {KINDS_WITH_CONTENTS.includes(row.kind) ? (
                input(row, 'contents', t('forms.prices.contents'), { placeholder: '1 × 18×24, 2 × 13×18' })
              ) : (
                <td className="muted center">—</td>
              )}
              <td className="price-cell price-cell--actions">
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => move(index, -1)}
                  disabled={disabled || index === 0}
                  aria-label={t('forms.prices.up', { label: row.label || row.ref })}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => move(index, 1)}
                  disabled={disabled || index === rows.length - 1}
                  aria-label={t('forms.prices.down', { label: row.label || row.ref })}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => remove(index)}
                  disabled={disabled}
                  aria-label={t('forms.prices.remove', { label: row.label || row.ref })}
                >
                  ✕
                </button>
              </td>
            </tr>,
            ...rowErrors(row),
          ])}
        </tbody>
      </table>
      <button
        type="button"
        className="btn btn--secondary btn--small"
        onClick={add}
        disabled={disabled || rows.length >= 30}
      >
        {t('forms.prices.add')}
      </button>
    </div>
  );
}
