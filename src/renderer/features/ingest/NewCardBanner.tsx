/** A non-intrusive offer to ingest a camera card that was just inserted, shown over any job section. */
import { useEffect } from 'react';
import { useT } from '../../i18n/use-t';
import { followVolumes, useIngestStore } from './ingest-store';

export function NewCardBanner({ onImport }: { onImport: (path: string) => void }) {
  const tr = useT();
  const { t } = tr;
  const volumes = useIngestStore((s) => s.volumes);
  const dismissed = useIngestStore((s) => s.dismissed);
  const dismiss = useIngestStore((s) => s.dismiss);
  const source = useIngestStore((s) => s.source);

  useEffect(() => followVolumes(), []);

  // Not offered again once chosen as the source: the ingest section already shows it.
  const offered = volumes.filter((v) => !dismissed.includes(v.path) && v.path !== source.trim()).at(-1);
  if (!offered) return null;
  return (
    <div className="new-card-banner" role="status" data-testid="new-card-banner">
      <span className="new-card-banner__icon" aria-hidden="true">
        ▣
      </span>
      <span className="new-card-banner__text">
        {t('ingest.banner.detected', {
          name: offered.name,
          files: offered.files,
          size: tr.bytes(offered.bytes),
        })}
      </span>
      <button type="button" className="btn btn--primary btn--small" onClick={() => onImport(offered.path)}>
        {t('ingest.banner.import')}
      </button>
      <button
        type="button"
        className="btn btn--ghost btn--small"
        onClick={() => dismiss(offered.path)}
        aria-label={t('ingest.banner.dismiss')}
      >
        ×
      </button>
    </div>
  );
}
