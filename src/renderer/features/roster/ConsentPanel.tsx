/**
 * A student's image-rights consent: per use, the status in force and why, each holder's decision in
 * force (with the document's date, source, note), a withdrawal dated by its letter or e-mail (with
 * how it came and a note), a form to record a decision from a paper form or an e-mail, and the whole
 * history — document dates and when each was typed in. ONDE's photo column is shown as the school's
 * unconfirmed hint, never as a consent.
 */
import { useId, useState, type FormEvent } from 'react';
import {
  CONSENT_SOURCES,
  CONSENT_USES,
  type ConsentHolder,
  type ConsentSource,
  type ConsentStatus,
  type ConsentUse,
  type StudentConsent,
} from '../../../shared/domain/consent';
import { Alert } from '../../components/Alert';
import { FieldNote } from '../../components/FieldMessage';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT, type Translator } from '../../i18n/use-t';
import { parseFrenchDate } from '../../lib/new-job-form';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { localIsoDate } from './consent-grid';
import { consentReason, latestRecords, recordableHolders } from './consent-view';

export function StatusBadge({ status, use }: { status: ConsentStatus; use?: ConsentUse }) {
  const { t } = useT();
  return (
    <span className={`consent-badge consent-badge--${status}`} data-status={status} data-use={use}>
      {t(`consent.status.${status}`)}
    </span>
  );
}

function holderLabel(tr: Translator, holder: ConsentHolder): string {
  return tr.t(`consent.holder.${holder}`);
}

function reasonText(tr: Translator, consent: StudentConsent, use: ConsentUse): string {
  const reason = consentReason(consent, use);
  const names = (holders: ConsentHolder[]) => holders.map((h) => holderLabel(tr, h)).join(', ');
  switch (reason.kind) {
    case 'allowed':
      return tr.t('consent.reason.allowed', { holders: names(reason.holders) });
    case 'pending':
      return tr.t('consent.reason.pending', { holders: names(reason.waitingFor) });
    case 'refused':
      return tr.t('consent.reason.refused', { holders: names(reason.by) });
    case 'withdrawn':
      return tr.t('consent.reason.withdrawn', {
        holders: names(reason.by),
        date: reason.on ? tr.date(reason.on) : '—',
      });
  }
}

type Target = ConsentUse | 'all';

export function ConsentPanel({ jobId, studentId }: { jobId: string; studentId: string }) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const [failure, setFailure] = useState<UiError | null>(null);
  const live = useLiveQuery(
    'consent.get',
    { jobId, studentId },
    { entities: ['consent', 'students'], id: studentId, onError: setFailure },
  );
  const consent = live.data;
  const setConsent = live.replace;
  const [confirming, setConfirming] = useState<{ use: ConsentUse; holder: ConsentHolder } | null>(null);
  const [working, setWorking] = useState(false);
  const [form, setForm] = useState<{
    target: Target;
    holder: ConsentHolder;
    decision: 'granted' | 'refused';
    date: string;
    source: ConsentSource;
    note: string;
  }>({
    target: 'all',
    holder: 'parent1',
    decision: 'granted',
    date: tr.date(new Date()),
    source: 'paper_form',
    note: '',
  });
  const [dateError, setDateError] = useState<string | null>(null);

  if (!consent)
    return failure ? (
      <Alert tone="error">{tr.error(failure)}</Alert>
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );

  const holders = recordableHolders(consent);
  const holder = holders.includes(form.holder) ? form.holder : (holders[0] ?? 'parent1');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const parsed = documentDate(tr, form.date);
    if ('error' in parsed) {
      setDateError(parsed.error);
      return;
    }
    setDateError(null);
    setWorking(true);
    try {
      const uses = form.target === 'all' ? CONSENT_USES : [form.target];
      let latest = consent;
      for (const use of uses)
        latest = await rpc.call('consent.record', {
          jobId,
          studentId,
          use,
          holder,
          decision: form.decision,
          decidedOn: parsed.iso,
          source: form.source,
          note: form.note,
        });
      setConsent(latest);
      setForm((f) => ({ ...f, note: '' }));
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setWorking(false);
    }
  };

  const withdraw = async (
    use: ConsentUse,
    who: ConsentHolder,
    letter: { decidedOn: string; source: ConsentSource; note: string },
  ) => {
    setWorking(true);
    setFailure(null);
    try {
      setConsent(await rpc.call('consent.withdraw', { jobId, studentId, use, holder: who, ...letter }));
      setConfirming(null);
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setWorking(false);
    }
  };

  return (
    <section className="consent" aria-labelledby={`${uid}-title`} data-testid="consent-panel">
      <h3 id={`${uid}-title`} className="section-title">
        {t('consent.title')}
      </h3>
      <p className="muted small">
        {consent.adult
          ? t('consent.adult')
          : t(consent.authorityHolders === 2 ? 'consent.required.two' : 'consent.required.one')}
      </p>
      {consent.photoHint && (
        <p className="hint-chip" data-testid="photo-hint">
          {t('consent.photoHint', {
            value: t(consent.photoHint === 'yes' ? 'consent.photoHint.yes' : 'consent.photoHint.no'),
          })}
        </p>
      )}
      {consent.removalPending && <Alert tone="info">{t('consent.removalPending')}</Alert>}
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}

      <ul className="consent-uses">
        {CONSENT_USES.map((use) => {
          const status = consent.statuses[use] ?? 'pending';
          const latest = latestRecords(consent.records, use);
          return (
            <li key={use} className="consent-use" data-testid={`consent-use-${use}`}>
              <div className="consent-use__head">
                <span className="consent-use__name">{t(`consent.use.${use}`)}</span>
                <StatusBadge status={status} use={use} />
              </div>
              <p className="consent-use__why">{reasonText(tr, consent, use)}</p>
              <ul className="consent-holders">
                {holders.map((h) => {
                  const r = latest[h];
                  const isConfirming = confirming?.use === use && confirming.holder === h;
                  return (
                    <li key={h} className="consent-holder">
                      <span className="consent-holder__who">{holderLabel(tr, h)}</span>
                      <span className="consent-holder__what">
                        {r
                          ? t('consent.record.line', {
                              decision: t(`consent.decision.${r.decision}`),
                              date: tr.date(r.decidedOn),
                              source: t(`consent.source.${r.source}`),
                            })
                          : t('consent.record.none')}
                        {r?.note ? <span className="muted"> — {r.note}</span> : null}
                      </span>
                      {r?.decision === 'granted' && !isConfirming && (
                        <button
                          type="button"
                          className="btn btn--secondary btn--small"
                          onClick={() => setConfirming({ use, holder: h })}
                          aria-label={t('consent.withdraw.label', {
                            use: t(`consent.use.${use}`),
                            holder: holderLabel(tr, h),
                          })}
                        >
                          {t('consent.withdraw')}
                        </button>
                      )}
                      {isConfirming && (
                        <WithdrawForm
                          use={use}
                          holder={h}
                          working={working}
                          onConfirm={(letter) => void withdraw(use, h, letter)}
                          onCancel={() => setConfirming(null)}
                        />
                      )}
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ul>

      <form
        className="consent-form"
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-labelledby={`${uid}-form`}
      >
        <h4 id={`${uid}-form`} className="consent-form__title">
          {t('consent.form.title')}
        </h4>
        <div className="field-grid field-grid--3">
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-target`}>
              {t('consent.form.use')}
            </label>
            <select
              id={`${uid}-target`}
              className="input select"
              value={form.target}
              onChange={(e) => setForm((f) => ({ ...f, target: e.target.value as Target }))}
            >
              <option value="all">{t('consent.form.allUses')}</option>
              {CONSENT_USES.map((use) => (
                <option key={use} value={use}>
                  {t(`consent.use.${use}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-holder`}>
              {t('consent.form.holder')}
            </label>
            <select
              id={`${uid}-holder`}
              className="input select"
              value={holder}
              onChange={(e) => setForm((f) => ({ ...f, holder: e.target.value as ConsentHolder }))}
            >
              {holders.map((h) => (
                <option key={h} value={h}>
                  {holderLabel(tr, h)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-decision`}>
              {t('consent.form.decision')}
            </label>
            <select
              id={`${uid}-decision`}
              className="input select"
              value={form.decision}
              onChange={(e) => setForm((f) => ({ ...f, decision: e.target.value as 'granted' | 'refused' }))}
            >
              <option value="granted">{t('consent.decision.granted')}</option>
              <option value="refused">{t('consent.decision.refused')}</option>
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-date`}>
              {t('consent.form.date')}
            </label>
            <input
              id={`${uid}-date`}
              className="input input--date"
              inputMode="numeric"
              value={form.date}
              onChange={(e) => setForm((f) => ({ ...f, date: e.target.value }))}
              aria-invalid={!!dateError}
              aria-describedby={dateError ? `${uid}-date-error` : undefined}
            />
            {dateError && (
              <FieldNote id={`${uid}-date-error`} tone="error">
                {dateError}
              </FieldNote>
            )}
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-source`}>
              {t('consent.form.source')}
            </label>
            <select
              id={`${uid}-source`}
              className="input select"
              value={form.source}
              onChange={(e) => setForm((f) => ({ ...f, source: e.target.value as ConsentSource }))}
            >
              {HAND_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`consent.source.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${uid}-note`}>
              {t('consent.form.note')} <span className="field__optional">({t('home.create.optional')})</span>
            </label>
            <input
              id={`${uid}-note`}
              className="input"
              value={form.note}
              maxLength={500}
              onChange={(e) => setForm((f) => ({ ...f, note: e.target.value }))}
            />
          </div>
        </div>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={working} aria-busy={working}>
            {t('consent.form.submit')}
          </button>
        </div>
      </form>

      <ConsentHistory consent={consent} />
    </section>
  );
}

/** Sources a person picks for one decision (an imported sheet is only ever the import's). */
const HAND_SOURCES = CONSENT_SOURCES.filter((s) => s !== 'imported_sheet');

/** `dd/mm/yyyy` typed → ISO, or the message to show: a document is never dated after today. */
function documentDate(tr: Translator, text: string): { iso: string } | { error: string } {
  const parsed = parseFrenchDate(text);
  if ('error' in parsed) return { error: tr.fieldMessage(parsed.error) };
  const today = localIsoDate(new Date());
  if (parsed.iso > today) return { error: tr.fieldMessage('consent.date.future', { today: tr.date(today) }) };
  return parsed;
}

/**
 * A withdrawal as it arrives: the date written on the letter or e-mail (today by default), how it
 * came, a note. Confirmed in one click; effective everywhere at once.
 */
function WithdrawForm({
  use,
  holder,
  working,
  onConfirm,
  onCancel,
}: {
  use: ConsentUse;
  holder: ConsentHolder;
  working: boolean;
  onConfirm: (letter: { decidedOn: string; source: ConsentSource; note: string }) => void;
  onCancel: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const [date, setDate] = useState(() => tr.date(new Date()));
  const [source, setSource] = useState<ConsentSource>('letter');
  const [note, setNote] = useState('');
  const [dateError, setDateError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = documentDate(tr, date);
    if ('error' in parsed) {
      setDateError(parsed.error);
      return;
    }
    setDateError(null);
    onConfirm({ decidedOn: parsed.iso, source, note });
  };
  return (
    <form
      className="withdraw-form"
      onSubmit={submit}
      noValidate
      aria-labelledby={`${uid}-title`}
      data-testid="withdraw-form"
    >
      <p id={`${uid}-title`} className="withdraw-form__title">
        {t('consent.withdraw.title', { use: t(`consent.use.${use}`), holder: holderLabel(tr, holder) })}
      </p>
      <div className="field-grid field-grid--3">
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-date`}>
            {t('consent.withdraw.date')}
          </label>
          <input
            id={`${uid}-date`}
            className="input input--date"
            inputMode="numeric"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={!!dateError}
            aria-describedby={dateError ? `${uid}-date-error` : undefined}
          />
          {dateError && (
            <FieldNote id={`${uid}-date-error`} tone="error">
              {dateError}
            </FieldNote>
          )}
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-source`}>
            {t('consent.withdraw.source')}
          </label>
          <select
            id={`${uid}-source`}
            className="input select"
            value={source}
            onChange={(e) => setSource(e.target.value as ConsentSource)}
          >
            {HAND_SOURCES.map((s) => (
              <option key={s} value={s}>
                {t(`consent.source.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${uid}-note`}>
            {t('consent.withdraw.note')}{' '}
            <span className="field__optional">({t('home.create.optional')})</span>
          </label>
          <input
            id={`${uid}-note`}
            className="input"
            value={note}
            maxLength={500}
            onChange={(e) => setNote(e.target.value)}
          />
        </div>
      </div>
      <div className="form__actions">
        <button type="submit" className="btn btn--danger btn--small" disabled={working} aria-busy={working}>
          {t('consent.withdraw.yes')}
        </button>
        <button type="button" className="btn btn--ghost btn--small" onClick={onCancel}>
          {t('consent.withdraw.no')}
        </button>
      </div>
    </form>
  );
}

/** Every decision ever recorded for the student, newest first: the document's date, and when it was typed in. */
function ConsentHistory({ consent }: { consent: StudentConsent }) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const records = [...consent.records].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  return (
    <section className="consent-history" aria-labelledby={`${uid}-title`} data-testid="consent-history">
      <h4 id={`${uid}-title`} className="consent-form__title">
        {t('consent.history.title')}
      </h4>
      {records.length === 0 ? (
        <p className="muted small">{t('consent.history.empty')}</p>
      ) : (
        <ol className="consent-history__list">
          {records.map((r) => (
            <li key={r.id} className="consent-history__item" data-decision={r.decision}>
              <span>
                {t('consent.history.line', {
                  decision: t(`consent.decision.${r.decision}`),
                  use: t(`consent.use.${r.use}`),
                  holder: holderLabel(tr, r.holder),
                  date: tr.date(r.decidedOn),
                  source: t(`consent.source.${r.source}`),
                })}
              </span>
              {r.note && <span className="consent-history__note">{r.note}</span>}
              <span className="muted small">
                {t('consent.history.recorded', { at: tr.dateTime(r.recordedAt) })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
