/** `preau ingest`: empties a card into a job with verified copies, progress bar and card verdict. */
import path from 'node:path';
import type { Command } from 'commander';
import { ingestResultSchema } from '../../../shared/domain/ingest';
import { schoolYearOf } from '../../../shared/domain/job';
import type { TaskFinished, TaskProgress } from '../../../shared/domain/task';
import type { Language } from '../../../shared/domain/settings';
import { formatBytes, translate } from '../../../shared/i18n';
import type { Core } from '../../core/core';
import { CliExit, print, withCore, type GlobalOptions } from '../cli-context';

export function registerIngestCommand(program: Command): void {
  program
    .command('ingest')
    .description('importe une carte mémoire (ou un dossier de photos) dans un reportage, avec copie vérifiée')
    .argument('<source>', 'carte montée, son dossier DCIM, ou dossier de photos')
    .requiredOption('--job <dossier>', 'dossier du reportage (créé s’il n’existe pas encore)')
    .option('--backup <dossier>', 'dossier de sauvegarde écrit en même temps (doit exister)')
    .option('--json', 'dernière ligne de sortie : le bilan en JSON')
    .action(async (source: string, o: { job: string; backup?: string; json?: boolean }) => {
      const code = await withCore(program.opts<GlobalOptions>(), (core) =>
        runIngest(
          core,
          path.resolve(source),
          path.resolve(o.job),
          o.backup ? path.resolve(o.backup) : null,
          !!o.json,
        ),
      );
      if (code !== 0) throw new CliExit(code);
    });
}

async function openOrCreateJob(core: Core, dir: string, lang: Language): Promise<string> {
  const client = core.client();
  const check = await client.call('fs.checkFolder', { path: dir });
  if (check.isJob) return (await client.call('jobs.open', { path: dir })).id;
  const created = await client.call('jobs.create', {
    dir,
    schoolName: path.basename(dir) || 'Reportage',
    town: '',
    schoolYear: schoolYearOf(new Date()),
    shootDates: [],
  });
  process.stderr.write(`${translate(lang, 'ingest.cli.jobCreated', { path: created.path })}\n`);
  return created.id;
}

function progressLine(p: TaskProgress, lang: Language): string {
  const width = 24;
  const ratio = p.total > 0 ? p.done / p.total : 0;
  const filled = Math.round(ratio * width);
  const rate = p.rate !== undefined ? ` · ${p.rate.toFixed(1)} /s` : '';
  const eta =
    p.etaSeconds !== undefined
      ? ` · ${translate(lang, 'ingest.cli.eta', { seconds: Math.ceil(p.etaSeconds) })}`
      : '';
  const bytes =
    p.bytesTotal !== undefined && p.bytesDone !== undefined
      ? ` · ${formatBytes(lang, p.bytesDone)}/${formatBytes(lang, p.bytesTotal)}`
      : '';
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.message ?? `${p.done}/${p.total}`}${bytes}${rate}${eta}`;
}

async function runIngest(
  core: Core,
  source: string,
  jobDir: string,
  backupDir: string | null,
  json: boolean,
): Promise<number> {
  const client = core.client();
  // Messages in the studio's language, as in the app.
  const lang = (await client.call('settings.get', {})).language;
  const t = (key: Parameters<typeof translate>[1], params: Record<string, string | number> = {}) =>
    translate(lang, key, params);
  const jobId = await openOrCreateJob(core, jobDir, lang);
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let taskId = '';
  // The end as announced: when a full disk keeps it out of the database, this is still the truth.
  let finished: TaskFinished | undefined;
  const offFinished = core.events.subscribe('task.finished', (f) => {
    if (f.taskId === taskId) finished = f;
  });
  const offProgress = core.events.subscribe('task.progress', (p) => {
    if (p.taskId !== taskId) return;
    const now = Date.now();
    if (tty) process.stderr.write(`\r${progressLine(p, lang)}\x1b[K`);
    else if (now - lastLine > 1000) {
      lastLine = now;
      process.stderr.write(`${progressLine(p, lang)}\n`);
    }
  });
  try {
    taskId = (await client.call('ingest.start', { jobId, source, backupDir })).taskId;
    await core.tasks.idle(jobId);
  } finally {
    offFinished();
    offProgress();
  }
  if (tty) process.stderr.write('\n');
  const task = finished ?? (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId);
  if (!task || task.status !== 'done') {
    process.stderr.write(
      `${t('ingest.cli.error', { message: task?.error?.message ?? t('ingest.cli.interrupted') })}\n`,
    );
    return 1;
  }
  const r = ingestResultSchema.parse(task.result);
  process.stderr.write(`${r.verdict}\n`);
  for (const u of r.unreadable) process.stderr.write(`  ${t('ingest.cli.unreadable', u)}\n`);
  for (const f of r.failed) process.stderr.write(`  ${t('ingest.cli.failed', f)}\n`);
  for (const f of r.repaired) process.stderr.write(`  ${t('ingest.cli.repaired', f)}\n`);
  for (const f of r.sidecars) process.stderr.write(`  ${t('ingest.cli.sidecar', f)}\n`);
  for (const f of r.others) process.stderr.write(`  ${t('ingest.cli.other', f)}\n`);
  if (json) {
    print(
      JSON.stringify({
        copied: r.copied,
        verified: r.verified,
        duplicates: r.duplicates,
        unreadable: r.unreadable,
        failed: r.failed,
        repaired: r.repaired,
        sidecars: r.sidecars,
        others: r.others,
        photos: r.photos,
        safeToFormat: r.safeToFormat,
      }),
    );
  } else {
    print(r.verdict);
    print(t('ingest.cli.summary', { verified: r.verified, duplicates: r.duplicates, photos: r.photos }));
  }
  return r.failed.length > 0 ? 1 : 0;
}
