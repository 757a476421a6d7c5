/**
 * A file the job produced, opened the way the host can: with the system's viewer in Electron
 * (`fs.openExport`), from the browser host's exports route elsewhere (a plain link, so the browser
 * opens the PDF in a tab or downloads the spreadsheet). Folders can only be shown in Electron.
 */
import { useState } from 'react';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { useAppStore } from '../../stores/app-store';
import { exportRelativePath, fileName } from './export-path';

export function useCanOpen(): boolean {
  return useAppStore((s) => s.info?.host === 'electron');
}

export function ExportLink({
  jobId,
  path,
  label,
  onError,
  testId,
}: {
  jobId: string;
  path: string;
  label?: string;
  onError: (error: UiError) => void;
  testId?: string;
}) {
  const { t } = useT();
  const native = useCanOpen();
  const [opening, setOpening] = useState(false);
  const text = label ?? fileName(path);
  if (!native)
    return (
      <a
        className="export-link"
        href={`/exports/${encodeURIComponent(jobId)}/${encodeURIComponent(exportRelativePath(path))}`}
        target="_blank"
        rel="noopener noreferrer"
        {...(testId ? { 'data-testid': testId } : {})}
      >
        {text}
      </a>
    );
  return (
    <button
      type="button"
      className="btn btn--ghost btn--small export-link"
      disabled={opening}
      title={t('forms.files.open')}
      onClick={() => {
        setOpening(true);
        rpc
          .call('fs.openExport', { jobId, path })
          .catch((e: unknown) => onError(toUiError(e)))
          .finally(() => setOpening(false));
      }}
      {...(testId ? { 'data-testid': testId } : {})}
    >
      {text}
    </button>
  );
}
