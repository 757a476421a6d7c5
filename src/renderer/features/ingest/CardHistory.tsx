/** Cards ingested in this job, each with its verdict and, on demand, its manifest (file, size, hash, copies). */
import { useState } from 'react';
import type { Card, ManifestEntry } from '../../../shared/domain/ingest';
import { useT } from '../../i18n/use-t';
import { toUiError, type UiError } from '../../lib/ui-error';
import { rpc } from '../../rpc/client';
import { Alert } from '../../components/Alert';
import { verdictText } from './IngestRun';

export function CardHistory({ jobId, cards }: { jobId: string; cards: Card[] }) {
  const { t } = useT();
  return (
    <section className="card" aria-labelledby="cards-title">
      <h2 id="cards-title" className="card__title">
        {t('ingest.cards.title')}
      </h2>
      {cards.length === 0 ? (
        <p className="muted">{t('ingest.cards.none')}</p>
      ) : (
        <ul className="card-history" data-testid="card-history">
          {cards.map((card) => (
            <CardItem key={card.id} jobId={jobId} card={card} />
          ))}
        </ul>
      )}
    </section>
  );
}

function CardItem({ jobId, card }: { jobId: string; card: Card }) {
  const tr = useT();
  const { t } = tr;
  const [manifest, setManifest] = useState<ManifestEntry[] | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const toggle = async () => {
    if (manifest) return setManifest(null);
    try {
      setManifest(await rpc.call('ingest.manifest', { jobId, cardId: card.id }));
    } catch (e) {
      setError(toUiError(e));
    }
  };
  const pending = card.verdict === null;
  return (
    <li className="card-history__item">
      <div className="card-history__line">
        <span
          className={`status ${pending ? 'status--running' : card.safeToFormat ? 'status--done' : 'status--failed'}`}
        >
          {pending
            ? t('ingest.cards.pending')
            : card.safeToFormat
              ? t('ingest.cards.safe')
              : t('ingest.cards.unsafe')}
        </span>
        <span className="card-history__verdict">
          {pending
            ? t('ingest.cards.number', { card: card.number })
            : verdictText(tr, card, card.safeToFormat, card.failed)}
        </span>
        <span className="muted card-history__meta">
          {t('ingest.cards.meta', {
            files: card.files,
            verified: card.verified,
            duplicates: card.duplicates,
            date: tr.dateTime(card.lastIngestAt),
          })}
        </span>
        <button
          type="button"
          className="btn btn--ghost btn--small"
          aria-expanded={manifest !== null}
          onClick={() => void toggle()}
        >
          {manifest ? t('ingest.cards.hideManifest') : t('ingest.cards.showManifest')}
        </button>
      </div>
      {error && <Alert tone="error">{tr.error(error)}</Alert>}
      {manifest && (
        <div className="manifest-wrap">
          <table className="table manifest">
            <thead>
              <tr>
                <th scope="col">{t('ingest.manifest.file')}</th>
                <th scope="col">{t('ingest.manifest.size')}</th>
                <th scope="col">{t('ingest.manifest.status')}</th>
                <th scope="col">SHA-256</th>
                <th scope="col">{t('ingest.manifest.copies')}</th>
              </tr>
            </thead>
            <tbody>
              {manifest.map((m) => (
                <tr key={m.file}>
                  <td className="mono">{m.file}</td>
                  <td>{tr.bytes(m.size)}</td>
                  <td>
                    {t(`ingest.manifest.${m.status}`)}
                    {m.reason && <span className="muted"> — {m.reason}</span>}
                  </td>
                  <td className="mono manifest__hash" title={m.sha256 ?? ''}>
                    {m.sha256 ? `${m.sha256.slice(0, 12)}…` : '—'}
                  </td>
                  <td>{m.destinations.length}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </li>
  );
}
