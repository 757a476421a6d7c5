/**
 * Choosing a folder: the host's native picker where it has one (Electron), otherwise the app's own
 * folder browser (the browser host lists the home folder and the mounted volumes for it). Either
 * way `pick()` resolves with the chosen folder, or null when the user cancels.
 */
import { useState } from 'react';
import { useT } from '../i18n/use-t';
import { rpc } from '../rpc/client';
import { useAppStore } from '../stores/app-store';
import { useFolderBrowserStore } from '../stores/folder-browser-store';

export function usePickFolder(): {
  available: boolean;
  /** The native picker is open (its button waits meanwhile). */
  picking: boolean;
  pick: (defaultPath?: string, title?: string) => Promise<string | null>;
} {
  const { t } = useT();
  const native = useAppStore((s) => s.info?.nativeDialogs ?? false);
  const [picking, setPicking] = useState(false);
  const pick = async (defaultPath?: string, title?: string) => {
    const start = defaultPath?.trim() || undefined;
    // The app's own dialog is modal and gives focus back to the button: the button stays enabled.
    if (!native)
      return useFolderBrowserStore
        .getState()
        .open({ title: title ?? t('folder.pick.title'), ...(start ? { start } : {}) });
    setPicking(true);
    try {
      const picked = await rpc.call('fs.pickFolder', {
        title: title ?? t('folder.pick.title'),
        ...(start ? { defaultPath: start } : {}),
      });
      return picked.path;
    } finally {
      setPicking(false);
    }
  };
  return { available: true, picking, pick };
}
