/**
 * Choosing what to ingest: a detected camera card first, or a folder (native picker in Electron,
 * typed path elsewhere, checked as it is typed); an optional backup folder remembered for the
 * studio; and what the source holds — new files, files already ingested — before anything starts.
 * A card seen before with nothing new can still be run: its copies are checked (and repaired from
 * it) before any verdict, which is what the photographer needs before formatting it.
 */
import { useEffect, useState } from 'react';
import type { ScanResult } from '../../../shared/domain/ingest';
import { Alert } from '../../components/Alert';
import { usePickFolder } from '../../hooks/use-pick-folder';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useAppStore } from '../../stores/app-store';
import { useIngestStore } from './ingest-store';

const DEBOUNCE_MS = 350;

type Check = { tone: 'pending' | 'ok' | 'error'; message?: string; error?: UiError };

/** Checks a typed folder with `fs.checkFolder` while the user types. */
function useFolderState(path: string, needWritable: boolean): Check | null {
  const [state, setState] = useState<{ key: string; check: Check } | null>(null);
  const trimmed = path.trim();
  const key = `${needWritable}\n${trimmed}`;
  useEffect(() => {
    if (!trimmed) return;
    let current = true;
    const timer = setTimeout(() => {
      rpc.call('fs.checkFolder', { path: trimmed }).then(
        (check) => {
          if (!current) return;
          const result: Check = !check.exists
            ? { tone: 'error', message: 'ingest.source.missing' }
            : !check.isFolder
              ? { tone: 'error', message: 'folder.check.notFolder' }
              : needWritable && !check.writable
                ? { tone: 'error', message: 'folder.check.notWritable' }
                : { tone: 'ok' };
          setState({ key, check: result });
        },
        (error: unknown) => {
          if (current) setState({ key, check: { tone: 'error', error: toUiError(error) } });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, trimmed, needWritable]);
  if (!trimmed) return null;
  return state?.key === key ? state.check : { tone: 'pending' };
}

export function SourcePanel({
  jobId,
  running,
  refreshKey,
  onStarted,
}: {
  jobId: string;
  /** An ingest of this job is running: starting another waits. */
  running: boolean;
  /** Changes when an ingest ends: the source is looked at again. */
  refreshKey: number;
  onStarted: (taskId: string) => void;
}) {
  const tr = useT();
  const { t } = tr;
  const volumes = useIngestStore((s) => s.volumes);
  const source = useIngestStore((s) => s.source);
  const setSource = useIngestStore((s) => s.setSource);
  const savedBackup = useAppStore((s) => s.settings?.ingestBackupDir ?? '');
  const picker = usePickFolder();
  const [backup, setBackup] = useState(savedBackup);
  const [scan, setScan] = useState<{ key: string; result: ScanResult } | null>(null);
  const [scanFailure, setScanError] = useState<{ key: string; error: UiError } | null>(null);
  const [startError, setStartError] = useState<UiError | null>(null);
  const [starting, setStarting] = useState(false);

  const sourceCheck = useFolderState(source, false);
  const backupCheck = useFolderState(backup, true);
  const trimmed = source.trim();
  const scanKey = `${trimmed}\n${refreshKey}`;

  useEffect(() => {
    if (sourceCheck?.tone !== 'ok') return;
    let current = true;
    rpc.call('ingest.scan', { jobId, source: trimmed }).then(
      (result) => {
        if (current) setScan({ key: scanKey, result });
      },
      (error: unknown) => {
        if (current) setScanError({ key: scanKey, error: toUiError(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [jobId, trimmed, scanKey, sourceCheck?.tone]);

  const scanError = scanFailure?.key === scanKey && sourceCheck?.tone === 'ok' ? scanFailure.error : null;
  const shown = scan?.key === scanKey && sourceCheck?.tone === 'ok' ? scan.result : null;
  const backupOk = backup.trim() === '' || backupCheck?.tone === 'ok';

  const start = async () => {
    if (!shown) return;
    setStarting(true);
    setStartError(null);
    try {
      const backupDir = backup.trim() || null;
      const { taskId } = await rpc.call('ingest.start', { jobId, source: shown.root, backupDir });
      if ((backupDir ?? '') !== savedBackup)
        await rpc.call('settings.update', { ingestBackupDir: backupDir ?? '' }).catch(() => undefined);
      onStarted(taskId);
    } catch (error) {
      setStartError(toUiError(error));
    } finally {
      setStarting(false);
    }
  };

  const choose = async (which: 'source' | 'backup') => {
    const picked = await picker.pick(
      which === 'source' ? source : backup,
      t(which === 'source' ? 'folder.pick.card' : 'folder.pick.backup'),
    );
    if (picked) (which === 'source' ? setSource : setBackup)(picked);
  };

  return (
    <section className="card ingest-source" aria-labelledby="ingest-source-title">
      <h2 id="ingest-source-title" className="card__title">
        {t('ingest.source.title')}
      </h2>
      {volumes.length > 0 && (
        <div className="ingest-source__cards">
          <p className="field__label">{t('ingest.source.detected')}</p>
          <ul className="volume-list">
            {volumes.map((v) => (
              <li key={v.path}>
                <button
                  type="button"
                  className="volume"
                  aria-pressed={trimmed === v.path}
                  onClick={() => setSource(v.path)}
                >
                  {t('ingest.source.card', { name: v.name, files: v.files, size: tr.bytes(v.bytes) })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="field">
        <label className="field__label" htmlFor="ingest-source">
          {t('ingest.source.folder')}
        </label>
        <div className="field__row">
          <input
            id="ingest-source"
            className="input input--mono"
            value={source}
            onChange={(e) => setSource(e.target.value)}
            placeholder={t('ingest.source.placeholder')}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={sourceCheck?.tone === 'error'}
          />
          {picker.available && (
            <button
              type="button"
              className="btn btn--secondary"
              onClick={() => void choose('source')}
              aria-label={t('folder.pick.card')}
            >
              {t('ingest.choose')}
            </button>
          )}
        </div>
        <CheckNote check={sourceCheck} okText={null} />
      </div>
      <div className="field">
        <label className="field__label" htmlFor="ingest-backup">
          {t('ingest.backup.label')} <span className="field__optional">{t('ingest.optional')}</span>
        </label>
        <div className="field__row">
          <input
            id="ingest-backup"
            className="input input--mono"
            value={backup}
            onChange={(e) => setBackup(e.target.value)}
            placeholder={t('ingest.backup.placeholder')}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={backupCheck?.tone === 'error'}
          />
          {picker.available && (
            <button
              type="button"
              className="btn btn--secondary"
              onClick={() => void choose('backup')}
              aria-label={t('folder.pick.backup')}
            >
              {t('ingest.choose')}
            </button>
          )}
        </div>
        <CheckNote check={backupCheck} okText={t('ingest.backup.ok')} />
      </div>
      {scanError && <Alert tone="error">{tr.error(scanError)}</Alert>}
      {shown && (
        <div className="scan-summary" data-testid="scan-summary">
          <p>
            {t(shown.isCard ? 'ingest.scan.card' : 'ingest.scan.folder', {
              files: shown.files,
              size: tr.bytes(shown.bytes),
            })}
            {shown.knownCardNumber !== null && ` ${t('ingest.scan.known', { card: shown.knownCardNumber })}`}
          </p>
          {shown.newFiles > 0 ? (
            <p className="scan-summary__new">
              {t('ingest.scan.new', { files: shown.newFiles, size: tr.bytes(shown.newBytes) })}
              {shown.alreadyIngested > 0 && ` ${t('ingest.scan.already', { files: shown.alreadyIngested })}`}
            </p>
          ) : (
            <p className="scan-summary__nothing" data-testid="scan-nothing-new">
              {t('ingest.scan.nothingNew')}
            </p>
          )}
          {(shown.newFiles > 0 || shown.alreadyIngested > 0) && (
            <button
              type="button"
              className={shown.newFiles > 0 ? 'btn btn--primary' : 'btn btn--secondary'}
              disabled={starting || running || !backupOk}
              onClick={() => void start()}
            >
              {running
                ? t('ingest.start.busy')
                : shown.newFiles > 0
                  ? t('ingest.start.button', { files: shown.newFiles })
                  : t('ingest.start.recheck')}
            </button>
          )}
        </div>
      )}
      {startError && <Alert tone="error">{tr.error(startError)}</Alert>}
    </section>
  );
}

function CheckNote({ check, okText }: { check: Check | null; okText: string | null }) {
  const tr = useT();
  if (!check) return null;
  if (check.tone === 'pending')
    return <p className="field-note field-note--pending">{tr.t('ingest.checking')}</p>;
  if (check.tone === 'ok') return okText ? <p className="field-note field-note--ok">{okText}</p> : null;
  const text = check.error ? tr.error(check.error) : tr.message(check.message ?? '');
  return (
    <p className="field-note field-note--error" role="alert">
      {text}
    </p>
  );
}
