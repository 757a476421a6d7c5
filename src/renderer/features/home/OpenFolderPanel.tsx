/** "Ouvrir un autre dossier…": a job folder that is not in the recent list (another drive, a colleague's copy). */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Alert } from '../../components/Alert';
import { useFolderCheck } from '../../hooks/use-folder-check';
import { useT } from '../../i18n/use-t';
import type { FieldMessage } from '../../lib/new-job-form';
import { toUiError, type UiError } from '../../lib/ui-error';
import { useJobsStore } from '../../stores/jobs-store';
import { FolderPathField } from './FolderPathField';

export function OpenFolderPanel({
  onOpened,
  onCancel,
}: {
  onOpened: (jobId: string) => void;
  onCancel: () => void;
}) {
  const tr = useT();
  const { t } = tr;
  const uid = useId();
  const open = useJobsStore((s) => s.open);
  const [path, setPath] = useState('');
  const [working, setWorking] = useState(false);
  const [fieldError, setFieldError] = useState<FieldMessage | undefined>();
  const [failure, setFailure] = useState<UiError | null>(null);
  const verdict = useFolderCheck(path, 'open');
  const panelRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    panelRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!path.trim()) {
      setFieldError({ message: 'validation.path.required' });
      return;
    }
    setWorking(true);
    try {
      const job = await open(path);
      onOpened(job.id);
    } catch (error) {
      const e = toUiError(error);
      const issue = e.issues[0];
      if (issue) setFieldError({ message: issue.message });
      else if (e.code === 'not_a_job_folder' || e.code === 'folder_missing' || e.code === 'not_a_folder')
        setFieldError({ message: `errors.${e.code}`, params: e.params });
      else setFailure(e);
    } finally {
      setWorking(false);
    }
  };

  return (
    <form
      ref={panelRef}
      className="open-panel"
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onCancel();
      }}
      noValidate
      aria-labelledby={`${uid}-title`}
    >
      <h3 id={`${uid}-title`} className="open-panel__title">
        {t('folder.open.title')}
      </h3>
      <p className="muted">{t('home.openOther.hint')}</p>
      <FolderPathField
        id={`${uid}-path`}
        label={t('folder.path')}
        value={path}
        onChange={(v) => {
          setPath(v);
          setFieldError(undefined);
          setFailure(null);
        }}
        verdict={verdict}
        error={fieldError}
        disabled={working}
      />
      {failure && <Alert tone="error">{tr.error(failure)}</Alert>}
      <div className="form__actions">
        <button type="button" className="btn btn--ghost" onClick={onCancel} disabled={working}>
          {t('folder.cancel')}
        </button>
        <button type="submit" className="btn btn--primary" disabled={working} aria-busy={working}>
          {working ? t('folder.opening') : t('folder.open.submit')}
        </button>
      </div>
    </form>
  );
}
