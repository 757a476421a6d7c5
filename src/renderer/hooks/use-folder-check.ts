/**
 * Live check of a typed or pasted folder path (`fs.checkFolder`), debounced while the user types, with
 * a verdict that depends on what the folder is for: a new job needs an empty or missing folder, opening
 * needs an existing job.
 */
import { useEffect, useState } from 'react';
import type { FolderCheck } from '../../shared/rpc/contract-app';
import type { ErrorParams } from '../../shared/rpc/errors';
import { rpc } from '../rpc/client';
import { toUiError } from '../lib/ui-error';

export type FolderPurpose = 'create' | 'open';

export interface FolderVerdict {
  /** `pending` while checking; `info` is usable but worth saying (the folder will be created). */
  tone: 'pending' | 'ok' | 'info' | 'error';
  /** Dictionary key, or text already translated by the core. */
  message: string;
  params?: ErrorParams;
  /** The path as the core resolved it (absolute, normalised). */
  resolved?: string;
}

export function verdictFor(check: FolderCheck, purpose: FolderPurpose): FolderVerdict {
  const resolved = check.path;
  if (purpose === 'open') {
    if (!check.exists) return { tone: 'error', message: 'errors.folder_missing', params: { path: resolved } };
    if (!check.isFolder) return { tone: 'error', message: 'folder.check.notFolder' };
    if (check.isJob) return { tone: 'ok', message: 'folder.check.jobFound', resolved };
    return { tone: 'error', message: 'folder.check.notJob' };
  }
  if (!check.exists && !check.parentExists)
    return { tone: 'error', message: 'folder.check.parentMissing', resolved };
  if (!check.exists) return { tone: 'info', message: 'folder.check.missing', resolved };
  if (!check.isFolder) return { tone: 'error', message: 'folder.check.notFolder' };
  if (check.isJob) return { tone: 'error', message: 'folder.check.isJob' };
  if (!check.empty) return { tone: 'error', message: 'folder.check.notEmpty' };
  if (!check.writable) return { tone: 'error', message: 'folder.check.notWritable' };
  return { tone: 'ok', message: 'folder.check.ok', resolved };
}

const DEBOUNCE_MS = 300;

/** `null` for an empty path (nothing to say yet). */
export function useFolderCheck(path: string, purpose: FolderPurpose): FolderVerdict | null {
  const [checked, setChecked] = useState<{ key: string; verdict: FolderVerdict } | null>(null);
  const trimmed = path.trim();
  const key = `${purpose}\n${trimmed}`;

  useEffect(() => {
    if (trimmed === '') return;
    let current = true;
    const timer = setTimeout(() => {
      rpc.call('fs.checkFolder', { path: trimmed }).then(
        (check) => {
          if (current) setChecked({ key, verdict: verdictFor(check, purpose) });
        },
        (error: unknown) => {
          if (!current) return;
          const e = toUiError(error);
          const issue = e.issues[0];
          setChecked({
            key,
            verdict: issue
              ? { tone: 'error', message: issue.message }
              : { tone: 'error', message: `errors.${e.code}`, params: e.params },
          });
        },
      );
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, trimmed, purpose]);

  if (trimmed === '') return null;
  return checked?.key === key ? checked.verdict : { tone: 'pending', message: 'folder.check.checking' };
}
