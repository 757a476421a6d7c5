/**
 * The card manifest as files in the job folder (`manifests/carte-03.json` and `.csv`), written
 * atomically, so the proof of a verified copy survives even without the app: file, size, SHA-256,
 * destinations and the time each was verified.
 */
import path from 'node:path';
import type { ManifestEntry } from '../../../shared/domain/ingest';
import { ensurePrivateDir, writeFileAtomic } from '../../lib/atomic';
import { toCsv } from '../../lib/csv';

export async function writeManifestFiles(
  jobDir: string,
  card: { number: number; id: string; sourcePath: string },
  verdict: string,
  safeToFormat: boolean,
  entries: ManifestEntry[],
): Promise<{ json: string; csv: string }> {
  const dir = path.join(jobDir, 'manifests');
  await ensurePrivateDir(dir);
  const base = path.join(dir, `carte-${String(card.number).padStart(2, '0')}`);
  const json = `${base}.json`;
  const csv = `${base}.csv`;
  await writeFileAtomic(
    json,
    `${JSON.stringify(
      {
        card: card.number,
        cardId: card.id,
        source: card.sourcePath,
        verdict,
        safeToFormat,
        writtenAt: new Date().toISOString(),
        files: entries,
      },
      null,
      2,
    )}\n`,
  );
  await writeFileAtomic(
    csv,
    // File names come from the card: a name starting with « = » must not run in a spreadsheet.
    toCsv(
      entries.map((e) => [
        e.file,
        e.size,
        e.sha256 ?? '',
        e.status,
        e.reason ?? '',
        e.destinations.join(' | '),
        e.verifiedAt ?? '',
        e.verifyMode ?? '',
      ]),
      {
        columns: [
          'fichier',
          'taille',
          'sha256',
          'statut',
          'raison',
          'destinations',
          'vérifié le',
          'mode de vérification',
        ],
        recordDelimiter: 'unix',
      },
    ),
  );
  return { json, csv };
}
