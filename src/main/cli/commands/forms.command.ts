/**
 * `preau forms build` and `preau forms export`: order forms and the bookkeeper's list over the same
 * core calls as the app.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { count } from '../../../shared/i18n';
import { classIdsByLabel, type GlobalOptions, print, withCore } from '../cli-context';

function collectValues(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerFormsCommand(program: Command): void {
  const forms = program
    .command('forms')
    .description('bons de commande au nom de l’association, exports comptables');
  forms
    .command('build')
    .description(
      'produit les bons de commande (un PDF par classe et un pour l’école), les planches contact et le rapport',
    )
    .requiredOption('--job <dossier>', 'dossier du reportage')
    .option('--class <classe>', 'seulement cette classe (répétable)', collectValues, [])
    .option('--out <dossier>', 'dossier de sortie (par défaut exports/bons-de-commande du reportage)')
    .option('--json', 'termine par une ligne JSON')
    .action(async (o: { job: string; class: string[]; out?: string; json?: boolean }) => {
      await withCore(program.opts<GlobalOptions>(), async (core) => {
        const client = core.client();
        const job = await client.call('jobs.open', { path: path.resolve(o.job) });
        const classIds = await classIdsByLabel(client, job.id, o.class);
        const report = await client.call('forms.build', {
          jobId: job.id,
          ...(classIds ? { classIds } : {}),
          ...(o.out ? { outDir: path.resolve(o.out) } : {}),
        });
        print(
          `${count(report.forms, 'bon', 'bons')} de commande pour ${count(report.students, 'élève', 'élèves')}.`,
        );
        for (const f of report.files) print(`  ${f}`);
        if (report.skipped.length > 0) {
          print(
            `${count(report.skipped.length, 'élève', 'élèves')} sans bon (détail dans ${report.reportPath}) :`,
          );
          const reasons = {
            no_photos: 'aucune photo',
            consent: 'pas d’autorisation valable',
            no_class: 'sans classe',
          };
          for (const k of report.skipped.slice(0, 20))
            print(`  - ${k.classLabel || 'sans classe'} — ${k.name} : ${reasons[k.reason]}`);
          if (report.skipped.length > 20)
            print(`  … et ${count(report.skipped.length - 20, 'autre', 'autres')}`);
        }
        if (o.json)
          print(
            JSON.stringify({
              forms: report.forms,
              students: report.students,
              files: report.files,
              skipped: report.skipped.length,
            }),
          );
      });
    });
  forms
    .command('export')
    .description('liste des bons pour la trésorerie (classe, élève, code, produits, prix, quantités saisies)')
    .requiredOption('--job <dossier>', 'dossier du reportage')
    .addOption(
      new Option('--format <format>', 'format du fichier').choices(['csv', 'xlsx']).makeOptionMandatory(),
    )
    .option('--out <fichier>', 'fichier de sortie (par défaut dans exports/ du reportage)')
    .action(async (o: { job: string; format: 'csv' | 'xlsx'; out?: string }) => {
      await withCore(program.opts<GlobalOptions>(), async (core) => {
        const client = core.client();
        const job = await client.call('jobs.open', { path: path.resolve(o.job) });
        const result = await client.call('forms.export', {
          jobId: job.id,
          format: o.format,
          ...(o.out ? { out: path.resolve(o.out) } : {}),
        });
        print(`Liste écrite (${count(result.rows, 'ligne', 'lignes')}) : ${result.path}`);
      });
    });
}
