/**
 * « Tarifs et réglages »: the job's price list (copied from the studio's default on first use), the
 * return deadline (jj/mm/aaaa), the proof watermark and the association's share set by the contract.
 * One form, one « Enregistrer »; the list can also become the studio's default for the next shoots.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import type { AssociationShare } from '../../../shared/domain/price-list';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import {
  frenchDateInput,
  isPastDeadline,
  localToday,
  parseFrenchDate,
  parsePercent,
  parsePrice,
  percentInput,
  priceInput,
} from './form-values';
import { draftOf, rowErrorsOf, validateDraft, type ProductDraft, type RowErrors } from './price-list-draft';
import { PriceListTable } from './PriceListTable';
import { useLiveQuery } from '../../hooks/use-data-changed';

type ShareKind = AssociationShare['kind'];

interface Draft {
  rows: ProductDraft[];
  deadline: string;
  watermark: string;
  shareKind: ShareKind;
  shareValue: string;
}

function draftFromSettings(s: {
  products: Parameters<typeof draftOf>[0];
  returnDeadline: string | null;
  watermark: string;
  share: AssociationShare;
}): Draft {
  return {
    rows: draftOf(s.products),
    deadline: frenchDateInput(s.returnDeadline),
    watermark: s.watermark,
    shareKind: s.share.kind,
    shareValue: shareValueOf(s.share),
  };
}

function shareValueOf(share: AssociationShare): string {
  if (share.kind === 'percent') return percentInput(share.basisPoints);
  if (share.kind === 'per_item') return priceInput(share.cents);
  return '';
}

export function FormsSettingsPanel({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const settings = useLiveQuery('forms.settings', { jobId }, { entities: ['forms'], tasks: ['forms.build'] });
  // The user's edits, over what the core holds; null while nothing is being edited.
  const [local, setLocal] = useState<Draft | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const [serverRows, setServerRows] = useState<Record<string, RowErrors>>({});
  const [failure, setFailure] = useState<UiError | null>(null);
  const [notice, setNotice] = useState<'saved' | 'defaultSaved' | null>(null);
  const [working, setWorking] = useState(false);
  // A past deadline is saved only once the user confirmed that very date.
  const [pastConfirm, setPastConfirm] = useState<'asked' | 'confirmed' | null>(null);
  const stored = useMemo(() => (settings.data ? draftFromSettings(settings.data) : null), [settings.data]);
  const draft = local ?? stored;
  const dirty = local !== null;

  if (!draft)
    return settings.error ? (
      <Alert tone="error">{tr.error(settings.error)}</Alert>
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );

  const edit = (patch: Partial<Draft>) => {
    setLocal({ ...draft, ...patch });
    if (patch.deadline !== undefined) setPastConfirm(null);
    setNotice(null);
    setFailure(null);
  };

  const deadline = parseFrenchDate(draft.deadline);
  const deadlinePast =
    deadline.ok && isPastDeadline(deadline.value, localToday()) && draft.deadline !== stored?.deadline;
  const share =
    draft.shareKind === 'percent'
      ? parsePercent(draft.shareValue)
      : draft.shareKind === 'per_item'
        ? parsePrice(draft.shareValue)
        : ({ ok: true, value: 0 } as const);
  const list = validateDraft(draft.rows);

  const shareOf = (): AssociationShare | null => {
    if (!share.ok) return null;
    if (draft.shareKind === 'percent') return { kind: 'percent', basisPoints: share.value };
    if (draft.shareKind === 'per_item') return { kind: 'per_item', cents: share.value };
    return { kind: 'none' };
  };

  const focusFirstError = () =>
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`#${CSS.escape(uid)}-form [aria-invalid="true"]`)?.focus(),
    );

  const save = async (event?: FormEvent, confirmedPast = pastConfirm === 'confirmed') => {
    event?.preventDefault();
    setSubmitted(true);
    setNotice(null);
    setFailure(null);
    setServerRows({});
    const shareValue = shareOf();
    if (!list.products || !deadline.ok || !shareValue) {
      focusFirstError();
      return;
    }
    if (deadlinePast && !confirmedPast) {
      setPastConfirm('asked');
      return;
    }
    setWorking(true);
    try {
      const next = await rpc.call('forms.updateSettings', {
        jobId,
        products: list.products,
        returnDeadline: deadline.value,
        watermark: draft.watermark,
        share: shareValue,
      });
      settings.replace(next);
      setLocal(null);
      setSubmitted(false);
      setPastConfirm(null);
      setNotice('saved');
    } catch (error) {
      const e = toUiError(error);
      const rows = rowErrorsOf(e.issues, draft.rows);
      setServerRows(rows);
      if (Object.keys(rows).length === 0) setFailure(e);
      else focusFirstError();
    } finally {
      setWorking(false);
    }
  };

  const saveAsDefault = async () => {
    setSubmitted(true);
    setNotice(null);
    setFailure(null);
    if (!list.products) {
      focusFirstError();
      return;
    }
    setWorking(true);
    try {
      await rpc.call('priceList.setDefault', { products: list.products });
      setNotice('defaultSaved');
    } catch (error) {
      const e = toUiError(error);
      setServerRows(rowErrorsOf(e.issues, draft.rows));
      setFailure(e);
    } finally {
      setWorking(false);
    }
  };

  const takeDefault = async () => {
    setFailure(null);
    try {
      const products = await rpc.call('priceList.getDefault', {});
      edit({ rows: draftOf(products) });
    } catch (error) {
      setFailure(toUiError(error));
    }
  };

  const deadlineError = !deadline.ok && (submitted || draft.deadline.length >= 10) ? deadline.error : null;
  const shareError = !share.ok && submitted ? share.error : null;

  return (
    <form id={`${uid}-form`} className="card form forms-settings" onSubmit={(e) => void save(e)} noValidate>
      <div className="card__head">
        <h2 className="card__title">{t('forms.prices.title')}</h2>
        <span className="muted small">{t('forms.prices.hint')}</span>
      </div>
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}
      {notice && (
        <Alert tone="success" onDismiss={() => setNotice(null)}>
          <span data-testid="forms-settings-saved">
            {notice === 'saved' ? t('forms.settings.saved') : t('forms.prices.defaultSaved')}
          </span>
        </Alert>
      )}
      <PriceListTable
        idPrefix={uid}
        rows={draft.rows}
        onChange={(rows) => edit({ rows })}
        serverErrors={serverRows}
        showAll={submitted}
        disabled={working}
      />

      <fieldset className="fieldset" disabled={working}>
        <legend className="section-title">{t('forms.settings.title')}</legend>
        <div className="forms-settings__grid">
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-deadline`}>
              {t('forms.settings.deadline')}
            </label>
            <input
              id={`${uid}-deadline`}
              className="input input--date"
              value={draft.deadline}
              placeholder={t('forms.settings.deadline.placeholder')}
              inputMode="numeric"
              autoComplete="off"
              onChange={(e) => edit({ deadline: e.target.value })}
              aria-invalid={deadlineError ? true : undefined}
              aria-describedby={`${uid}-deadline-note`}
            />
            {deadlineError ? (
              <FieldNote id={`${uid}-deadline-note`} tone="error">
                {tr.fieldMessage(deadlineError)}
              </FieldNote>
            ) : deadlinePast && deadline.ok && deadline.value ? (
              <FieldNote id={`${uid}-deadline-note`} tone="error">
                {t('forms.settings.deadline.past', { date: tr.date(deadline.value) })}
              </FieldNote>
            ) : (
              <FieldNote id={`${uid}-deadline-note`} tone="hint">
                {deadline.ok && deadline.value
                  ? t('forms.settings.deadline.set', { date: tr.date(deadline.value) })
                  : t('forms.settings.deadline.hint')}
              </FieldNote>
            )}
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-watermark`}>
              {t('forms.settings.watermark')}
            </label>
            <input
              id={`${uid}-watermark`}
              className="input"
              value={draft.watermark}
              maxLength={30}
              autoComplete="off"
              onChange={(e) => edit({ watermark: e.target.value })}
              aria-describedby={`${uid}-watermark-note`}
            />
            <FieldNote id={`${uid}-watermark-note`} tone="hint">
              {t('forms.settings.watermark.hint')}
            </FieldNote>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-share-kind`}>
              {t('forms.settings.share')}
            </label>
            <select
              id={`${uid}-share-kind`}
              className="input select"
              value={draft.shareKind}
              onChange={(e) => edit({ shareKind: e.target.value as ShareKind, shareValue: '' })}
            >
              <option value="none">{t('forms.share.none')}</option>
              <option value="percent">{t('forms.share.percent')}</option>
              <option value="per_item">{t('forms.share.perItem')}</option>
            </select>
          </div>
          {draft.shareKind !== 'none' && (
            <div className="field">
              <label className="field__label" htmlFor={`${uid}-share-value`}>
                {draft.shareKind === 'percent'
                  ? t('forms.share.percentValue')
                  : t('forms.share.perItemValue')}
              </label>
              <input
                id={`${uid}-share-value`}
                className="input input--money"
                value={draft.shareValue}
                inputMode="decimal"
                autoComplete="off"
                placeholder={draft.shareKind === 'percent' ? '10' : '1,00'}
                onChange={(e) => edit({ shareValue: e.target.value })}
                aria-invalid={shareError ? true : undefined}
                {...(shareError ? { 'aria-describedby': `${uid}-share-note` } : {})}
              />
              {shareError && (
                <FieldNote id={`${uid}-share-note`} tone="error">
                  {tr.fieldMessage(shareError)}
                </FieldNote>
              )}
            </div>
          )}
        </div>
      </fieldset>

      {pastConfirm === 'asked' && deadline.ok && deadline.value && (
        <div className="alert alert--error" role="alertdialog" aria-labelledby={`${uid}-past`}>
          <div className="alert__body">
            <p id={`${uid}-past`} data-testid="deadline-past-confirm">
              {t('forms.settings.deadline.pastConfirm', { date: tr.date(deadline.value) })}
            </p>
            <div className="form__actions form__actions--start">
              <button
                type="button"
                className="btn btn--secondary"
                autoFocus
                onClick={() => {
                  setPastConfirm(null);
                  document.getElementById(`${uid}-deadline`)?.focus();
                }}
              >
                {t('forms.settings.deadline.fix')}
              </button>
              <button
                type="button"
                className="btn btn--primary"
                onClick={() => {
                  setPastConfirm('confirmed');
                  void save(undefined, true);
                }}
              >
                {t('forms.settings.deadline.keep')}
              </button>
            </div>
          </div>
        </div>
      )}
      <div className="form__actions form__actions--start">
        <button type="submit" className="btn btn--primary" disabled={working}>
          {working ? t('forms.settings.saving') : t('forms.settings.save')}
        </button>
        {dirty && <span className="muted small">{t('forms.settings.unsaved')}</span>}
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => void takeDefault()}
          disabled={working}
        >
          {t('forms.prices.takeDefault')}
        </button>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          onClick={() => void saveAsDefault()}
          disabled={working}
        >
          {t('forms.prices.makeDefault')}
        </button>
      </div>
    </form>
  );
}
