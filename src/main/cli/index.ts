/**
 * `preau`: the command line over the same core as the app, for headless work and scripting.
 * Messages are in French; exit code 0 on success, 1 when the work failed, 2 on a usage error.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Option } from 'commander';
import { RpcCallError } from '../../shared/rpc/client';
import { formatBytes, formatDate } from '../../shared/i18n';
import { ingestResultSchema } from '../../shared/domain/ingest';
import type { TaskProgress } from '../../shared/domain/task';
import { schoolYearOf } from '../../shared/domain/job';
import type { RosterPreview } from '../../shared/domain/roster';
import { createCore, type Core } from '../core/core';
import { createLogger } from '../core/logger';
import { defaultDataDir, defaultLibraryDir } from '../core/paths';
import { APP_VERSION } from '../core/version';
import { startBrowserHost } from '../server/browser-host';
import { openAppWindow } from '../server/open-browser';
import { type FaultOptions } from '../platform/faults';
import { parseFaults, startPlatform } from '../platform/platform-server';

/**
 * `PREAU_MOUNT_ROOTS` (folders separated by the platform's path delimiter) replaces the folders where
 * cards get mounted: end-to-end tests insert a fake card into a temporary folder this way.
 */
function mountRootsFromEnv(): { roots: { parents: string[]; volumes: string[] } } | undefined {
  const raw = process.env.PREAU_MOUNT_ROOTS;
  if (!raw) return undefined;
  return { roots: { parents: raw.split(path.delimiter).filter(Boolean), volumes: [] } };
}

interface GlobalOptions {
  data?: string;
  library?: string;
}

function rendererDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  return process.env.PREAU_RENDERER_DIR ?? path.resolve(here, '..', 'renderer');
}

async function withCore<T>(
  opts: GlobalOptions,
  host: 'cli' | 'browser',
  fn: (core: Core) => Promise<T>,
): Promise<T> {
  const core = await createCore({
    dataDir: opts.data ?? defaultDataDir(),
    libraryDir: opts.library ?? defaultLibraryDir(opts.data),
    host,
    logger: createLogger(),
  });
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function buildProgram(): Command {
  const program = new Command('preau')
    .description('Préau Studio en ligne de commande : reportages scolaires, sans interface.')
    .version(APP_VERSION, '-v, --version', 'affiche la version')
    .helpOption('-h, --help', 'affiche l’aide')
    .addHelpCommand('help [commande]', 'affiche l’aide d’une commande')
    .option('--data <dossier>', 'dossier de données du studio (par défaut celui de l’application)')
    .option('--library <dossier>', 'dossier où créer les nouveaux reportages')
    .showHelpAfterError('(lancez « preau --help » pour l’aide)')
    .exitOverride()
    .configureOutput({
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(frenchUsageError(s)),
    });

  program
    .command('serve')
    .description('lance l’interface dans le navigateur (hôte local, 127.0.0.1 uniquement)')
    .addOption(new Option('--port <n>', 'port d’écoute (0 = au hasard)').default('0').argParser(parsePort))
    .option('--open', 'ouvre une fenêtre Chromium/Chrome sur l’interface')
    .action(async (cmd: { port: number; open?: boolean }) => {
      const opts = program.opts<GlobalOptions>();
      const core = await createCore({
        dataDir: opts.data ?? defaultDataDir(),
        libraryDir: opts.library ?? defaultLibraryDir(opts.data),
        host: 'browser',
        watchVolumes: mountRootsFromEnv() ?? true,
      });
      const host = await startBrowserHost(core, { port: cmd.port, rendererDir: rendererDir() });
      print(`Préau Studio est prêt : ${host.url}`);
      print('Gardez cette adresse pour vous : le jeton qu’elle contient donne accès au studio.');
      if (cmd.open) {
        const opened = openAppWindow(host.url, path.join(core.info.dataDir, 'browser-profile'));
        if (!opened)
          print(
            'Aucun navigateur Chromium/Chrome trouvé : ouvrez l’adresse ci-dessus dans votre navigateur.',
          );
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await host.close();
      await core.close();
    });

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
        await withCore(program.opts<GlobalOptions>(), 'cli', async (core) => {
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
      await withCore(program.opts<GlobalOptions>(), 'cli', async (core) => {
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
      await withCore(program.opts<GlobalOptions>(), 'cli', async (core) => {
        const client = core.client();
        const job = await client.call('jobs.open', { path: path.resolve(o.job) });
        const result = await client.call('roster.import', {
          jobId: job.id,
          path: path.resolve(file),
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

  program
    .command('platform')
    .description('lance la plateforme de vente locale (bac à sable, 127.0.0.1) pour publier sans compte')
    .addOption(new Option('--port <n>', 'port d’écoute (0 = au hasard)').default('0').argParser(parsePort))
    .option('--faults <pannes>', 'mode test : pannes simulées, ex. error=0.1,drop=0.05,bandwidth=2MB')
    .action(async (cmd: { port: number; faults?: string }) => {
      const opts = program.opts<GlobalOptions>();
      let faults: FaultOptions;
      try {
        faults = parseFaults(cmd.faults ?? process.env.PREAU_PLATFORM_FAULTS);
      } catch (error) {
        throw new CommanderError(2, 'preau.faults', (error as Error).message);
      }
      const platform = await startPlatform({
        dataDir: opts.data ?? path.join(defaultDataDir(), 'platform'),
        port: cmd.port,
        faults,
        logger: createLogger(),
      });
      print(`Plateforme de vente locale prête : ${platform.url}/`);
      print(`Jeton du studio : ${platform.token}`);
      print(`Données : ${platform.dataDir}`);
      if (faults.errorRate || faults.dropRate || faults.bandwidthBytesPerSec)
        print('Mode test : pannes simulées actives.');
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await platform.close();
    });

  program
    .command('ingest')
    .description('importe une carte mémoire (ou un dossier de photos) dans un reportage, avec copie vérifiée')
    .argument('<source>', 'carte montée, son dossier DCIM, ou dossier de photos')
    .requiredOption('--job <dossier>', 'dossier du reportage (créé s’il n’existe pas encore)')
    .option('--backup <dossier>', 'dossier de sauvegarde écrit en même temps (doit exister)')
    .option('--json', 'dernière ligne de sortie : le bilan en JSON')
    .action(async (source: string, o: { job: string; backup?: string; json?: boolean }) => {
      const code = await withCore(program.opts<GlobalOptions>(), 'cli', (core) =>
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

  return program;
}

/** Commander's own usage errors, in French. */
const USAGE_ERRORS: [RegExp, string][] = [
  [/^error: required option '(.+)' not specified/, 'Erreur : l’option obligatoire « $1 » manque.'],
  [/^error: missing required argument '(.+)'/, 'Erreur : l’argument obligatoire « $1 » manque.'],
  [/^error: unknown command '(.+)'/, 'Erreur : commande inconnue « $1 ».'],
  [/^error: unknown option '(.+)'/, 'Erreur : option inconnue « $1 ».'],
  [/^error: option '(.+)' argument missing/, 'Erreur : l’option « $1 » attend une valeur.'],
  [/^error: too many arguments/, 'Erreur : trop d’arguments.'],
];

export function frenchUsageError(message: string): string {
  for (const [pattern, french] of USAGE_ERRORS)
    if (pattern.test(message)) return `${message.replace(pattern, french).trim()}\n`;
  return message;
}

/** `--mapping`: a JSON file, inline JSON, or the name of a saved profile. */
async function readMappingOption(
  value: string,
): Promise<{ mapping: Record<string, string> } | { profile: string }> {
  let json = value.trim();
  if (!json.startsWith('{')) {
    const content = await fsp.readFile(path.resolve(value), 'utf8').catch(() => undefined);
    if (content === undefined) return { profile: value };
    json = content;
  }
  try {
    const parsed = JSON.parse(json) as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      return { mapping: parsed as Record<string, string> };
  } catch {
    // reported below
  }
  throw new CommanderError(
    2,
    'preau.mapping',
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

/** Ends the command with an exit code after its own message was printed. */
class CliExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

async function openOrCreateJob(core: Core, dir: string): Promise<string> {
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
  process.stderr.write(`Reportage créé dans ${created.path}\n`);
  return created.id;
}

function progressLine(p: TaskProgress): string {
  const width = 24;
  const ratio = p.total > 0 ? p.done / p.total : 0;
  const filled = Math.round(ratio * width);
  const rate = p.rate !== undefined ? ` · ${p.rate.toFixed(1)} /s` : '';
  const eta = p.etaSeconds !== undefined ? ` · reste ${Math.ceil(p.etaSeconds)} s` : '';
  const bytes =
    p.bytesTotal !== undefined && p.bytesDone !== undefined
      ? ` · ${formatBytes('fr', p.bytesDone)}/${formatBytes('fr', p.bytesTotal)}`
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
  const jobId = await openOrCreateJob(core, jobDir);
  const client = core.client();
  const tty = process.stderr.isTTY;
  let lastLine = 0;
  let taskId = '';
  const off = core.events.on((frame) => {
    if (frame.name !== 'task.progress') return;
    const p = frame.payload as TaskProgress;
    if (p.taskId !== taskId) return;
    const now = Date.now();
    if (tty) process.stderr.write(`\r${progressLine(p)}\x1b[K`);
    else if (now - lastLine > 1000) {
      lastLine = now;
      process.stderr.write(`${progressLine(p)}\n`);
    }
  });
  try {
    taskId = (await client.call('ingest.start', { jobId, source, backupDir })).taskId;
    await core.tasks.idle(jobId);
  } finally {
    off();
  }
  if (tty) process.stderr.write('\n');
  const task = (await client.call('tasks.list', { jobId })).find((t) => t.id === taskId);
  if (!task || task.status !== 'done') {
    process.stderr.write(`Erreur : ${task?.error?.message ?? 'import interrompu'}\n`);
    return 1;
  }
  const r = ingestResultSchema.parse(task.result);
  process.stderr.write(`${r.verdict}\n`);
  for (const u of r.unreadable) process.stderr.write(`  illisible : ${u.file} — ${u.reason}\n`);
  for (const f of r.failed) process.stderr.write(`  ÉCHEC : ${f.file} — ${f.reason}\n`);
  if (json) {
    print(
      JSON.stringify({
        copied: r.copied,
        verified: r.verified,
        duplicates: r.duplicates,
        unreadable: r.unreadable,
        failed: r.failed,
        photos: r.photos,
        safeToFormat: r.safeToFormat,
      }),
    );
  } else {
    print(r.verdict);
    print(`${r.verified} fichier(s) copiés et vérifiés, ${r.duplicates} doublon(s), ${r.photos} photo(s).`);
  }
  return r.failed.length > 0 ? 1 : 0;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CommanderError(2, 'preau.port', `port invalide : ${value}`);
  return n;
}

/** Accepts dd/mm/yyyy (as users write it) or yyyy-mm-dd. */
function collectDates(value: string, previous: string[]): string[] {
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  const iso = fr ? `${fr[3]}-${fr[2]!.padStart(2, '0')}-${fr[1]!.padStart(2, '0')}` : value.trim();
  return [...previous, iso];
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CliExit) return error.code;
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.exitCode === 0
      )
        return 0;
      if (error.code === 'preau.port' || error.code === 'preau.mapping' || error.code === 'preau.faults')
        process.stderr.write(`Erreur : ${error.message}\n`);
      return 2;
    }
    if (error instanceof RpcCallError) {
      process.stderr.write(`Erreur : ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`Erreur inattendue : ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
