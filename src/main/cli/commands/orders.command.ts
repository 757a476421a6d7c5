/**
 * `preau orders sync`: the online orders of every gallery the job published, pulled from the sales
 * platform into the order book over the same task as the app (resumable from the platform's
 * cursor; an order already in the book is never added twice), then the counts in French.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { OrderSyncReport } from '../../../shared/domain/order-book';
import { count } from '../../../shared/i18n';
import { type GlobalOptions, print, withCore } from '../cli-context';
import { addPlatformOptions, platformConnection } from '../platform-options';
import { runTaskToEnd } from '../task-run';

export function registerOrdersCommand(program: Command): void {
  const orders = program.command('orders').description('carnet de commandes');
  const sync = orders
    .command('sync')
    .description(
      'récupère les commandes en ligne des galeries publiées (reprend où la dernière s’était arrêtée, sans doublon)',
    )
    .requiredOption('--job <dossier>', 'dossier du reportage');
  addPlatformOptions(sync)
    .option('--json', 'termine par une ligne JSON')
    .action(async (o: { job: string; target?: string; tokenFile?: string; json?: boolean }) => {
      const connection = await platformConnection(o);
      await withCore(
        program.opts<GlobalOptions>(),
        async (core) => {
          const client = core.client();
          const job = await client.call('jobs.open', { path: path.resolve(o.job) });
          // A sync interrupted earlier (killed, machine off) resumes when the job opens: that one is
          // run to its end and reported, rather than a second one that would find nothing left.
          const resumed = (await client.call('tasks.list', { jobId: job.id })).find(
            (t) => t.kind === 'orders.sync' && (t.status === 'queued' || t.status === 'running'),
          );
          const task = resumed ?? (await client.call('orders.sync', { jobId: job.id }));
          const done = await runTaskToEnd(core, job.id, task, {
            cancelled:
              'Récupération annulée : les commandes déjà reçues sont gardées, relancez pour reprendre.',
            failed: 'La récupération des commandes en ligne n’a pas abouti.',
          });
          const r = done.result as OrderSyncReport;
          print(
            `${count(r.galleries, 'galerie lue', 'galeries lues')} : ${count(r.added, 'commande nouvelle', 'commandes nouvelles')}, ${count(r.updated, 'mise à jour', 'mises à jour')} (annulation ou remboursement), ${count(r.unchanged, 'déjà dans le carnet', 'déjà dans le carnet')}.`,
          );
          if (o.json) print(JSON.stringify(r));
        },
        { port: { platformTarget: () => Promise.resolve(connection) } },
      );
    });
}
