import { describe, expect, it } from 'vitest';
import { concerns, concernsTask, type TaskFinished } from './use-data-changed';

const job = 'job-1';

describe('which change notices a screen follows', () => {
  it('follows its entities of its job only', () => {
    expect(concerns({ entity: 'photos', jobId: job }, ['photos', 'cameras'], job)).toBe(true);
    expect(concerns({ entity: 'labels', jobId: job }, ['photos', 'cameras'], job)).toBe(false);
    expect(concerns({ entity: 'photos', jobId: 'job-2' }, ['photos'], job)).toBe(false);
    expect(concerns({ entity: 'photos' }, ['photos'], job)).toBe(false);
  });

  it('follows studio-wide notices when it names no job', () => {
    expect(concerns({ entity: 'settings' }, ['settings'], null)).toBe(true);
    expect(concerns({ entity: 'settings', jobId: job }, ['settings'], null)).toBe(false);
  });

  it('follows the notices about its row, and those naming no rows', () => {
    expect(concerns({ entity: 'consent', jobId: job, ids: ['s1', 's2'] }, ['consent'], job, 's2')).toBe(true);
    expect(concerns({ entity: 'consent', jobId: job, ids: ['s1'] }, ['consent'], job, 's2')).toBe(false);
    expect(concerns({ entity: 'consent', jobId: job }, ['consent'], job, 's2')).toBe(true);
  });

  it('follows the end of the tasks it names, of its job', () => {
    const task = { taskId: 't', jobId: job, kind: 'forms.build', status: 'done' } as TaskFinished;
    expect(concernsTask(task, job, ['forms.build'])).toBe(true);
    expect(concernsTask(task, job, 'any')).toBe(true);
    expect(concernsTask(task, job, ['ingest'])).toBe(false);
    expect(concernsTask(task, job, undefined)).toBe(false);
    expect(concernsTask({ ...task, jobId: 'job-2' }, job, 'any')).toBe(false);
  });
});
