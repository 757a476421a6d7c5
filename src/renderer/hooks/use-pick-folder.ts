/** The host's native folder picker (Electron), when it has one: `available` is false in the browser. */
import { useState } from 'react';
import { useT } from '../i18n/use-t';
import { rpc } from '../rpc/client';
import { useAppStore } from '../stores/app-store';

export function usePickFolder(): {
  available: boolean;
  picking: boolean;
  pick: (defaultPath?: string) => Promise<string | null>;
} {
  const { t } = useT();
  const available = useAppStore((s) => s.info?.nativeDialogs ?? false);
  const [picking, setPicking] = useState(false);
  const pick = async (defaultPath?: string) => {
    setPicking(true);
    try {
      const picked = await rpc.call('fs.pickFolder', {
        title: t('folder.pick.title'),
        ...(defaultPath?.trim() ? { defaultPath: defaultPath.trim() } : {}),
      });
      return picked.path;
    } finally {
      setPicking(false);
    }
  };
  return { available, picking, pick };
}
