/**
 * `preau production build`: the lab-ready production of a job's orders over the same core call as
 * the app — prints rendered from the originals, manifest, summary — then the report in French.
 * Exit code 1 when an order could not be produced (a damaged original, a missing pose), named.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { count } from '../../../shared/i18n';
import { CliExit, type GlobalOptions, print, withCore } from '../cli-context';

export function registerProductionCommand(program: Command): void {
  const production = program.command('production').description('production pour le laboratoire');
  production
    .command('build')
    .description(
      'rend chaque tirage commandé depuis les originaux (recadrages, profil ICC sRGB), avec le manifeste et le récapitulatif par format',
    )
    .requiredOption('--job <dossier>', 'dossier du reportage')
    .option('--profile <nom>', 'profil de laboratoire (par défaut le premier)')
    .option('--out <dossier>', 'dossier où écrire la production (par défaut exports/production du reportage)')
    .option('--json', 'termine par une ligne JSON')
    .action(async (o: { job: string; profile?: string; out?: string; json?: boolean }) => {
      await withCore(program.opts<GlobalOptions>(), async (core) => {
        const client = core.client();
        const job = await client.call('jobs.open', { path: path.resolve(o.job) });
        const r = await client.call('production.build', {
          jobId: job.id,
          ...(o.profile ? { profile: o.profile } : {}),
          ...(o.out ? { outDir: path.resolve(o.out) } : {}),
        });
        print(
          `${count(r.orders, 'commande produite', 'commandes produites')}, ${count(r.prints, 'tirage', 'tirages')}, ${count(r.digitalFiles, 'fichier numérique', 'fichiers numériques')}.`,
        );
        for (const f of r.perFormat)
          print(
            `  ${f.format} : ${count(f.prints, 'tirage', 'tirages')}${f.sheets > 0 ? ` sur ${count(f.sheets, 'planche', 'planches')}` : ''}`,
          );
        print(`Dans : ${r.path}`);
        if (r.centredCrops > 0)
          print(`${count(r.centredCrops, 'recadrage centré', 'recadrages centrés')} à vérifier.`);
        for (const b of r.fromBackup) print(`Original lu depuis sa copie de sauvegarde : ${b}`);
        if (r.problems.length > 0) {
          process.stderr.write(
            `${count(r.problems.length, 'commande non produite', 'commandes non produites')} :\n`,
          );
          for (const p of r.problems) process.stderr.write(`  - ${p.orderNumber} : ${p.message}\n`);
        }
        if (o.json)
          print(
            JSON.stringify({
              path: r.path,
              orders: r.orders,
              prints: r.prints,
              files: r.files,
              digitalFiles: r.digitalFiles,
              decodes: r.decodes,
              digitalAsShot: r.digitalAsShot,
              problems: r.problems,
            }),
          );
        if (r.problems.length > 0) throw new CliExit(1);
      });
    });
}
