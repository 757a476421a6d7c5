/**
 * What an erasure report says, as the student data panel and the report card show it: the files by
 * kind and what happens to each, the records by feature, and the copies that already left the app.
 * Shared by the dry run (before the confirmation) and the report after the erasure.
 */
import type { Result } from '../../../shared/rpc/contract';
import { isMessageKey } from '../../../shared/i18n';
import { Alert } from '../../components/Alert';
import { useT } from '../../i18n/use-t';

export type ErasureReport = Result<'students.erase'>;
type ErasureFile = ErasureReport['files'][number];
interface FileGroup {
  kind: ErasureFile['kind'];
  action: ErasureFile['action'];
  count: number;
}

/** One line per kind of file and action, in the report's order, with how many. */
function fileGroups(report: ErasureReport): FileGroup[] {
  const groups = new Map<string, FileGroup>();
  for (const f of report.files) {
    const key = `${f.kind}:${f.action}`;
    const found = groups.get(key);
    if (found) found.count += 1;
    else groups.set(key, { kind: f.kind, action: f.action, count: 1 });
  }
  return [...groups.values()];
}

export function ErasureFiles({ report }: { report: ErasureReport }) {
  const { t } = useT();
  const groups = fileGroups(report);
  if (groups.length === 0) return <p className="muted">{t('studentData.noFiles')}</p>;
  return (
    <>
      <ul className="erasure-kinds" data-testid="erasure-kinds">
        {groups.map((g) => (
          <li key={`${g.kind}:${g.action}`}>
            {t(g.action === 'delete' ? 'studentData.kindDelete' : 'studentData.kindRegenerate', {
              count: g.count,
              kind: t(`gdpr.kind.${g.kind}`),
            })}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t('studentData.fileList', { count: report.files.length })}</summary>
        <ul className="mono retention-files">
          {report.files.map((f) => (
            <li key={f.path}>
              {f.path}
              {f.reason ? ` — ${t(`studentData.reason.${f.reason}`)}` : ''}
            </li>
          ))}
        </ul>
      </details>
    </>
  );
}

export function ErasureRecords({ report }: { report: ErasureReport }) {
  const { t } = useT();
  const list = Object.entries(report.rows)
    .filter(([, n]) => n > 0)
    .map(([owner, n]) => {
      const key = `studentData.owner.${owner}`;
      return `${isMessageKey(key) ? t(key) : owner} (${n})`;
    });
  return list.length > 0 ? <p>{t('studentData.records', { list: list.join(', ') })}</p> : null;
}

export function HandedOut({ report, after }: { report: ErasureReport; after?: boolean }) {
  const tr = useT();
  const { t } = tr;
  if (report.handedOut.length === 0)
    return after ? null : <p className="muted">{t('studentData.handedOutNone')}</p>;
  const list = (
    <div data-testid="erasure-handed-out">
      <p>{t(after ? 'studentData.handedOutAfter' : 'studentData.handedOut')}</p>
      <ul className="retention-files">
        {report.handedOut.map((h) => (
          <li key={`${h.path}${h.at}${h.how}`}>
            {t('studentData.handout', {
              kind: t(`gdpr.kind.${h.kind}`),
              how: t(`gdpr.handout.${h.how}`),
              date: tr.dateTime(h.at),
            })}
            <div className="mono small">{h.path}</div>
          </li>
        ))}
      </ul>
    </div>
  );
  return after ? <Alert tone="info">{list}</Alert> : list;
}

/** What else the report says: group photos kept, backup copies on a drive that was not there. */
export function ErasureNotes({ report }: { report: ErasureReport }) {
  const { t } = useT();
  return (
    <>
      {report.sharedPhotosKept > 0 && (
        <p className="small muted">{t('studentData.sharedKept', { count: report.sharedPhotosKept })}</p>
      )}
      {report.missingBackups.length > 0 && (
        <div className="small">
          <p>{t('studentData.missingBackups')}</p>
          <ul className="mono retention-files">
            {report.missingBackups.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
