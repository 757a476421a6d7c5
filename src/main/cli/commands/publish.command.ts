/**
 * `preau publish --job DIR`: the plan first (what goes online, who is left out and why, which class
 * photos are held back), then the publish with its progress, over the same core calls as the app.
 * The token comes from PREAU_PLATFORM_TOKEN or a file only its owner can read, never from the
 * command line (it would show in the shell history and the process list), and is never printed.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type {
  ExcludedStudent,
  HeldBackClassPhoto,
  PublishPlanView,
  PublishResult,
} from '../../../shared/domain/publish';
import type { TaskProgress } from '../../../shared/domain/task';
import { count, formatBytes } from '../../../shared/i18n';
import { type GlobalOptions, print, withCore } from '../cli-context';
import { addPlatformOptions, platformConnection } from '../platform-options';
import { runTaskToEnd } from '../task-run';

const REASONS: Record<ExcludedStudent['reason'], string> = {
  no_online_consent: 'pas d’autorisation de diffusion en ligne',
  no_photo_consent: 'pas d’autorisation de photographier valable',
  no_class: 'sans classe',
  no_photos: 'aucune photo',
};

const HOLDS: Record<HeldBackClassPhoto['reason'], string> = {
  students_without_online_consent: 'sans autorisation de diffusion en ligne',
  unknown_students: 'des personnes indiquées ne sont pas dans la liste d’élèves',
  no_students_listed: 'personne n’est indiqué sur la photo',
};

const bytes = (n: number) => formatBytes('fr', n);

function printPlan(plan: PublishPlanView): void {
  print(`Plateforme : ${plan.platformUrl ?? 'aucune configurée'}`);
  print(
    `En ligne : ${count(plan.galleries, 'galerie', 'galeries')} pour ${count(plan.students, 'élève', 'élèves')}, ${count(plan.photos, 'photo', 'photos')}, ${count(plan.classPhotos, 'photo', 'photos')} de classe, ${count(plan.orderForms, 'bon', 'bons')} de commande — ${count(plan.files, 'fichier', 'fichiers')}, ${bytes(plan.totalBytes)}`,
  );
  if (plan.remote) {
    const r = plan.remote;
    if (r.upToDate)
      print(`La plateforme montre déjà ce contenu (version ${r.previousVersion ?? '—'}) : rien à envoyer.`);
    else
      print(
        `Depuis la dernière publication : ${count(r.studentsAdded, 'galerie ajoutée', 'galeries ajoutées')}, ${count(r.studentsChanged, 'modifiée', 'modifiées')}, ${count(r.studentsRemoved, 'retirée', 'retirées')} — à envoyer : ${count(r.filesToSend, 'fichier', 'fichiers')}, ${bytes(r.bytesToSend)}`,
      );
  }
  if (plan.pendingRemovals > 0)
    print(
      `${count(plan.pendingRemovals, 'retrait demandé', 'retraits demandés')} après un retrait de consentement : faits par cette publication.`,
    );
  if (plan.excluded.length > 0) {
    print(`${count(plan.excluded.length, 'élève non publié', 'élèves non publiés')} :`);
    for (const e of plan.excluded)
      print(`  - ${e.classLabel || 'sans classe'} — ${e.name} : ${REASONS[e.reason]}`);
  }
  if (plan.heldBack.length > 0) {
    print(
      `${count(plan.heldBack.length, 'photo de classe retenue', 'photos de classe retenues')} sur ce poste :`,
    );
    for (const h of plan.heldBack)
      print(`  - ${h.classLabel} : ${h.students.join(', ') || '—'} ${HOLDS[h.reason]}`);
  }
}

/** Progress lines, with the byte rate and the time left measured since the upload began. */
function progressPrinter(): (p: TaskProgress) => string {
  let start: { at: number; bytes: number } | null = null;
  return (p) => {
    if (p.message === 'preparing') return `Préparation des fichiers : ${p.done}/${p.total}`;
    if (p.message === 'finalizing') return 'Mise en ligne (bascule de la galerie)…';
    const done = p.bytesDone ?? 0;
    const total = p.bytesTotal ?? 0;
    start ??= { at: performance.now(), bytes: done };
    const seconds = (performance.now() - start.at) / 1000;
    const rate = seconds > 0.5 ? (done - start.bytes) / seconds : 0;
    const speed = rate > 0 ? ` — ${bytes(rate)}/s, reste ${Math.ceil((total - done) / rate)} s` : '';
    return `Envoi : ${p.done}/${count(p.total, 'fichier', 'fichiers')}, ${bytes(done)} / ${bytes(total)}${speed}`;
  };
}

const excludedJson = (list: readonly ExcludedStudent[]) =>
  list.map((e) => ({ studentId: e.studentId, name: e.name, class: e.classLabel, reason: e.reason }));

export function registerPublishCommand(program: Command): void {
  const command = program
    .command('publish')
    .description(
      'publie les galeries et bons de commande du reportage sur la plateforme de vente (reprend où elle s’était arrêtée)',
    )
    .requiredOption('--job <dossier>', 'dossier du reportage');
  addPlatformOptions(command)
    .option('--dry-run', 'affiche seulement ce qui serait publié')
    .option('--json', 'termine par une ligne JSON')
    .action(
      async (o: { job: string; target?: string; tokenFile?: string; dryRun?: boolean; json?: boolean }) => {
        // --target names the platform and its token (environment or private file); without it, the
        // studio's publish target is used with the token the app keeps (local sandbox by default).
        const connection = await platformConnection(o);
        await withCore(
          program.opts<GlobalOptions>(),
          async (core) => {
            const client = core.client();
            const job = await client.call('jobs.open', { path: path.resolve(o.job) });
            const plan = await client.call('publish.plan', { jobId: job.id });
            printPlan(plan);
            if (o.dryRun) {
              if (o.json)
                print(
                  JSON.stringify({
                    dryRun: true,
                    files: plan.files,
                    bytes: plan.totalBytes,
                    toSend: plan.remote?.filesToSend ?? null,
                    bytesToSend: plan.remote?.bytesToSend ?? null,
                    excluded: excludedJson(plan.excluded),
                    heldBack: plan.heldBack.length,
                    galleryUrl: plan.familyUrl,
                  }),
                );
              return;
            }
            const task = await client.call('publish.start', { jobId: job.id });
            const line = progressPrinter();
            const done = await runTaskToEnd(core, job.id, task, {
              progress: line,
              cancelled: 'Publication annulée : ce qui a été envoyé est gardé, relancez pour reprendre.',
              failed: 'La publication n’a pas abouti.',
            });
            const result = done.result as PublishResult;
            print(
              result.status === 'up_to_date'
                ? `Rien de nouveau : la plateforme montre déjà la version ${result.version}.`
                : `Publié (version ${result.version}) : ${count(result.filesSent, 'fichier envoyé', 'fichiers envoyés')}, ${bytes(result.bytesSent)} ; ${result.filesSkipped} déjà en ligne.`,
            );
            print(`Page des familles : ${result.familyUrl}`);
            if (o.json)
              print(
                JSON.stringify({
                  status: result.status,
                  version: result.version,
                  sent: result.filesSent,
                  bytesSent: result.bytesSent,
                  skipped: result.filesSkipped,
                  students: result.students,
                  excluded: excludedJson(result.excluded),
                  heldBack: result.heldBack.map((h) => ({ class: h.classLabel, reason: h.reason })),
                  galleryUrl: result.familyUrl,
                }),
              );
          },
          { port: { platformTarget: () => Promise.resolve(connection) } },
        );
      },
    );
}
