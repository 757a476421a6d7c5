/**
 * The shoot-day list: per class, the students in roster order, « REFUSÉ — ne pas photographier »
 * (red) for a refused or withdrawn photo consent apart from « EN ATTENTE — récupérer le formulaire le
 * jour J » (amber) for a missing form, both counted in the class's header, and an « Absent » box to
 * tick on the day (on screen only).
 * « Imprimer (PDF A4) » writes the same list into the job's exports and opens it — with the
 * system's viewer in Electron, from the host's exports route in a browser. « Imprimer les cartes
 * de prise de vue » writes one cards PDF per class and names each, to open the same way.
 */
import { useState } from 'react';
import { shootDayCounts, shootDayMark } from '../../../shared/domain/consent';
import type { ShootList } from '../../../shared/domain/roster';
import { Alert } from '../../components/Alert';
import { useLiveQuery } from '../../hooks/use-data-changed';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { ExportLink } from '../forms/ExportLink';

const ALL = '';

export function ShootListView({ jobId }: { jobId: string }) {
  const tr = useT();
  const { t } = tr;
  const [classId, setClassId] = useState(ALL);
  const [absent, setAbsent] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState<UiError | null>(null);
  const [pdf, setPdf] = useState<{ name: string; href: string | null } | null>(null);
  const [printing, setPrinting] = useState(false);
  /** The cards PDFs just written (one per class), each opened with a link or a button. */
  const [cards, setCards] = useState<string[] | null>(null);

  const lists: ShootList[] | null = useLiveQuery(
    'shootList.get',
    { jobId },
    { entities: ['classes', 'students', 'consent'], onError: setFailure },
  ).data;

  const shown = (lists ?? []).filter((l) => classId === ALL || l.classId === classId);

  const print = async () => {
    setPrinting(true);
    setFailure(null);
    setPdf(null);
    try {
      const { path } = await rpc.call('shootList.pdf', {
        jobId,
        ...(classId ? { classIds: [classId] } : {}),
      });
      const name = path.split(/[/\\]/).pop() ?? path;
      const opened = await rpc.call('fs.openExport', { jobId, path });
      setPdf({
        name,
        href: opened.supported ? null : `/exports/${encodeURIComponent(jobId)}/${encodeURIComponent(name)}`,
      });
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setPrinting(false);
    }
  };

  const printCards = async () => {
    setPrinting(true);
    setFailure(null);
    setCards(null);
    try {
      const built = await rpc.call('cards.build', { jobId, ...(classId ? { classIds: [classId] } : {}) });
      if (built.files[0]) await rpc.call('fs.openExport', { jobId, path: built.files[0].path });
      setCards(built.files.map((f) => f.path));
    } catch (e) {
      setFailure(toUiError(e));
    } finally {
      setPrinting(false);
    }
  };

  if (!lists)
    return failure ? (
      <Alert tone="error">{tr.error(failure)}</Alert>
    ) : (
      <p className="muted">{t('app.loading')}</p>
    );

  return (
    <div className="shoot-list">
      <div className="toolbar">
        <label className="field__label" htmlFor="shoot-class">
          {t('shootList.ui.class')}
        </label>
        <select
          id="shoot-class"
          className="input select"
          value={classId}
          onChange={(e) => setClassId(e.target.value)}
        >
          <option value={ALL}>{t('shootList.ui.allClasses')}</option>
          {lists.map((l) => (
            <option key={l.classId} value={l.classId}>
              {l.classLabel}
            </option>
          ))}
        </select>
        <span className="toolbar__spacer" />
        <button
          type="button"
          className="btn btn--primary"
          onClick={() => void print()}
          disabled={printing || lists.length === 0}
        >
          {printing ? t('shootList.ui.printing') : t('shootList.ui.print')}
        </button>
        <button
          type="button"
          className="btn"
          data-testid="cards-print"
          onClick={() => void printCards()}
          disabled={printing || lists.length === 0}
        >
          {printing ? t('cards.ui.printing') : t('cards.ui.print')}
        </button>
      </div>
      {failure && (
        <Alert tone="error" onDismiss={() => setFailure(null)}>
          {tr.error(failure)}
        </Alert>
      )}
      {cards && (
        <Alert tone="success" onDismiss={() => setCards(null)}>
          <span data-testid="cards-pdf">
            {t('cards.ui.printed')}{' '}
            {cards.map((file, i) => (
              <span key={file}>
                {i > 0 && ', '}
                <ExportLink jobId={jobId} path={file} onError={setFailure} />
              </span>
            ))}
          </span>
        </Alert>
      )}
      {pdf && (
        <Alert tone="success" onDismiss={() => setPdf(null)}>
          <span data-testid="shoot-pdf">
            {pdf.href
              ? t('shootList.ui.ready', { file: pdf.name })
              : t('shootList.ui.opened', { file: pdf.name })}{' '}
            {pdf.href && (
              <a href={pdf.href} target="_blank" rel="noopener noreferrer">
                {t('shootList.ui.open')}
              </a>
            )}
          </span>
        </Alert>
      )}
      {lists.length === 0 && <p className="muted">{t('errors.roster_no_classes')}</p>}
      {shown.map((list) => {
        const counts = shootDayCounts(list.rows);
        return (
          <section
            key={list.classId}
            className="card shoot-class"
            aria-labelledby={`shoot-${list.classId}`}
            data-testid="shoot-class"
          >
            <div className="card__head">
              <h2 id={`shoot-${list.classId}`} className="card__title">
                {list.classLabel}
              </h2>
              <span className="muted small">
                {t('shootList.summary', { students: list.rows.length, ...counts })}
              </span>
            </div>
            {list.staff.length > 0 && (
              <p className="small">
                {t('shootList.staff')}{' '}
                {list.staff.map((s) => `${s.name} (${t(`roster.staff.role.${s.role}`)})`).join(', ')}
              </p>
            )}
            {list.rows.length === 0 ? (
              <p className="muted">{t('shootList.empty')}</p>
            ) : (
              <table className="table shoot-table">
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t('shootList.col.order')}
                    </th>
                    <th scope="col">{t('shootList.col.familyName')}</th>
                    <th scope="col">{t('shootList.col.firstName')}</th>
                    <th scope="col">{t('shootList.col.notes')}</th>
                    <th scope="col" className="center">
                      {t('shootList.col.absent')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.rows.map((r) => {
                    const mark = shootDayMark(r.photoStatus);
                    return (
                      <tr
                        key={r.studentId}
                        className={mark === 'pending' ? 'row--pending' : mark ? 'row--blocked' : undefined}
                        data-testid="shoot-row"
                        data-mark={mark ?? undefined}
                      >
                        <td className="num">{r.order}</td>
                        <td>
                          <strong>{r.familyName}</strong>
                        </td>
                        <td>{r.firstName}</td>
                        <td>
                          {mark && (
                            <span className={mark === 'pending' ? 'collect-form' : 'do-not'}>
                              {t(`shootList.${mark}`)}
                            </span>
                          )}
                          {!mark && r.classPhotoStatus !== 'allowed' && (
                            <span className="tag tag--warning">{t('shootList.noClassPhoto')}</span>
                          )}
                        </td>
                        <td className="center">
                          <input
                            type="checkbox"
                            aria-label={t('shootList.ui.absent.label', {
                              name: `${r.familyName} ${r.firstName}`,
                            })}
                            checked={absent.has(r.studentId)}
                            onChange={(e) =>
                              setAbsent((a) => {
                                const next = new Set(a);
                                if (e.target.checked) next.add(r.studentId);
                                else next.delete(r.studentId);
                                return next;
                              })
                            }
                          />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
        );
      })}
    </div>
  );
}
