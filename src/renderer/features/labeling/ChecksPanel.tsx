/**
 * What still needs a person, always in view while labeling: nothing mislabeled goes unnoticed. A
 * check about photos opens the first of them in its session, ready to fix.
 */
import type { Checks } from '../../../shared/domain/labeling';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { useT } from '../../i18n/use-t';
import { absentRows } from './absent-rows';
import { studentName } from './BurstGrid';

export function ChecksPanel({
  checks,
  studentsById,
  classes,
  absent = [],
  onOpen,
  onConfirmAbsent,
}: {
  onOpen: (photoId: string) => void;
  /** Students already confirmed absent (not asked about again). */
  absent?: readonly string[];
  /** Confirms every listed student of one class absent at once. */
  onConfirmAbsent?: (studentIds: string[]) => void;
  checks: Checks | null;
  studentsById: ReadonlyMap<string, Student>;
  classes: SchoolClass[];
}) {
  const { t } = useT();
  const name = (id: string) => {
    const s = studentsById.get(id);
    return s ? studentName(s) : id;
  };
  const items: { text: string; photoId?: string | undefined; absentIds?: string[] }[] = [];
  const absence = checks ? absentRows(checks.studentsWithoutPhoto, absent, studentsById, classes) : null;
  if (checks) {
    if (checks.unlabeledPhotos.length > 0)
      items.push({
        text: t('labeling.checks.unlabeled', { count: checks.unlabeledPhotos.length }),
        photoId: checks.unlabeledPhotos[0],
      });
    for (const row of absence?.rows ?? [])
      items.push({
        text: t('labeling.checks.absentClass', {
          class: row.classLabel,
          count: row.pending.length,
          names: row.pending.map(name).join(', '),
        }),
        absentIds: row.pending,
      });
    if (checks.consentConflicts.length > 0)
      items.push({
        text: t('labeling.checks.consent', {
          names: [...new Set(checks.consentConflicts.map((c) => name(c.studentId)))].join(', '),
        }),
        photoId: checks.consentConflicts[0]?.photoId,
      });
    if (checks.doNotPhotograph.length > 0)
      items.push({
        text: t('labeling.checks.doNotPhotograph', {
          names: checks.doNotPhotograph.map((d) => name(d.studentId)).join(', '),
        }),
        photoId: checks.doNotPhotograph[0]?.photoIds[0],
      });
    if (checks.classesWithoutClassPhoto.length > 0)
      items.push({
        text: t('labeling.checks.noClassPhoto', {
          classes: checks.classesWithoutClassPhoto
            .map((id) => classes.find((c) => c.id === id)?.label ?? id)
            .join(', '),
        }),
      });
  }
  return (
    <section className="card checks-panel" aria-labelledby="checks-title" data-testid="checks-panel">
      <h2 id="checks-title" className="card__title">
        {t('labeling.checks')}
      </h2>
      {absence && absence.confirmed > 0 && (
        <p className="muted small" data-testid="checks-absent-confirmed">
          {t('labeling.checks.absentConfirmed', { count: absence.confirmed })}
        </p>
      )}
      {checks && items.length === 0 ? (
        <p className="checks-panel__ok">{t('labeling.checks.ok')}</p>
      ) : (
        <ul className="checks-panel__list">
          {items.map((item) => (
            <li key={item.text}>
              {item.absentIds ? (
                <span className="checks-panel__absent">
                  <span>{item.text}</span>
                  {onConfirmAbsent && (
                    <button
                      type="button"
                      className="btn btn--ghost btn--small"
                      onClick={() => item.absentIds && onConfirmAbsent(item.absentIds)}
                    >
                      {t('labeling.checks.confirmAbsent', { count: item.absentIds.length })}
                    </button>
                  )}
                </span>
              ) : item.photoId ? (
                <button
                  type="button"
                  className="checks-panel__open"
                  title={t('labeling.checks.open')}
                  onClick={() => item.photoId && onOpen(item.photoId)}
                >
                  {item.text}
                </button>
              ) : (
                item.text
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
