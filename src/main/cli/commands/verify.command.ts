/**
 * `preau verify`: « Vérifier les originaux » at the command line. Every original and every
 * registered backup copy of the job is read back and compared with the SHA-256 recorded at ingest;
 * each damaged or missing copy is named, and the exit code is 1 while one is left. `--repair` is
 * the confirmation: only then is a damaged copy remade from an intact copy of the same file.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { originalsClean, originalsReportSchema, type CopyIssue } from '../../../shared/domain/originals';
import type { TaskFinished } from '../../../shared/domain/task';
import { formatBytes, translate, type MessageKey } from '../../../shared/i18n';
import type { Core } from '../../core/core';
import { CliExit, print, withCore, type GlobalOptions } from '../cli-context';

export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description(
      'vérifie les originaux d’un reportage et ses copies de sauvegarde (empreintes SHA-256 de l’import)',
    )
    .requiredOption('--job <dossier>', 'dossier du reportage')
    .option('--repair', 'refait chaque copie endommagée ou absente depuis une copie intacte du même fichier')
    .option('--json', 'dernière ligne de sortie : le bilan en JSON')
    .action(async (o: { job: string; repair?: boolean; json?: boolean }) => {
      const code = await withCore(program.opts<GlobalOptions>(), (core) =>
        runVerify(core, path.resolve(o.job), !!o.repair, !!o.json),
      );
      if (code !== 0) throw new CliExit(code);
    });
}

async function runVerify(core: Core, jobDir: string, repair: boolean, json: boolean): Promise<number> {
  const client = core.client();
  const lang = (await client.call('settings.get', {})).language;
  const t = (key: MessageKey, params: Record<string, string | number> = {}) => translate(lang, key, params);
  const { id: jobId } = await client.call('jobs.open', { path: jobDir });
  let taskId = '';
  let finished: TaskFinished | undefined;
  let lastLine = 0;
  const tty = process.stderr.isTTY;
  const offFinished = core.events.subscribe('task.finished', (f) => {
    if (f.taskId === taskId) finished = f;
  });
  const offProgress = core.events.subscribe('task.progress', (p) => {
    if (p.taskId !== taskId || !p.message) return;
    const now = Date.now();
    if (tty) process.stderr.write(`\r${p.message}\x1b[K`);
    else if (now - lastLine > 1000) {
      lastLine = now;
      process.stderr.write(`${p.message}\n`);
    }
  });
  try {
    taskId = (await client.call('originals.verify', { jobId, repair })).taskId;
    await core.tasks.idle(jobId);
  } finally {
    offFinished();
    offProgress();
  }
  if (tty) process.stderr.write('\n');
  const task = finished ?? (await client.call('tasks.list', { jobId })).find((x) => x.id === taskId);
  if (!task || task.status !== 'done') {
    process.stderr.write(
      `${t('ingest.cli.error', { message: task?.error?.message ?? t('ingest.cli.interrupted') })}\n`,
    );
    return 1;
  }
  const r = originalsReportSchema.parse(task.result);
  const line = (key: MessageKey, i: CopyIssue) => t(key, { file: i.file, copy: i.copy });
  for (const d of r.damaged) {
    print(line(d.state === 'missing' ? 'originals.cli.missing' : 'originals.cli.damaged', d));
    if (!d.repairable) print(`  ${t('originals.issue.noTwin')}`);
  }
  for (const d of r.repaired) print(line('originals.cli.repaired', d));
  for (const u of r.unreachable) print(t('originals.cli.unreachable', { count: u.copies, folder: u.folder }));
  if (r.damaged.length === 0 && r.unreachable.length === 0)
    print(t('originals.cli.clean', { copies: r.copies, files: r.files, size: formatBytes(lang, r.bytes) }));
  const repairable = r.damaged.filter((d) => d.repairable).length;
  if (!repair && repairable > 0) print(t('originals.cli.hintRepair', { count: repairable }));
  print(
    t('originals.cli.summary', {
      files: r.files,
      intact: r.intact,
      damaged: r.damaged.length,
      repaired: r.repaired.length,
    }),
  );
  if (json) print(JSON.stringify(r));
  return originalsClean(r) ? 0 : 1;
}
