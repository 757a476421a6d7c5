/**
 * Possible siblings (same family name in this school) for the user to confirm one pair at a time.
 * Nothing is ever linked automatically: two pupils named Martin are often not brother and sister.
 */
import { useState } from 'react';
import type { Student } from '../../../shared/domain/roster';
import type { Result } from '../../../shared/rpc/contract';
import { Alert } from '../../components/Alert';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { pairKey, siblingPairs } from './sibling-pairs';

type Suggestion = Result<'siblings.suggest'>[number];

export function SiblingSuggestions({ jobId, students }: { jobId: string; students: Student[] }) {
  const tr = useT();
  const { t } = tr;
  const [dismissed, setDismissed] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState<UiError | null>(null);

  // Asked again whenever the roster changes (a link made here, an import, another window).
  const suggestions: Suggestion[] =
    useLiveQuery(
      'siblings.suggest',
      { jobId },
      { entities: ['classes', 'students', 'consent'], onError: setFailure },
    ).data ?? [];

  const siblingsOf = new Map(students.map((s) => [s.id, new Set(s.siblings)]));
  const open = siblingPairs(suggestions, siblingsOf, dismissed);
  if (open.length === 0 && !failure) return null;

  const link = async (ids: string[]) => {
    try {
      await rpc.call('siblings.link', { jobId, studentIds: ids });
    } catch (e) {
      setFailure(toUiError(e));
    }
  };

  return (
    <section className="card" aria-labelledby="siblings-title" data-testid="sibling-suggestions">
      <h2 id="siblings-title" className="card__title">
        {t('roster.siblings.title')}
      </h2>
      <p className="muted small">{t('roster.siblings.hint')}</p>
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}
      <ul className="plain-list sibling-list">
        {open.map((p) => {
          const who = (s: { name: string; classLabel: string | null }) =>
            s.classLabel ? `${s.name} (${s.classLabel})` : s.name;
          return (
            <li key={p.key} className="sibling-group" data-testid="sibling-pair">
              <span>
                {who(p.a)} · {who(p.b)}
              </span>
              <span className="sibling-group__actions">
                <button
                  type="button"
                  className="btn btn--secondary btn--small"
                  onClick={() => void link([p.a.id, p.b.id])}
                >
                  {t('roster.siblings.link')}
                </button>
                <button
                  type="button"
                  className="btn btn--ghost btn--small"
                  onClick={() => setDismissed((d) => new Set(d).add(pairKey(p.a.id, p.b.id)))}
                >
                  {t('roster.siblings.dismiss')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
