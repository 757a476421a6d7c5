/**
 * `preau cards build`: the printed photo cards of a job (one A4 PDF per class, in roster order)
 * over the same core call as the roster screen.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { count } from '../../../shared/i18n';
import { classIdsByLabel, type GlobalOptions, print, withCore } from '../cli-context';

function collectValues(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerCardsCommand(program: Command): void {
  const cards = program
    .command('cards')
    .description('cartes de prise de vue (un code par élève, sans nom dans le code)');
  cards
    .command('build')
    .description('imprime les cartes de prise de vue : un PDF A4 par classe, dans l’ordre de la liste')
    .requiredOption('--job <dossier>', 'dossier du reportage')
    .option('--class <classe>', 'seulement cette classe (répétable)', collectValues, [])
    .addOption(
      new Option('--layout <mise-en-page>', 'plusieurs cartes par page, ou une par page')
        .choices(['sheet', 'single'])
        .default('sheet'),
    )
    .option('--json', 'termine par une ligne JSON')
    .action(async (o: { job: string; class: string[]; layout: 'sheet' | 'single'; json?: boolean }) => {
      await withCore(program.opts<GlobalOptions>(), async (core) => {
        const client = core.client();
        const job = await client.call('jobs.open', { path: path.resolve(o.job) });
        const classIds = await classIdsByLabel(client, job.id, o.class);
        const built = await client.call('cards.build', {
          jobId: job.id,
          layout: o.layout,
          ...(classIds ? { classIds } : {}),
        });
        const total = built.files.reduce((n, f) => n + f.cards, 0);
        print(
          `${count(total, 'carte', 'cartes')} dans ${count(built.files.length, 'fichier', 'fichiers')} :`,
        );
        for (const f of built.files) print(`  ${f.path}`);
        if (o.json) print(JSON.stringify({ files: built.files.map((f) => f.path), cards: total }));
      });
    });
}
