import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../../shared/domain/task';
import { TasksView } from './TasksPanel';

const JOB = '7f0c2a8e-3d8e-4c1b-9a57-2f4f1d1b6a10';

function task(patch: Partial<TaskInfo>): TaskInfo {
  return {
    id: 't1',
    jobId: JOB,
    kind: 'ingest',
    status: 'running',
    createdAt: '2026-10-14T08:00:00.000Z',
    finishedAt: null,
    done: 0,
    total: 0,
    error: null,
    result: null,
    ...patch,
  };
}

/** Visible text only, one space between elements. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const noop = () => {};

describe('TasksView', () => {
  it('shows live progress of a running task: count, rate, time left, bar and a cancel button', () => {
    const html = renderToStaticMarkup(
      <TasksView
        tasks={[task({ id: 'run', done: 3, total: 40 })]}
        progress={{
          run: { taskId: 'run', jobId: JOB, kind: 'ingest', done: 12, total: 40, rate: 2.5, etaSeconds: 125 },
        }}
        cancelling={{}}
        onCancel={noop}
      />,
    );
    expect(text(html)).toContain('12 sur 40 · 2,5 par seconde · reste environ 2 min 5 s');
    expect(html).toContain('aria-valuenow="30"');
    expect(html).toContain('width:30%');
    expect(text(html)).toContain('Annuler');
    expect(text(html)).not.toContain('Aucun travail en cours');
  });

  it('says when a cancellation is under way', () => {
    const html = renderToStaticMarkup(
      <TasksView
        tasks={[task({ id: 'run', status: 'queued' })]}
        progress={{}}
        cancelling={{ run: true }}
        onCancel={noop}
      />,
    );
    expect(text(html)).toContain('En attente');
    expect(text(html)).toContain('Annulation…');
  });

  it('lists finished tasks with their outcome and the reason of a failure', () => {
    const out = text(
      renderToStaticMarkup(
        <TasksView
          tasks={[
            task({ id: 'a', status: 'done', done: 40, total: 40, finishedAt: '2026-10-14T09:30:00.000Z' }),
            task({
              id: 'b',
              status: 'failed',
              finishedAt: '2026-10-14T09:40:00.000Z',
              error: { code: 'disk_full', message: '…', params: { path: '/media/carte' } },
            }),
          ]}
          progress={{}}
          cancelling={{}}
          onCancel={noop}
        />,
      ),
    );
    expect(out).toContain('Aucun travail en cours.');
    expect(out).toContain('Terminé 40 sur 40 · terminé le 14/10/2026');
    expect(out).toContain('Échec');
    expect(out).toContain('Le disque de « /media/carte » est plein.');
  });
});
