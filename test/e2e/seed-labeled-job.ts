/**
 * A job as the proofing and publishing screens expect it, written before the browser host starts:
 * two classes of four students with three photos each and a class photo, sorted and labeled by hand.
 */
import path from 'node:path';
import { createCore } from '../../src/main/core/core';
import { silentLogger } from '../../src/main/lib/logger';
import { seedShoot, type SeededShoot } from '../fixtures/labeling-shoot';

/** A core on the e2e root's data folder, as the browser host under test opens it. */
export function openSeedCore(root: string) {
  return createCore({
    host: 'test',
    logger: silentLogger,
    dataDir: path.join(root, 'data'),
    libraryDir: path.join(root, 'library'),
  });
}

/** Two classes of four students with three photos each, sorted and labeled by hand beforehand. */
export async function seedLabeledJob(
  root: string,
  schoolName: string,
): Promise<SeededShoot & { jobId: string; jobPath: string }> {
  const core = await openSeedCore(root);
  try {
    const client = core.client();
    const job = await client.call('jobs.create', {
      schoolName,
      town: 'Nantes',
      schoolYear: '2026-2027',
      shootDates: ['2026-10-06'],
    });
    const shoot = await seedShoot(core, job.id, { classes: 2, studentsPerClass: 4, burst: 3, images: true });
    const sessions = await client.call('sessions.list', { jobId: job.id });
    for (const [i, s] of sessions.sessions.entries())
      await client.call('sessions.assignClass', {
        jobId: job.id,
        sessionId: s.id,
        classId: shoot.classes[i]!.id,
      });
    for (let c = 0; c < 2; c += 1) {
      const of = (s: number | null) =>
        shoot.photos.filter((p) => p.classIndex === c && p.studentIndex === s).map((p) => p.id);
      await client.call('photos.mark', { jobId: job.id, photoIds: of(null), mark: 'class' });
      for (let s = 0; s < 4; s += 1)
        await client.call('labels.assign', {
          jobId: job.id,
          photoIds: of(s),
          studentIds: [shoot.classes[c]!.students[s]!.id],
        });
    }
    return { ...shoot, jobId: job.id, jobPath: job.path };
  } finally {
    await core.close();
  }
}
