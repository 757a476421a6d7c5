/**
 * The question asked before a child whose consent forbids the photo is put on it (picked by search:
 * sequence mode never proposes them). It says why in words — which holder refused or withdrew what,
 * on which document, or whose form never came back — read from the consent records, and the safe
 * answer has the focus: Entrée or Échap leaves the photo without the child.
 */
import { useEffect, useRef, useState } from 'react';
import { holderDecisions, type ConsentUse, type HolderDecision } from '../../../shared/domain/consent';
import type { Student } from '../../../shared/domain/roster';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import type { UiError } from '../../lib/ui-error';
import { studentName } from './photo-badges';

export function ConsentConfirm({
  jobId,
  student,
  use,
  onConfirm,
  onCancel,
}: {
  jobId: string;
  student: Student;
  use: ConsentUse;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const [error, setError] = useState<UiError | null>(null);
  const consent = useLiveQuery('consent.get', { jobId, studentId: student.id }, { onError: setError }).data;
  const reasons: HolderDecision[] | null = consent
    ? holderDecisions(consent.records, use, consent.required)
    : null;
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => cancelRef.current?.focus(), []);

  const useWords = t(`labeling.confirm.use.${use}`);
  const line = (d: HolderDecision) => {
    const holder = t(`consent.holder.${d.holder}`);
    if (d.decision === null) return t('labeling.confirm.missing', { holder });
    if (d.decision === 'granted') return t('labeling.confirm.granted', { holder, use: useWords });
    return t(d.decision === 'refused' ? 'labeling.confirm.refused' : 'labeling.confirm.withdrawn', {
      holder,
      use: useWords,
      source: d.source ? t(`consent.source.${d.source}`) : '',
      date: d.decidedOn ? tr.date(d.decidedOn) : '',
    });
  };

  return (
    <div
      className="overlay"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="consent-confirm-title"
      aria-describedby="consent-confirm-why consent-confirm-question"
      data-testid="consent-confirm"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <div className="card consent-confirm">
        <h2 id="consent-confirm-title" className="card__title">
          {t(`labeling.confirm.title.${use}`, { name: studentName(student) })}
        </h2>
        <ul id="consent-confirm-why" className="consent-confirm__why" data-testid="consent-confirm-why">
          {error ? (
            <li>{tr.error(error)}</li>
          ) : reasons === null ? (
            <li className="muted">{t('labeling.confirm.loading')}</li>
          ) : (
            reasons.map((d) => <li key={d.holder}>{line(d)}</li>)
          )}
        </ul>
        <p id="consent-confirm-question">{t('labeling.confirm.question')}</p>
        <div className="form__actions form__actions--start">
          <button ref={cancelRef} type="button" className="btn btn--primary" onClick={onCancel}>
            {t('labeling.confirm.no')}
          </button>
          <button type="button" className="btn btn--danger" onClick={onConfirm}>
            {t('labeling.confirm.yes')}
          </button>
        </div>
      </div>
    </div>
  );
}
