/**
 * `preau student export` and `preau student erase`: the right of access and the right to erasure
 * of one student, over the same core calls as the « Données d'un élève » panel. The student is
 * named by id or as « NOM Prénom » (either order, accents and case ignored). Erasure always shows
 * its dry run first, then asks for the family name unless `--yes`; without a terminal to ask,
 * `--yes` is required.
 */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import type { ErasureReport } from '../../../shared/domain/gdpr';
import type { Student } from '../../../shared/domain/roster';
import type { Client } from '../../../shared/rpc/client';
import { count, formatDateTime, isMessageKey, translate } from '../../../shared/i18n';
import { handoutWord, kindWord } from '../../core/gdpr/access-words';
import { CliExit, type GlobalOptions, print, usageError, withCore } from '../cli-context';

function folded(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[\s'’-]+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The student named by id or « NOM Prénom »; a usage error naming the candidates otherwise. */
async function findStudent(client: Client, jobId: string, query: string): Promise<Student> {
  const students = await client.call('students.list', { jobId, includeArchived: true });
  const byId = students.find((s) => s.id === query.trim());
  if (byId) return byId;
  const q = folded(query);
  const names = (s: Student) =>
    [s.displayName, s.familyName].flatMap((family) => [
      folded(`${family} ${s.firstName}`),
      folded(`${s.firstName} ${family}`),
    ]);
  const matches = students.filter((s) => names(s).includes(q));
  const classes = new Map((await client.call('classes.list', { jobId })).map((c) => [c.id, c.label]));
  const label = (s: Student) =>
    `${s.displayName} ${s.firstName} (${(s.classId && classes.get(s.classId)) || 'sans classe'}, id ${s.id})`;
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1)
    throw usageError(
      `Plusieurs élèves s’appellent « ${query} » : ${matches.map(label).join(' ; ')}. Désignez-le par son id.`,
    );
  const close = students.filter((s) => names(s).some((n) => n.includes(q))).slice(0, 5);
  throw usageError(
    `Aucun élève « ${query} » dans ce reportage.${close.length > 0 ? ` Élèves proches : ${close.map(label).join(' ; ')}.` : ' Écrivez « NOM Prénom » comme dans la liste d’élèves.'}`,
  );
}

function printPlan(report: ErasureReport): void {
  print(
    `${count(report.photosDeleted, 'photo de l’élève supprimée', 'photos de l’élève supprimées')} partout${report.sharedPhotosKept > 0 ? `, ${count(report.sharedPhotosKept, 'photo de groupe conservée', 'photos de groupe conservées')} sans son nom` : ''}.`,
  );
  const groups = new Map<string, number>();
  for (const f of report.files)
    groups.set(`${f.kind}\t${f.action}`, (groups.get(`${f.kind}\t${f.action}`) ?? 0) + 1);
  if (groups.size === 0) print('Aucun fichier ne nomme l’élève.');
  for (const [key, n] of groups) {
    const [kind, action] = key.split('\t') as [ErasureReport['files'][number]['kind'], string];
    print(`  ${n} × ${kindWord(kind)} : ${action === 'delete' ? 'à supprimer' : 'à refaire sans l’élève'}`);
  }
  print(
    report.platform.galleries > 0
      ? `En ligne : contenu à supprimer de ${count(report.platform.galleries, 'galerie', 'galeries')}.`
      : 'En ligne : rien.',
  );
  const rows = Object.entries(report.rows).filter(([, n]) => n > 0);
  const owner = (name: string) => {
    const key = `studentData.owner.${name}`;
    return isMessageKey(key) ? translate('fr', key) : name;
  };
  if (rows.length > 0) print(`Enregistrements : ${rows.map(([k, n]) => `${owner(k)} (${n})`).join(', ')}.`);
  printHandedOut(report);
}

function printHandedOut(report: ErasureReport): void {
  if (report.handedOut.length === 0) return;
  print('Copies déjà sorties du logiciel (il ne peut pas les effacer : à traiter par le studio) :');
  for (const h of report.handedOut)
    print(`  - ${kindWord(h.kind)}, ${handoutWord(h.how)} le ${formatDateTime('fr', h.at)} : ${h.path}`);
}

function summary(report: ErasureReport) {
  return {
    dryRun: report.dryRun,
    photosDeleted: report.photosDeleted,
    sharedPhotosKept: report.sharedPhotosKept,
    filesDeleted: report.filesDeleted,
    filesRegenerated: report.filesRegenerated,
    filesFailed: report.files.filter((f) => f.outcome === 'failed').length,
    files: report.files.map((f) => ({ kind: f.kind, action: f.action, outcome: f.outcome, path: f.path })),
    platform: report.platform.status,
    handedOut: report.handedOut,
    rows: report.rows,
  };
}

async function confirmByName(student: Student): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(
      `Pour confirmer, tapez le nom de famille de l’élève (${student.familyName}) : `,
    );
    return folded(answer) !== '' && folded(answer) === folded(student.familyName);
  } finally {
    rl.close();
  }
}

export function registerStudentCommand(program: Command): void {
  const student = program
    .command('student')
    .description('données d’un élève : droit d’accès (export) et droit à l’effacement');
  student
    .command('export')
    .description(
      'écrit un zip pour la famille : un PDF en français, un tableur des enregistrements et les photos',
    )
    .requiredOption('--job <dossier>', 'dossier du reportage')
    .requiredOption('--student <élève>', 'id de l’élève ou « NOM Prénom »')
    .option('--out <fichier>', 'fichier zip de sortie (par défaut exports/droit-d-acces du reportage)')
    .action(async (o: { job: string; student: string; out?: string }) => {
      await withCore(program.opts<GlobalOptions>(), async (core) => {
        const client = core.client();
        const job = await client.call('jobs.open', { path: path.resolve(o.job) });
        const found = await findStudent(client, job.id, o.student);
        const result = await client.call('students.exportAccess', {
          jobId: job.id,
          studentId: found.id,
          ...(o.out ? { out: path.resolve(o.out) } : {}),
        });
        print(`Export du droit d’accès écrit : ${result.path}`);
        print(
          `  ${count(result.photos, 'photo', 'photos')}, ${count(result.records, 'enregistrement', 'enregistrements')}, au nom de l’association.`,
        );
      });
    });
  student
    .command('erase')
    .description('efface l’élève partout (photos, fichiers, enregistrements, en ligne), après un essai')
    .requiredOption('--job <dossier>', 'dossier du reportage')
    .requiredOption('--student <élève>', 'id de l’élève ou « NOM Prénom »')
    .option('--dry-run', 'affiche seulement ce qui serait effacé')
    .option('--yes', 'efface sans demander de confirmation')
    .option('--json', 'termine par une ligne JSON')
    .action(async (o: { job: string; student: string; dryRun?: boolean; yes?: boolean; json?: boolean }) => {
      await withCore(program.opts<GlobalOptions>(), async (core) => {
        const client = core.client();
        const job = await client.call('jobs.open', { path: path.resolve(o.job) });
        const found = await findStudent(client, job.id, o.student);
        const plan = await client.call('students.erase', {
          jobId: job.id,
          studentId: found.id,
          dryRun: true,
        });
        print(`Essai d’effacement de ${found.firstName} ${found.displayName} (rien n’est encore supprimé) :`);
        printPlan(plan);
        if (o.dryRun) {
          if (o.json) print(JSON.stringify(summary(plan)));
          return;
        }
        if (!o.yes) {
          if (!process.stdin.isTTY)
            throw usageError('pour effacer sans question (script, tâche planifiée), ajoutez --yes.');
          if (!(await confirmByName(found))) {
            print('Nom différent : rien n’a été effacé.');
            throw new CliExit(1);
          }
        }
        const report = await client.call('students.erase', {
          jobId: job.id,
          studentId: found.id,
          dryRun: false,
        });
        print(
          `Élève effacé : ${count(report.photosDeleted, 'photo', 'photos')}, ${count(report.filesDeleted, 'fichier supprimé', 'fichiers supprimés')}, ${count(report.filesRegenerated, 'fichier refait', 'fichiers refaits')} sans l’élève. Une trace anonyme est dans le journal d’audit.`,
        );
        if (report.platform.status !== 'not_published') print(`En ligne : ${report.platform.note}`);
        const failed = report.files.filter((f) => f.outcome === 'failed');
        for (const f of failed) print(`  À SUPPRIMER À LA MAIN : ${f.path} — ${f.note}`);
        for (const b of report.missingBackups) print(`  Copie de sauvegarde introuvable, à supprimer : ${b}`);
        printHandedOut(report);
        if (o.json) print(JSON.stringify(summary(report)));
        if (failed.length > 0) {
          process.stderr.write(
            `Erreur : l’élève est encore nommé dans ${count(failed.length, 'fichier', 'fichiers')} (liste ci-dessus) : modification impossible.\n`,
          );
          throw new CliExit(1);
        }
      });
    });
}
