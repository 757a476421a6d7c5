/** `preau roster import`: the same preview and merge as the roster screen. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { RosterPreview } from '../../../shared/domain/roster';
import { checkFileToRead } from '../../lib/path-checks';
import { print, usageError, withCore, type GlobalOptions } from '../cli-context';

export function registerRosterCommand(program: Command): void {
  program
    .command('roster')
    .description('liste des élèves d’un reportage')
    .command('import')
    .description('importe (ou fusionne) une liste d’élèves : ONDE, SIECLE (XML ou zip), CSV ou XLSX')
    .argument('<fichier>', 'fichier de la liste d’élèves')
    .requiredOption('--job <dossier>', 'dossier du reportage')
    .option(
      '--mapping <correspondance>',
      'correspondance des colonnes : fichier JSON, JSON en ligne ({"familyName":"Nom","firstName":"Prénom","className":"Classe"}) ou nom d’un profil enregistré',
    )
    .option('--dry-run', 'affiche l’aperçu sans rien écrire')
    .option('--json', 'termine par une ligne JSON')
    .action(async (file: string, o: { job: string; mapping?: string; dryRun?: boolean; json?: boolean }) => {
      const mapping = o.mapping === undefined ? {} : await readMappingOption(o.mapping);
      await withCore(program.opts<GlobalOptions>(), async (core) => {
        const client = core.client();
        const job = await client.call('jobs.open', { path: path.resolve(o.job) });
        const result = await client.call('roster.import', {
          jobId: job.id,
          // Missing, a folder, unreadable: said as such, not as « not a readable roster ».
          path: await checkFileToRead(path.resolve(file)),
          ...mapping,
          dryRun: o.dryRun ?? false,
        });
        for (const line of describePreview(result)) print(line);
        if (o.json)
          print(
            JSON.stringify({
              encoding: result.encoding,
              format: result.format,
              classes: Object.fromEntries(result.classes.map((c) => [c.label, c.students])),
              students: result.students,
              rejected: result.rejected.map((r) => ({ line: r.line, reason: r.reason })),
              duplicates: result.duplicates.length,
            }),
          );
      });
    });
}

/** `--mapping`: a JSON file, inline JSON, or the name of a saved profile. */
async function readMappingOption(
  value: string,
): Promise<{ mapping: Record<string, string> } | { profile: string }> {
  let json = value.trim();
  if (!json.startsWith('{')) {
    // A file when one exists by that name (and then it must be readable), else a saved profile's name.
    const exists = await fsp.stat(path.resolve(value)).then(
      () => true,
      () => false,
    );
    if (!exists) return { profile: value };
    json = await fsp.readFile(await checkFileToRead(path.resolve(value)), 'utf8');
  }
  try {
    const parsed = JSON.parse(json) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return { mapping: parsed as Record<string, string> };
  } catch {
    // reported below
  }
  throw usageError(
    'correspondance illisible : attendu un objet JSON comme {"familyName":"Nom","firstName":"Prénom","className":"Classe"}',
  );
}

const FORMAT_LABELS: Record<RosterPreview['format'], string> = {
  onde: 'ONDE',
  siecle_xml: 'SIECLE (XML)',
  siecle_csv: 'SIECLE (CSV)',
  csv: 'CSV',
  xlsx: 'XLSX',
};

function describePreview(p: RosterPreview): string[] {
  const lines = [`Fichier : ${p.file} — ${FORMAT_LABELS[p.format]}, encodage ${p.encoding}`];
  if (p.needsMapping) {
    lines.push(`Colonnes non reconnues : ${p.columns.join(', ')}`);
    lines.push('Indiquez la correspondance avec --mapping (nom, prénom et classe au moins).');
    return lines;
  }
  if (p.mappingProfile) lines.push(`Correspondance enregistrée appliquée : ${p.mappingProfile}`);
  lines.push(
    `Élèves : ${p.students}${p.withoutClass ? ` (dont ${p.withoutClass} sans classe)` : ''} — ${p.merge.matched} déjà connus, ${p.merge.added} nouveaux`,
  );
  if (p.left) lines.push(`Élèves sortis de l’établissement, non importés : ${p.left}`);
  lines.push('Classes :');
  for (const c of p.classes) lines.push(`  ${c.label} : ${c.students}${c.isNew ? ' (nouvelle)' : ''}`);
  if (p.rejected.length) {
    lines.push(`Lignes rejetées : ${p.rejected.length}`);
    for (const r of p.rejected) lines.push(`  ligne ${r.line} : ${r.reason}`);
  }
  if (p.duplicates.length) {
    lines.push(`Doublons ignorés : ${p.duplicates.length}`);
    for (const d of p.duplicates) lines.push(`  ligne ${d.line} : ${d.name} (déjà ligne ${d.firstLine})`);
  }
  if (p.merge.missing.length) {
    lines.push(`Absents de ce fichier (à archiver si l’élève est parti) : ${p.merge.missing.length}`);
    for (const m of p.merge.missing) lines.push(`  ${m.name}${m.classLabel ? ` (${m.classLabel})` : ''}`);
  }
  if (p.photoHints)
    lines.push(
      `Autorisations photo de l’école lues comme indications (${p.photoHints}) : à confirmer, ce ne sont pas des consentements.`,
    );
  const dropped = p.columns.filter((c) => !p.usedColumns.includes(c));
  if (dropped.length) lines.push(`Colonnes ignorées, rien n’en est conservé : ${dropped.join(', ')}`);
  lines.push(p.written ? 'Import terminé.' : 'Aperçu seulement : rien n’a été écrit.');
  return lines;
}
