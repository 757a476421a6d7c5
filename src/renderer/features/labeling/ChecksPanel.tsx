/** What still needs a person, always in view while labeling: nothing mislabeled goes unnoticed. */
import type { Checks } from '../../../shared/domain/labeling';
import type { SchoolClass, Student } from '../../../shared/domain/roster';
import { useT } from '../../i18n/use-t';
import { studentName } from './BurstGrid';

export function ChecksPanel({
  checks,
  studentsById,
  classes,
}: {
  checks: Checks | null;
  studentsById: ReadonlyMap<string, Student>;
  classes: SchoolClass[];
}) {
  const { t } = useT();
  const name = (id: string) => {
    const s = studentsById.get(id);
    return s ? studentName(s) : id;
  };
  const items: string[] = [];
  if (checks) {
    if (checks.unlabeledPhotos.length > 0)
      items.push(t('labeling.checks.unlabeled', { count: checks.unlabeledPhotos.length }));
    if (checks.studentsWithoutPhoto.length > 0)
      items.push(t('labeling.checks.absent', { names: checks.studentsWithoutPhoto.map(name).join(', ') }));
    if (checks.consentConflicts.length > 0)
      items.push(
        t('labeling.checks.consent', {
          names: [...new Set(checks.consentConflicts.map((c) => name(c.studentId)))].join(', '),
        }),
      );
    if (checks.doNotPhotograph.length > 0)
      items.push(
        t('labeling.checks.doNotPhotograph', {
          names: checks.doNotPhotograph.map((d) => name(d.studentId)).join(', '),
        }),
      );
    if (checks.classesWithoutClassPhoto.length > 0)
      items.push(
        t('labeling.checks.noClassPhoto', {
          classes: checks.classesWithoutClassPhoto
            .map((id) => classes.find((c) => c.id === id)?.label ?? id)
            .join(', '),
        }),
      );
  }
  return (
    <section className="card checks-panel" aria-labelledby="checks-title" data-testid="checks-panel">
      <h2 id="checks-title" className="card__title">
        {t('labeling.checks')}
      </h2>
      {checks && items.length === 0 ? (
        <p className="checks-panel__ok">{t('labeling.checks.ok')}</p>
      ) : (
        <ul className="checks-panel__list">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
