import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PublishPlanView } from '../../../shared/domain/publish';
import type { TaskInfo } from '../../../shared/domain/task';
import { PublishView, type PublishViewProps } from './PublishSection';

const JOB = '7f0c2a8e-3d8e-4c1b-9a57-2f4f1d1b6a10';
const noop = () => {};

const PLAN: PublishPlanView = {
  jobId: JOB,
  platformUrl: 'http://127.0.0.1:41234',
  familyUrl: 'http://127.0.0.1:41234/',
  galleries: 24,
  students: 25,
  photos: 72,
  classPhotos: 1,
  orderForms: 24,
  files: 97,
  totalBytes: 12_400_000,
  retention: { closeDate: '2027-08-21', deleteDate: '2027-12-31' },
  excluded: [{ studentId: 's1', name: 'Hugo Martin', classLabel: 'CP A', reason: 'no_online_consent' }],
  heldBack: [
    {
      classId: 'c1',
      classLabel: 'CP A',
      photoId: 'p1',
      reason: 'students_without_online_consent',
      students: ['Hugo Martin'],
    },
  ],
  pendingRemovals: 0,
  remote: {
    upToDate: false,
    previousVersion: null,
    studentsAdded: 24,
    studentsChanged: 0,
    studentsRemoved: 0,
    filesAdded: 97,
    filesRemoved: 0,
    filesToSend: 97,
    bytesToSend: 12_400_000,
  },
};

function view(patch: Partial<PublishViewProps>): string {
  return renderToStaticMarkup(
    <PublishView
      plan={PLAN}
      history={[]}
      loading={false}
      error={null}
      notice={null}
      active={undefined}
      progress={undefined}
      rate={null}
      last={undefined}
      onRefresh={noop}
      onStart={noop}
      onCancel={noop}
      onRemove={noop}
      onDismissError={noop}
      onDismissNotice={noop}
      {...patch}
    />,
  );
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/[\u202f\u00a0]/g, ' ')
    .trim();

const task: TaskInfo = {
  id: 't1',
  jobId: JOB,
  kind: 'publish',
  status: 'running',
  createdAt: '2027-06-01T08:00:00.000Z',
  finishedAt: null,
  done: 0,
  total: 0,
  error: null,
  result: null,
};

describe('PublishView', () => {
  it('shows the plan before sending: counts, size, dates, who is left out and why, held-back class photos', () => {
    const shown = text(view({}));
    expect(shown).toContain(
      '24 galeries privées pour 25 élèves : 72 photos, 1 photo de classe, 24 bons de commande',
    );
    expect(shown).toContain(
      'Galerie ouverte jusqu’au 21/08/2027 ; fichiers supprimés de la plateforme le 31/12/2027.',
    );
    expect(shown).toContain('À envoyer : 97 fichiers');
    expect(shown).toContain(
      'CP A Hugo Martin pas d’autorisation de diffusion en ligne Retirer de la plateforme maintenant',
    );
    expect(shown).toContain('Photos de classe gardées sur ce poste (1)');
    expect(shown).toContain('CP A — élève sans autorisation de diffusion en ligne : Hugo Martin');
    expect(shown).toContain('Ce reportage n’a pas encore été publié.');
  });

  it('says when no platform is configured and offers no publish button that could work', () => {
    const html = view({ plan: { ...PLAN, platformUrl: null, remote: null } });
    expect(text(html)).toContain('Aucune plateforme de publication configurée');
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Publier<\/button>/);
  });

  it('shows upload progress in files and bytes with the rate and time left, and a cancel button', () => {
    const html = view({
      active: task,
      progress: {
        taskId: 't1',
        jobId: JOB,
        kind: 'publish',
        done: 3,
        total: 10,
        bytesDone: 2_000_000,
        bytesTotal: 8_000_000,
        message: 'uploading',
      },
      rate: 1_000_000,
    });
    const shown = text(html);
    expect(shown).toContain('3 sur 10 fichiers');
    expect(shown).toContain('Annuler la publication');
    expect(html).toContain('aria-valuenow="25"');
    expect(shown).toMatch(/reste environ 6 s/);
  });

  it('counts what the platform already held apart, and says so when nothing is left to send', () => {
    const progress = (done: number, total: number, message: string) => ({
      taskId: 't1',
      jobId: JOB,
      kind: 'publish',
      done,
      total,
      bytesDone: done * 100_000,
      bytesTotal: total * 100_000,
      message,
    });
    const resumed = text(view({ active: task, progress: progress(5, 10, 'uploading') }));
    expect(resumed).toContain('5 sur 10 fichiers');
    expect(resumed).toContain('87 déjà sur la plateforme');
    const nothing = view({ active: task, progress: progress(0, 0, 'finalizing') });
    expect(text(nothing)).toContain('Mise en ligne de la nouvelle version…');
    expect(text(nothing)).toContain('La plateforme a déjà tous les fichiers : rien à envoyer.');
    expect(text(nothing)).not.toContain('0 sur 0');
    expect(nothing).toContain('aria-valuenow="100"');
  });

  it('shows the history: when, who, the platform’s answer, what was sent', () => {
    const shown = text(
      view({
        history: [
          {
            at: '2027-06-01T08:12:03.120Z',
            actor: 'marie@electron',
            kind: 'published',
            answer: 'Galerie publiée (version 1) : 24 élèves, 97 fichiers',
            platformUrl: 'http://127.0.0.1:41234',
            version: 1,
            filesSent: 97,
            bytesSent: 12_400_000,
            students: 24,
          },
        ],
      }),
    );
    expect(shown).toContain(
      'marie@electron Galerie publiée (version 1) : 24 élèves, 97 fichiers 97 fichiers',
    );
  });
});
