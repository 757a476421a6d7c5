/**
 * « Saisie des retours »: the paper forms families sent back, typed in one after the other at
 * keyboard speed. Find the form by its printed code (the check character catches a mistyped one at
 * once) or by the student's name (type-ahead, accents ignored; ↑ ↓ Entrée), type the quantities (Tab
 * from box to box), the payment and the cheque number, Entrée saves from any box — the payment
 * list included (Alt+↓ opens it) — and brings the cursor back to the search for the next form;
 * Échap drops an untouched form at once, and asks first when something was typed. Below: the
 * orders recorded, and the totals per class and for the school with the association's share.
 */
import { useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { checkCode, CODE_LENGTH, normalizeCode } from '../../../shared/domain/access-code';
import { PAYMENT_METHODS, type PaperOrder, type PaymentMethod } from '../../../shared/domain/order-form';
import { formatMoney, type MessageKey } from '../../../shared/i18n';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { looksLikeCode, searchForms, type FormEntry } from './form-index';
import { parsePose, parseQuantity } from './form-values';
import { OrdersList } from './OrdersList';
import { useFormIndex } from './use-form-index';
import { useLive } from '../../hooks/use-data-changed';

const loadOrderContext = async (jobId: string) => {
  const [settings, school, orders, totals] = await Promise.all([
    rpc.call('forms.settings', { jobId }),
    rpc.call('school.get', { jobId }),
    rpc.call('orders.list', { jobId }),
    rpc.call('orders.totals', { jobId }),
  ]);
  return { settings, siblingPhotos: school.siblingPhotos, orders, totals };
};

interface LineDraft {
  quantity: string;
  pose: string;
}

/** What was typed in a form, comparable: a changed entry is one that differs from it as chosen. */
function draftKey(
  lines: Record<string, LineDraft>,
  payment: PaymentMethod,
  cheque: string,
  note: string,
): string {
  const filled = Object.entries(lines)
    .map(([ref, d]) => [ref, d.quantity.trim(), d.pose.trim()] as const)
    .filter(([, q, p]) => q !== '' || p !== '')
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({
    filled,
    payment,
    cheque: payment === 'cheque' ? cheque.trim() : '',
    note: note.trim(),
  });
}

/** What the search box says about the text typed so far. */
function codeHint(text: string): { tone: 'error' | 'hint'; key: MessageKey } | null {
  if (!looksLikeCode(text)) return null;
  const typed = normalizeCode(text);
  if (typed.length < CODE_LENGTH) return { tone: 'hint', key: 'forms.entry.codeIncomplete' };
  const check = checkCode(text);
  if (check.ok) return null;
  if (check.problem === 'check') return { tone: 'error', key: 'forms.entry.codeTypo' };
  if (check.problem === 'character') return { tone: 'error', key: 'forms.entry.codeCharacter' };
  return { tone: 'error', key: 'forms.entry.codeLength' };
}

export function OrderEntryPanel({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const { index, error: indexError } = useFormIndex(jobId);
  const context = useLive(() => loadOrderContext(jobId), [jobId], {
    entities: ['orders', 'forms', 'codes'],
    jobId,
    tasks: ['forms.build'],
  });
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<FormEntry | null>(null);
  const [lines, setLines] = useState<Record<string, LineDraft>>({});
  const [payment, setPayment] = useState<PaymentMethod>('cheque');
  const [cheque, setCheque] = useState('');
  const [note, setNote] = useState('');
  const [submitted, setSubmitted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<UiError | null>(null);
  const [saved, setSaved] = useState<PaperOrder | null>(null);
  /** The entry as it was when the form was chosen: Échap on a changed one asks first. */
  const [initial, setInitial] = useState('');
  const [askDrop, setAskDrop] = useState(false);
  const keepRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const formRef = useRef<HTMLFormElement>(null);

  const entries = useMemo(() => index?.entries ?? [], [index]);
  const suggestions = useMemo(
    () => (selected ? [] : searchForms(entries, query)),
    [entries, query, selected],
  );
  const products = useMemo(() => {
    const all = context.data?.settings.products ?? [];
    return all.filter(
      (p) =>
        p.kind !== 'sibling_photo' || (context.data?.siblingPhotos === true && selected?.kind === 'family'),
    );
  }, [context.data, selected]);
  const existing = selected ? context.data?.orders.find((o) => o.code === selected.code) : undefined;

  if (!index || !context.data) {
    const error = indexError ?? context.error;
    return error ? (
      <Alert tone="error">{tr.error(error)}</Alert>
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );
  }

  const choose = (entry: FormEntry) => {
    setSelected(entry);
    setQuery(entry.printed);
    setFailure(null);
    setSaved(null);
    setSubmitted(false);
    const previous = context.data?.orders.find((o) => o.code === entry.code);
    const next: Record<string, LineDraft> = {};
    for (const line of previous?.lines ?? []) {
      next[line.ref] = { quantity: String(line.quantity), pose: line.pose === null ? '' : String(line.pose) };
    }
    setLines(next);
    setAskDrop(false);
    if (previous) {
      setPayment(previous.paymentMethod);
      setCheque(previous.chequeNumber);
      setNote(previous.note);
      setInitial(draftKey(next, previous.paymentMethod, previous.chequeNumber, previous.note));
    } else {
      setCheque('');
      setNote('');
      setInitial(draftKey(next, payment, '', ''));
    }
    requestAnimationFrame(() =>
      formRef.current?.querySelector<HTMLInputElement>('input[data-first]')?.focus(),
    );
  };

  const clear = () => {
    setAskDrop(false);
    setSelected(null);
    setQuery('');
    setLines({});
    setCheque('');
    setNote('');
    setSubmitted(false);
    setActive(0);
    requestAnimationFrame(() => searchRef.current?.focus());
  };

  const hint = selected ? null : codeHint(query);
  const exact =
    !selected && looksLikeCode(query) && checkCode(query).ok
      ? entries.find((e) => e.code === normalizeCode(query))
      : undefined;

  const onSearchKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((a) => Math.min(a + 1, Math.max(0, suggestions.length - 1)));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const pick = exact ?? suggestions[active] ?? (suggestions.length === 1 ? suggestions[0] : undefined);
      if (pick) choose(pick);
      else if (looksLikeCode(query) && checkCode(query).ok) void lookUpCode();
    } else if (event.key === 'Escape') {
      setQuery('');
      setActive(0);
    }
  };

  /** A well-formed code not in the list: ask the core, which says whether it is unknown or revoked. */
  const lookUpCode = async () => {
    try {
      const issued = await rpc.call('codes.check', { jobId, code: query });
      const entry = entries.find((e) => e.code === issued.code);
      if (entry) choose(entry);
      else setFailure({ code: 'order_not_found', params: { query: issued.printed }, issues: [] });
    } catch (e) {
      setFailure(toUiError(e));
    }
  };

  const parsed = products.map((p) => {
    const draft = lines[p.ref] ?? { quantity: '', pose: '' };
    return { product: p, draft, quantity: parseQuantity(draft.quantity), pose: parsePose(draft.pose) };
  });
  const total = parsed.reduce((n, l) => n + (l.quantity.ok ? l.quantity.value * l.product.priceCents : 0), 0);
  const items = parsed.reduce((n, l) => n + (l.quantity.ok ? l.quantity.value : 0), 0);

  const setLine = (ref: string, field: keyof LineDraft, value: string) => {
    setLines((all) => ({ ...all, [ref]: { ...(all[ref] ?? { quantity: '', pose: '' }), [field]: value } }));
    setSaved(null);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!selected) return;
    setSubmitted(true);
    setFailure(null);
    const bad = parsed.find((l) => !l.quantity.ok || !l.pose.ok);
    if (bad) {
      formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setSaving(true);
    try {
      const order = await rpc.call('orders.record', {
        jobId,
        query: selected.code,
        lines: parsed
          .filter((l) => l.quantity.ok && l.quantity.value > 0)
          .map((l) => ({
            ref: l.product.ref,
            pose: l.pose.ok ? l.pose.value : null,
            quantity: l.quantity.ok ? l.quantity.value : 0,
          })),
        paymentMethod: payment,
        chequeNumber: payment === 'cheque' ? cheque : '',
        note,
      });
      setSaved(order);
      clear();
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setSaving(false);
    }
  };

  const money = (cents: number) => formatMoney(tr.lang, cents);
  const changed = selected !== null && draftKey(lines, payment, cheque, note) !== initial;

  /** Échap: an untouched form goes at once; a changed one is dropped only once confirmed. */
  const escape = () => {
    if (!changed) {
      clear();
      return;
    }
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setAskDrop(true);
    requestAnimationFrame(() => keepRef.current?.focus());
  };
  const keepEditing = () => {
    setAskDrop(false);
    const back = returnFocus.current;
    requestAnimationFrame(() =>
      (back?.isConnected ? back : formRef.current?.querySelector<HTMLElement>('input[data-first]'))?.focus(),
    );
  };

  return (
    <div className="order-entry">
      <section className="card" aria-labelledby={`${uid}-title`}>
        <div className="card__head">
          <h2 id={`${uid}-title`} className="card__title">
            {t('forms.entry.title')}
          </h2>
          <span className="muted small">{t('forms.entry.keys')}</span>
        </div>
        {entries.length === 0 && <Alert tone="info">{t('forms.entry.noForms')}</Alert>}
        {saved && (
          <Alert tone="success" onDismiss={() => setSaved(null)}>
            <span data-testid="order-saved">
              {t('forms.entry.saved', {
                names: saved.names,
                total: money(saved.totalCents),
                items: saved.items,
              })}
            </span>
          </Alert>
        )}
        {failure && (
          <Alert tone="error" onDismiss={() => setFailure(null)}>
            {tr.error(failure)}
          </Alert>
        )}

        <div className="field order-search">
          <label className="field__label" htmlFor={`${uid}-search`}>
            {t('forms.entry.search')}
          </label>
          <div className="order-search__box">
            <input
              ref={searchRef}
              id={`${uid}-search`}
              className="input input--search"
              role="combobox"
              aria-expanded={suggestions.length > 0}
              aria-controls={`${uid}-suggestions`}
              aria-autocomplete="list"
              {...(suggestions[active]
                ? { 'aria-activedescendant': `${uid}-s-${suggestions[active].code}` }
                : {})}
              aria-describedby={`${uid}-search-note`}
              aria-invalid={hint?.tone === 'error' ? true : undefined}
              value={query}
              placeholder={t('forms.entry.search.placeholder')}
              autoComplete="off"
              spellCheck={false}
              autoFocus
              onChange={(e) => {
                setQuery(e.target.value);
                setActive(0);
                setSelected(null);
                setFailure(null);
              }}
              onKeyDown={onSearchKey}
              data-testid="order-search"
            />
            {selected && (
              <button type="button" className="btn btn--ghost btn--small" onClick={clear}>
                {t('forms.entry.other')}
              </button>
            )}
          </div>
          <p
            id={`${uid}-search-note`}
            className={`field-note field-note--${hint?.tone === 'error' ? 'error' : 'hint'}`}
            aria-live={hint?.tone === 'error' ? 'assertive' : 'polite'}
            data-testid="order-search-note"
          >
            {hint
              ? t(hint.key)
              : exact
                ? t('forms.entry.codeFound', { names: exact.names })
                : t('forms.entry.search.hint')}
          </p>
          {suggestions.length > 0 && (
            <ul
              id={`${uid}-suggestions`}
              className="suggestions"
              role="listbox"
              aria-label={t('forms.entry.suggestions')}
            >
              {suggestions.map((s, i) => (
                <li
                  key={s.code}
                  id={`${uid}-s-${s.code}`}
                  role="option"
                  aria-selected={i === active}
                  className={
                    i === active ? 'suggestions__item suggestions__item--active' : 'suggestions__item'
                  }
                  onMouseDown={(e) => {
                    e.preventDefault();
                    choose(s);
                  }}
                >
                  <span className="suggestions__name">{s.names}</span>
                  <span className="muted small">{s.classLabel}</span>
                  <span className="mono small muted">{s.printed}</span>
                </li>
              ))}
            </ul>
          )}
        </div>

        {selected && (
          <form
            ref={formRef}
            className="order-form"
            onSubmit={(e) => void save(e)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                e.preventDefault();
                if (askDrop) keepEditing();
                else escape();
                return;
              }
              // Entrée saves from every box, the payment list too (a list opens with Alt+↓);
              // on a button it presses that button.
              if (
                e.key === 'Enter' &&
                !e.altKey &&
                !e.ctrlKey &&
                !e.metaKey &&
                e.target instanceof HTMLSelectElement
              ) {
                e.preventDefault();
                formRef.current?.requestSubmit();
              }
            }}
            noValidate
            data-testid="order-form"
          >
            <div className="order-form__who">
              <strong data-testid="order-who">{selected.names}</strong>
              <span className="muted">{selected.classLabel}</span>
              <span className="mono small">{selected.printed}</span>
              {existing && (
                <span className="tag tag--warning">
                  {t('forms.entry.replaces', { date: tr.dateTime(existing.recordedAt) })}
                </span>
              )}
            </div>
            <table className="table order-lines">
              <thead>
                <tr>
                  <th scope="col">{t('forms.prices.ref')}</th>
                  <th scope="col">{t('forms.col.product')}</th>
                  <th scope="col" className="num">
                    {t('forms.col.unit')}
                  </th>
                  <th scope="col" className="num">
                    {t('forms.col.quantity')}
                  </th>
                  <th scope="col" className="num">
                    {t('forms.col.pose')}
                  </th>
                  <th scope="col" className="num">
                    {t('forms.col.total')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {parsed.map((l, i) => {
                  const qtyError =
                    submitted || l.draft.quantity ? (l.quantity.ok ? null : l.quantity.error) : null;
                  const poseError = l.pose.ok ? null : l.pose.error;
                  const qtyId = `${uid}-q-${l.product.ref}`;
                  const poseId = `${uid}-p-${l.product.ref}`;
                  return (
                    <tr
                      key={l.product.ref}
                      className={l.quantity.ok && l.quantity.value > 0 ? 'row--filled' : undefined}
                    >
                      <td className="mono">{l.product.ref}</td>
                      <td>
                        <label htmlFor={qtyId}>{l.product.label}</label>
                      </td>
                      <td className="num">{money(l.product.priceCents)}</td>
                      <td className="num">
                        <input
                          id={qtyId}
                          className="input input--qty"
                          inputMode="numeric"
                          autoComplete="off"
                          value={l.draft.quantity}
                          onChange={(e) => setLine(l.product.ref, 'quantity', e.target.value)}
                          onFocus={(e) => e.target.select()}
                          aria-invalid={qtyError ? true : undefined}
                          aria-label={t('forms.entry.quantityOf', { label: l.product.label })}
                          {...(i === 0 ? { 'data-first': 'true' } : {})}
                          data-testid={`qty-${l.product.ref}`}
                        />
                        {qtyError && (
                          <p className="field-note field-note--error">{tr.fieldMessage(qtyError)}</p>
                        )}
                      </td>
                      <td className="num">
                        <input
                          id={poseId}
                          className="input input--qty"
                          inputMode="numeric"
                          autoComplete="off"
                          value={l.draft.pose}
                          onChange={(e) => setLine(l.product.ref, 'pose', e.target.value)}
                          onFocus={(e) => e.target.select()}
                          aria-invalid={poseError ? true : undefined}
                          aria-label={t('forms.entry.poseOf', { label: l.product.label })}
                          placeholder="—"
                        />
                        {poseError && (
                          <p className="field-note field-note--error">{tr.fieldMessage(poseError)}</p>
                        )}
                      </td>
                      <td className="num">
                        {l.quantity.ok && l.quantity.value > 0
                          ? money(l.quantity.value * l.product.priceCents)
                          : ''}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row" colSpan={3}>
                    {t('forms.entry.total')}
                  </th>
                  <td className="num">{tr.number(items)}</td>
                  <td />
                  <td className="num">
                    <strong data-testid="order-total">{money(total)}</strong>
                  </td>
                </tr>
              </tfoot>
            </table>
            <div className="field-grid order-form__payment">
              <div className="field">
                <label className="field__label" htmlFor={`${uid}-payment`}>
                  {t('forms.entry.payment')}
                </label>
                <select
                  id={`${uid}-payment`}
                  className="input select"
                  value={payment}
                  onChange={(e) => setPayment(e.target.value as PaymentMethod)}
                  data-testid="order-payment"
                >
                  {PAYMENT_METHODS.map((m) => (
                    <option key={m} value={m}>
                      {t(`forms.payment.${m}`)}
                    </option>
                  ))}
                </select>
              </div>
              {payment === 'cheque' && (
                <div className="field">
                  <label className="field__label" htmlFor={`${uid}-cheque`}>
                    {t('forms.entry.cheque')}
                  </label>
                  <input
                    id={`${uid}-cheque`}
                    className="input input--mono"
                    value={cheque}
                    maxLength={30}
                    autoComplete="off"
                    inputMode="numeric"
                    onChange={(e) => setCheque(e.target.value)}
                    data-testid="order-cheque"
                  />
                </div>
              )}
              <div className="field">
                <label className="field__label" htmlFor={`${uid}-note`}>
                  {t('forms.entry.note')}
                </label>
                <input
                  id={`${uid}-note`}
                  className="input"
                  value={note}
                  maxLength={500}
                  autoComplete="off"
                  onChange={(e) => setNote(e.target.value)}
                />
              </div>
            </div>
            {askDrop && (
              <div
                className="confirm order-form__drop"
                role="alertdialog"
                aria-labelledby={`${uid}-drop`}
                data-testid="order-drop-confirm"
              >
                <span id={`${uid}-drop`}>{t('forms.entry.dropConfirm', { names: selected.names })}</span>
                <button
                  ref={keepRef}
                  type="button"
                  className="btn btn--primary btn--small"
                  onClick={keepEditing}
                >
                  {t('forms.entry.dropKeep')}
                </button>
                <button type="button" className="btn btn--danger btn--small" onClick={clear}>
                  {t('forms.entry.dropYes')}
                </button>
              </div>
            )}
            <div className="form__actions form__actions--start">
              <button type="submit" className="btn btn--primary" disabled={saving} data-testid="order-save">
                {saving ? t('forms.entry.saving') : t('forms.entry.save')}
              </button>
              <button type="button" className="btn btn--ghost" onClick={clear}>
                {t('forms.codes.cancel')}
              </button>
              <span className="muted small">{t('forms.entry.enterSaves')}</span>
            </div>
          </form>
        )}
      </section>

      <OrdersList
        orders={context.data.orders}
        totals={context.data.totals}
        share={context.data.settings.share}
        onEdit={(code) => {
          const entry = entries.find((e) => e.code === code);
          if (entry) choose(entry);
        }}
      />
    </div>
  );
}
