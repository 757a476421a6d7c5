/**
 * Publishing a real job (labeled shoot, roster, consents, access codes) to a real sandbox platform
 * through the contract: the consent gate on the job's data, withdrawal after publication, the
 * no-op republish, "remove now", history, and purge and erasure reaching the platform the job
 * published to.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RpcCallError } from '../../src/shared/rpc/client';
import { errorMessage } from '../../src/shared/i18n';
import { cachePaths } from '../../src/main/core/ingest/derivatives';
import type { PublishResult } from '../../src/shared/domain/publish';
import { testCore } from '../helpers/core';
import { expectStoreHoldsExactly, clientFor, familyView } from '../helpers/platform';
import { parseFaults } from '../../src/main/platform/platform-server';
import type { TaskProgress } from '../../src/shared/domain/task';
import { publishSchool, type PublishSchool } from '../fixtures/publish-school';

async function publish(s: PublishSchool): Promise<PublishResult> {
  const task = await s.client.call('publish.start', { jobId: s.jobId });
  await s.core.tasks.idle(s.jobId);
  const done = (await s.client.call('tasks.list', { jobId: s.jobId })).find((t) => t.id === task.id)!;
  expect(done.error).toBeNull();
  expect(done.status).toBe('done');
  return done.result as PublishResult;
}

/** SHA-256 of the web copies made for these photos (what would have gone online). */
function webShasOf(s: PublishSchool, photoIds: readonly string[]): string[] {
  const dir = path.join(s.jobDir, 'cache', 'web');
  const names = (() => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  })();
  return names
    .filter((n) => photoIds.some((id) => n.startsWith(`${id}-`)))
    .map((n) =>
      createHash('sha256')
        .update(readFileSync(path.join(dir, n)))
        .digest('hex'),
    );
}

const photosOf = (s: PublishSchool, classIndex: number, studentIndex: number | null) =>
  s.photos.filter((p) => p.classIndex === classIndex && p.studentIndex === studentIndex).map((p) => p.id);

describe('publishing a job to the sandbox platform', () => {
  it('leaves a student without online consent off the platform, holds back their class photo, shows the others exactly their photos', async () => {
    const s = await publishSchool({ withhold: [[0, 1]] });
    const hugo = s.classes[0]!.students[1]!;
    const plan = await s.client.call('publish.plan', { jobId: s.jobId });
    expect(plan.excluded).toEqual([
      expect.objectContaining({ studentId: hugo.id, reason: 'no_online_consent', classLabel: 'CP A' }),
    ]);
    expect(plan.heldBack).toEqual([
      expect.objectContaining({
        classLabel: 'CP A',
        reason: 'students_without_online_consent',
        students: [`${hugo.firstName} ${hugo.displayName}`],
      }),
    ]);
    expect(plan).toMatchObject({ galleries: 5, students: 5, photos: 10, classPhotos: 1, orderForms: 0 });
    expect(plan.remote).toMatchObject({ previousVersion: null, filesToSend: 11, studentsAdded: 5 });
    expect(plan.retention).toEqual({ closeDate: '2027-08-21', deleteDate: '2027-12-31' });

    const result = await publish(s);
    expect(result).toMatchObject({ status: 'published', version: 1, filesSent: 11, filesSkipped: 0 });
    expect(result.familyUrl).toBe(`${s.platform.url}/`);

    // Nothing of Hugo on the platform: not his portraits, not the class photo he is on, not his code.
    const stored = await s.platform.store.list();
    expect(stored).toHaveLength(11);
    const hugoShas = webShasOf(s, [...photosOf(s, 0, 1), ...photosOf(s, 0, null)]);
    for (const sha of hugoShas) expect(stored).not.toContain(sha);
    expect((await familyView(s.platform, await s.codeOf(hugo.id))).status).toBe(401);

    // Everyone else sees exactly their two portraits, plus the class photo where it went online.
    const seen = new Set<string>();
    for (const [c, cls] of s.classes.entries())
      for (const [i, student] of cls.students.entries()) {
        if (student.id === hugo.id) continue;
        const view = await familyView(s.platform, await s.codeOf(student.id));
        expect(view.status).toBe(200);
        const expected = [
          ...webShasOf(s, photosOf(s, c, i)),
          ...(c === 1 ? webShasOf(s, photosOf(s, 1, null)) : []),
        ];
        expect(view.images.map((img) => img.sha256).sort()).toEqual(expected.sort());
        for (const img of view.images) seen.add(img.sha256);
      }
    expect([...seen].sort()).toEqual([...stored].sort());
  });

  it('sends nothing when the job is published again unchanged', async () => {
    const s = await publishSchool({ classes: 1 });
    const first = await publish(s);
    expect(first.filesSent).toBeGreaterThan(0);
    const again = await publish(s);
    expect(again).toMatchObject({ status: 'up_to_date', filesSent: 0, bytesSent: 0, version: 1 });
    expect(again.filesSkipped).toBe(first.filesSent);
    const plan = await s.client.call('publish.plan', { jobId: s.jobId });
    expect(plan.remote).toMatchObject({ upToDate: true, filesToSend: 0, bytesToSend: 0 });
    const history = await s.client.call('publish.history', { jobId: s.jobId });
    expect(history.map((h) => h.kind)).toEqual(['published', 'published']);
    expect(history[0]).toMatchObject({ filesSent: 0, version: 1 });
    expect(history[1]).toMatchObject({ filesSent: first.filesSent, version: 1, platformUrl: s.platform.url });
    expect(history[0]!.actor).toMatch(/@test$/);
  });

  it('takes a student down at the next publish once their consent is withdrawn', async () => {
    const s = await publishSchool({ classes: 1 });
    await publish(s);
    const zoe = s.classes[0]!.students[0]!;
    const code = await s.codeOf(zoe.id);
    const zoeShas = webShasOf(s, photosOf(s, 0, 0));
    const classShas = webShasOf(s, photosOf(s, 0, null));
    expect((await familyView(s.platform, code)).status).toBe(200);

    await s.client.call('consent.withdraw', {
      jobId: s.jobId,
      studentId: zoe.id,
      use: 'online_gallery',
      holder: 'parent2',
      source: 'email',
    });
    const plan = await s.client.call('publish.plan', { jobId: s.jobId });
    expect(plan.pendingRemovals).toBe(1);
    expect(plan.excluded).toEqual([
      expect.objectContaining({ studentId: zoe.id, reason: 'no_online_consent' }),
    ]);
    expect(plan.heldBack).toHaveLength(1);
    expect(plan.remote).toMatchObject({ studentsRemoved: 1 });

    const result = await publish(s);
    expect(result).toMatchObject({ status: 'published', version: 2, filesSent: 0, removalsDone: 1 });
    const stored = await s.platform.store.list();
    for (const sha of [...zoeShas, ...classShas]) expect(stored).not.toContain(sha);
    // Their printed code now says, kindly, that the gallery is not online and whom to ask.
    const withdrawn = await familyView(s.platform, code);
    expect(withdrawn.status).toBe(410);
    expect(withdrawn.html).toContain('Cette galerie n’est pas en ligne');
    expect(withdrawn.html).toContain('Coopérative scolaire OCCE de l’école Jules Ferry');
    expect(withdrawn.html).toContain('mailto:coop.julesferry@example.fr');
    expect(withdrawn.images).toEqual([]);
    const other = await familyView(s.platform, await s.codeOf(s.classes[0]!.students[1]!.id));
    expect(other.images).toHaveLength(2);
    expect((await s.client.call('publish.plan', { jobId: s.jobId })).pendingRemovals).toBe(0);
  });

  it('removes one student from the platform at once, and says so in the history', async () => {
    const s = await publishSchool({ classes: 1 });
    await publish(s);
    const leo = s.classes[0]!.students[2]!;
    const code = await s.codeOf(leo.id);
    const removed = await s.client.call('publish.removeStudent', { jobId: s.jobId, studentId: leo.id });
    expect(removed).toEqual({ galleries: 1, removed: true, classPhotosRemoved: 1 });
    const withdrawn = await familyView(s.platform, code);
    expect(withdrawn.status).toBe(410);
    expect(withdrawn.html).toContain('Cette galerie n’est pas en ligne');
    expect(withdrawn.html).toContain('Pour toute question, contactez <strong>Coopérative scolaire OCCE');
    expect(withdrawn.html).not.toContain('Code inconnu');
    const stored = await s.platform.store.list();
    for (const sha of webShasOf(s, photosOf(s, 0, 2))) expect(stored).not.toContain(sha);
    const history = await s.client.call('publish.history', { jobId: s.jobId });
    expect(history[0]).toMatchObject({ kind: 'removed', platformUrl: s.platform.url });
    expect(JSON.stringify(history)).not.toContain(code);
    expect(JSON.stringify(history)).not.toContain(leo.familyName);
  });

  it('says clearly that no platform is configured, and still shows the local plan', async () => {
    const s = await publishSchool({ classes: 1 });
    s.target.on = false;
    const plan = await s.client.call('publish.plan', { jobId: s.jobId });
    expect(plan).toMatchObject({ platformUrl: null, remote: null, galleries: 3 });
    const error = await s.client.call('publish.start', { jobId: s.jobId }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcCallError);
    expect((error as RpcCallError).code).toBe('publish_no_platform');
    expect((error as RpcCallError).message).toContain('Aucune plateforme de publication configurée');
    expect(await s.platform.store.list()).toEqual([]);
  });

  it('lets erasure and the retention purge reach the platform the job published to', async () => {
    const s = await publishSchool({ classes: 1 });
    await publish(s);
    const zoe = s.classes[0]!.students[0]!;
    const zoeShas = webShasOf(s, photosOf(s, 0, 0));
    const erased = await s.client.call('students.erase', { jobId: s.jobId, studentId: zoe.id });
    expect(erased.platform.status).toBe('removed');
    const stored = await s.platform.store.list();
    expect(stored.length).toBeGreaterThan(0);
    for (const sha of zoeShas) expect(stored).not.toContain(sha);
    // Her web copies went with her photos.
    expect(webShasOf(s, photosOf(s, 0, 0))).toEqual([]);

    const purge = await s.client.call('retention.purge', { jobId: s.jobId, dryRun: false });
    expect(purge.platform).toEqual([
      expect.objectContaining({ status: 'removed', platformUrl: s.platform.url }),
    ]);
    expect(await s.platform.store.list()).toEqual([]);
  });

  it('gives siblings one gallery under their shared code, and sends built order forms, the same bytes each time', async () => {
    const s = await publishSchool();
    const [a, b] = [s.classes[0]!.students[0]!, s.classes[1]!.students[0]!];
    await s.client.call('siblings.link', { jobId: s.jobId, studentIds: [a.id, b.id] });
    await s.client.call('forms.build', { jobId: s.jobId });
    const plan = await s.client.call('publish.plan', { jobId: s.jobId });
    expect(plan).toMatchObject({ galleries: 5, students: 6, photos: 12, classPhotos: 2, orderForms: 5 });
    const result = await publish(s);
    expect(result.filesSent).toBe(12 + 2 + 5);

    const family = await familyView(s.platform, await s.codeOf(a.id));
    expect(family.status).toBe(200);
    const expected = [
      ...webShasOf(s, [...photosOf(s, 0, 0), ...photosOf(s, 1, 0)]),
      ...webShasOf(s, [...photosOf(s, 0, null), ...photosOf(s, 1, null)]),
    ];
    expect(family.images.map((i) => i.sha256).sort()).toEqual(expected.sort());
    expect(family.html).toContain('Télécharger le bon de commande (PDF)');
    // A sibling's own code is not printed on any form: it opens nothing.
    const own = (await s.client.call('codes.list', { jobId: s.jobId })).find(
      (c) => c.kind === 'student' && c.studentIds[0] === a.id,
    )!;
    expect((await familyView(s.platform, own.code)).status).toBe(401);

    // Building the forms again changes nothing online: the cached forms keep their bytes.
    await s.client.call('forms.build', { jobId: s.jobId });
    expect(await publish(s)).toMatchObject({ status: 'up_to_date', filesSent: 0 });
  });

  it('resumes an interrupted publish after a restart from what the platform holds, sending nothing twice in full', async () => {
    const s = await publishSchool({
      platform: { faults: parseFaults('bandwidth=150KB') },
      core: {
        publishEngine: {
          retry: { attempts: 40, baseDelayMs: 2, maxDelayMs: 40 },
          chunkBytes: 4096,
          concurrency: 2,
        },
      },
    });
    const plan = await s.client.call('publish.plan', { jobId: s.jobId });
    const halfway = new Promise<void>((resolve) =>
      s.core.events.on((event) => {
        const p = event.payload as TaskProgress;
        if (
          event.name === 'task.progress' &&
          p.message === 'uploading' &&
          (p.bytesDone ?? 0) > plan.totalBytes / 3
        )
          resolve();
      }),
    );
    const started = await s.client.call('publish.start', { jobId: s.jobId });
    // Asking again while it runs follows the same publish.
    expect((await s.client.call('publish.start', { jobId: s.jobId })).id).toBe(started.id);
    await halfway;
    // The app quits mid-upload: the task is suspended, not failed; families still see nothing.
    await s.core.close();
    expect((await familyView(s.platform, await codeFromDb(s))).status).toBe(401);

    const again = await testCore({
      ...s.coreOptions,
      dataDir: path.join(s.root, 'data'),
      libraryDir: path.join(s.root, 'library'),
    });
    const client = again.core.client();
    const job = await client.call('jobs.open', { path: s.jobDir });
    await again.core.tasks.idle(job.id);
    const task = (await client.call('tasks.list', { jobId: job.id })).find((t) => t.kind === 'publish')!;
    expect(task.status).toBe('done');
    const result = task.result as PublishResult;
    expect(result.status).toBe('published');
    expect(result.bytesSent).toBeLessThan(plan.totalBytes * 0.8);
    await expectStoreHoldsExactly(
      s.platform,
      (await clientFor(s.platform).getLiveManifest(result.galleryRef)).manifest,
    );
    expect((await familyView(s.platform, await codeFromDb(s))).status).toBe(200);
  });

  it('fails in words when the platform refuses the token, keeps it out of the history, and succeeds once fixed', async () => {
    const s = await publishSchool({ classes: 1 });
    s.target.token = 'jeton-faux-0123456789abcdef';
    const task = await s.client.call('publish.start', { jobId: s.jobId });
    await s.core.tasks.idle(s.jobId);
    const failed = (await s.client.call('tasks.list', { jobId: s.jobId })).find((t) => t.id === task.id)!;
    expect(failed.status).toBe('failed');
    expect(failed.error?.code).toBe('publish_failed');
    expect(failed.error?.message).toContain('vérifiez le jeton dans les réglages');
    // The error crosses as a code with parameters: an English reader gets it in English, no French left.
    const english = errorMessage('en', 'publish_failed', failed.error?.params);
    expect(english).toContain('check the token in the settings');
    expect(english).not.toMatch(/jeton|plateforme|HTTP 401|\/api\//);
    const history = await s.client.call('publish.history', { jobId: s.jobId });
    expect(history[0]).toMatchObject({ kind: 'failed' });
    const audit = JSON.stringify(await s.client.call('audit.list', { jobId: s.jobId }));
    expect(audit + JSON.stringify(failed)).not.toContain('jeton-faux');
    expect(audit).not.toContain(s.platform.token);
    expect(await s.platform.store.list()).toEqual([]);

    delete s.target.token;
    expect((await publish(s)).status).toBe('published');
  });

  it('names the image it cannot read instead of publishing a gallery with a hole', async () => {
    const s = await publishSchool({ classes: 1 });
    const photo = photosOf(s, 0, 1)[0]!;
    rmSync(cachePaths(s.jobDir, photo).preview);
    const error = await s.client.call('publish.plan', { jobId: s.jobId }).catch((e: unknown) => e);
    expect((error as RpcCallError).code).toBe('publish_failed');
    expect((error as RpcCallError).message).toContain(`${photo}.jpg`);
    expect((error as RpcCallError).message).toContain('régénérez les aperçus');
  });

  it('shows siblings only the one who may be online, and keeps their shared order form (both names, both proofs) off', async () => {
    const s = await publishSchool({ withhold: [[1, 0]] });
    const [a, b] = [s.classes[0]!.students[0]!, s.classes[1]!.students[0]!];
    await s.client.call('siblings.link', { jobId: s.jobId, studentIds: [a.id, b.id] });
    await s.client.call('forms.build', { jobId: s.jobId });
    const plan = await s.client.call('publish.plan', { jobId: s.jobId });
    expect(plan).toMatchObject({ galleries: 5, students: 5, photos: 10, classPhotos: 1, orderForms: 4 });
    expect(plan.excluded).toEqual([
      expect.objectContaining({ studentId: b.id, reason: 'no_online_consent' }),
    ]);
    await publish(s);
    const family = await familyView(s.platform, await s.codeOf(a.id));
    expect(family.images.map((i) => i.sha256).sort()).toEqual(
      [...webShasOf(s, photosOf(s, 0, 0)), ...webShasOf(s, photosOf(s, 0, null))].sort(),
    );
    expect(family.html).not.toContain('bon de commande (PDF)');
    const stored = await s.platform.store.list();
    for (const sha of webShasOf(s, photosOf(s, 1, 0))) expect(stored).not.toContain(sha);
  });
});

/** The first student's printed code, read from the job folder (the test's core may be closed). */
async function codeFromDb(s: PublishSchool): Promise<string> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path.join(s.jobDir, 'job.preau.sqlite'), { readonly: true });
  try {
    const id = s.classes[0]!.students[0]!.id;
    return (
      db
        .prepare("SELECT code FROM access_code WHERE kind = 'student' AND student_ids = ?")
        .get(JSON.stringify([id])) as {
        code: string;
      }
    ).code;
  } finally {
    db.close();
  }
}
