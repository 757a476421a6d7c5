/** `preau job create|list`: job folders (one per school and school year). */
import path from 'node:path';
import type { Command } from 'commander';
import { schoolYearOf } from '../../../shared/domain/job';
import { formatDate } from '../../../shared/i18n';
import { collectDates, print, withCore, type GlobalOptions } from '../cli-context';

export function registerJobCommand(program: Command): void {
  const job = program.command('job').description('reportages (un dossier par école et par année)');
  job
    .command('create')
    .description('crée un reportage dans un dossier vide ou nouveau')
    .argument('<dossier>', 'dossier du reportage')
    .requiredOption('--school <nom>', 'nom de l’école')
    .option('--town <commune>', 'commune', '')
    .option('--year <aaaa-aaaa>', 'année scolaire', schoolYearOf(new Date()))
    .option('--date <jj/mm/aaaa>', 'date de prise de vue (répétable)', collectDates, [])
    .option('--json', 'sortie JSON')
    .action(
      async (
        dir: string,
        o: { school: string; town: string; year: string; date: string[]; json?: boolean },
      ) => {
        await withCore(program.opts<GlobalOptions>(), async (core) => {
          const created = await core.client().call('jobs.create', {
            dir: path.resolve(dir),
            schoolName: o.school,
            town: o.town,
            schoolYear: o.year,
            shootDates: o.date,
          });
          if (o.json) print(JSON.stringify(created));
          else print(`Reportage créé : ${created.schoolName} (${created.schoolYear}) dans ${created.path}`);
        });
      },
    );

  job
    .command('list')
    .description('liste les reportages récents')
    .option('--json', 'sortie JSON')
    .action(async (o: { json?: boolean }) => {
      await withCore(program.opts<GlobalOptions>(), async (core) => {
        const jobs = await core.client().call('jobs.list', {});
        if (o.json) {
          print(JSON.stringify(jobs));
          return;
        }
        if (jobs.length === 0) print('Aucun reportage récent.');
        for (const j of jobs) {
          const dates = j.shootDates.map((d) => formatDate('fr', d)).join(', ') || 'date à préciser';
          print(
            `${j.available ? ' ' : '!'} ${j.schoolName}${j.town ? ` (${j.town})` : ''} — ${j.schoolYear} — ${dates}`,
          );
          print(`    ${j.path}${j.available ? '' : '  [introuvable]'}`);
        }
      });
    });
}
