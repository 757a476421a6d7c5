import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../src/main/lib/logger';
import { type PlatformClient, PublishError } from '../../src/main/core/publish/platform-client';
import { UploadEngine, type PublishInput } from '../../src/main/core/publish/upload-engine';
import type { Manifest } from '../../src/shared/publish/protocol';
import {
  clientFor,
  expectStoreHoldsExactly,
  FAST_RETRY,
  familyView,
  testPlatform,
} from '../helpers/platform';
import { generateSchool } from '../helpers/school-fixture';
import { tempDir } from '../helpers/temp-dir';

/** A client that checks, right before the finalize call, that families still see nothing new. */
function clientCheckingBeforeFinalize(base: PlatformClient, check: () => Promise<void>): PlatformClient {
  const finalize = base.finalize.bind(base);
  base.finalize = async (...args) => {
    await check();
    return finalize(...args);
  };
  return base;
}

describe('publishing a school to the sandbox platform', () => {
  it('sends every file, verified by hash, and shows nothing to families before the finalize', async () => {
    const platform = await testPlatform();
    const school = await generateSchool(tempDir(), {
      classes: 2,
      studentsPerClass: 3,
      content: { minBytes: 5_000, maxBytes: 70_000 },
    });
    const first = school.students[0]!;
    let checked = false;
    const client = clientCheckingBeforeFinalize(clientFor(platform), async () => {
      expect((await familyView(platform, first.accessCode)).status).toBe(401);
      checked = true;
    });
    const progress: number[] = [];
    const result = await new UploadEngine(client).publish(school.input, {
      chunkBytes: 16 * 1024,
      retry: FAST_RETRY,
      onProgress: (p) => progress.push(p.bytesDone),
    });
    expect(checked).toBe(true);
    expect(result.filesSent).toBe(school.input.manifest.files.length);
    expect(result.plan.students.added).toHaveLength(6);
    expect(progress.at(-1)).toBe(result.plan.totalBytes);
    await expectStoreHoldsExactly(platform, school.input.manifest);
    const view = await familyView(platform, first.accessCode);
    expect(view.status).toBe(200);
    expect(view.images.map((i) => i.sha256).sort()).toEqual([...first.photos, ...first.classPhotos].sort());
  });

  it('keeps no access code in clear on the platform, only keyed hashes', async () => {
    const platform = await testPlatform();
    const school = await generateSchool(tempDir());
    const client = clientFor(platform);
    await new UploadEngine(client).publish(school.input, { retry: FAST_RETRY });
    const db = readFileSync(path.join(platform.dataDir, 'platform.sqlite'));
    const wal = readFileSync(path.join(platform.dataDir, 'platform.sqlite-wal'));
    const live = JSON.stringify(await client.getLiveManifest(school.input.galleryRef));
    for (const s of school.students) {
      for (const form of [s.accessCode, s.accessCode.replace('-', '')]) {
        expect(db.includes(form)).toBe(false);
        expect(wal.includes(form)).toBe(false);
        expect(live).not.toContain(form);
      }
    }
    expect((await familyView(platform, school.students[0]!.accessCode)).status).toBe(200);
  });

  it('sends nothing when the school is published again unchanged', async () => {
    const platform = await testPlatform();
    const school = await generateSchool(tempDir());
    const engine = new UploadEngine(clientFor(platform));
    await engine.publish(school.input, { retry: FAST_RETRY });
    const before = platform.stats();
    const again = await new UploadEngine(clientFor(platform)).publish(school.input, { retry: FAST_RETRY });
    expect(again.plan.upToDate).toBe(true);
    expect(again.filesSent).toBe(0);
    expect(again.plan.toSend).toEqual([]);
    expect(platform.stats().chunksAccepted).toBe(before.chunksAccepted);
  });

  it('sends a changed photo, drops removed students and files, and switches families to the new version', async () => {
    const platform = await testPlatform();
    const dir = tempDir();
    const school = await generateSchool(dir);
    await new UploadEngine(clientFor(platform)).publish(school.input, { retry: FAST_RETRY });
    const [changed, removed] = school.students;
    // A retouched pose: new bytes, new SHA-256.
    const retouched = Buffer.from('retouche — pose 1 recadrée '.repeat(500));
    const retouchedSha = createHash('sha256').update(retouched).digest('hex');
    const retouchedPath = `${dir}/retouche.jpg`;
    writeFileSync(retouchedPath, retouched);
    const oldPose = changed!.photos[0]!;
    const m = school.input.manifest;
    const next: Manifest = {
      ...m,
      students: m.students
        .filter((s) => s.studentRef !== removed!.studentRef)
        .map((s) =>
          s.studentRef === changed!.studentRef
            ? {
                ...s,
                photos: s.photos.map((p) => (p.sha256 === oldPose ? { ...p, sha256: retouchedSha } : p)),
              }
            : s,
        ),
      classes: m.classes.map((c) => ({
        ...c,
        classPhotos: c.classPhotos.map((p) => ({
          ...p,
          studentRefs: p.studentRefs.filter((r) => r !== removed!.studentRef),
        })),
      })),
      files: [
        ...m.files.filter((f) => f.sha256 !== oldPose && !removed!.photos.includes(f.sha256)),
        { sha256: retouchedSha, size: retouched.length, mediaType: 'image/jpeg' },
      ],
    };
    const input: PublishInput = {
      ...school.input,
      manifest: next,
      localPaths: new Map([...school.paths, [retouchedSha, retouchedPath]]),
    };
    // Until the finalize, families still see the previous version, whole.
    let sawOldVersion = false;
    const client = clientCheckingBeforeFinalize(clientFor(platform), async () => {
      const during = await familyView(platform, removed!.accessCode);
      expect(during.images.map((i) => i.sha256).sort()).toEqual(
        [...removed!.photos, ...removed!.classPhotos].sort(),
      );
      expect((await familyView(platform, changed!.accessCode)).images.map((i) => i.sha256)).toContain(
        oldPose,
      );
      sawOldVersion = true;
    });
    const result = await new UploadEngine(client).publish(input, { retry: FAST_RETRY });
    expect(sawOldVersion).toBe(true);
    expect(result.plan.students).toMatchObject({
      changed: [changed!.studentRef],
      removed: [removed!.studentRef],
      added: [],
    });
    expect(result.plan.files).toMatchObject({ added: 1, removed: 1 + removed!.photos.length });
    expect(result.filesSent).toBe(1);
    expect(result.version).toBe(2);
    await expectStoreHoldsExactly(platform, next);
    // A family whose child was left out of the new version is told so, and whom to ask.
    const left = await familyView(platform, removed!.accessCode);
    expect(left.status).toBe(410);
    expect(left.html).toContain('Cette galerie n’est pas en ligne');
    expect(left.html).toContain('contactez l’école (École Pasteur, Brest)');
    const view = await familyView(platform, changed!.accessCode);
    expect(view.images.map((i) => i.sha256)).toContain(retouchedSha);
    expect(view.images.map((i) => i.sha256)).not.toContain(oldPose);
  });

  it('removes one student at once: their photos, the class photo they are on, and their code', async () => {
    const platform = await testPlatform();
    const school = await generateSchool(tempDir(), { classes: 2, studentsPerClass: 2 });
    const client = clientFor(platform);
    await new UploadEngine(client).publish(school.input, { retry: FAST_RETRY });
    const [gone, classmate, , otherClass] = school.students;
    const answer = await client.removeStudent(school.input.galleryRef, gone!.studentRef);
    expect(answer).toMatchObject({ removed: true, classPhotosRemoved: 1, version: 2 });
    const stored = await platform.store.list();
    for (const sha of [...gone!.photos, ...gone!.classPhotos]) expect(stored).not.toContain(sha);
    const withdrawn = await familyView(platform, gone!.accessCode);
    expect(withdrawn.status).toBe(410);
    expect(withdrawn.html).toContain('Cette galerie n’est pas en ligne');
    expect(withdrawn.images).toEqual([]);
    expect((await familyView(platform, classmate!.accessCode)).images.map((i) => i.sha256).sort()).toEqual(
      [...classmate!.photos].sort(),
    );
    expect((await familyView(platform, otherClass!.accessCode)).images).toHaveLength(3);
    // Repeating the call is harmless.
    expect(await client.removeStudent(school.input.galleryRef, gone!.studentRef)).toMatchObject({
      removed: false,
      version: 2,
    });
  });

  it('answers "galerie fermée" once closed or past the close date, and deletes the files at the deletion date', async () => {
    let now = new Date('2027-06-01T10:00:00');
    const platform = await testPlatform({ now: () => now });
    const school = await generateSchool(tempDir());
    const input = {
      ...school.input,
      manifest: {
        ...school.input.manifest,
        retention: { closeDate: '2027-08-20', deleteDate: '2028-12-31' },
      },
    };
    const client = clientFor(platform);
    await new UploadEngine(client).publish(input, { retry: FAST_RETRY });
    const code = school.students[0]!.accessCode;
    expect((await familyView(platform, code)).status).toBe(200);
    now = new Date('2027-08-21T09:00:00');
    const closed = await familyView(platform, code);
    expect(closed.status).toBe(410);
    expect(closed.html).toContain('Galerie fermée');
    now = new Date('2028-12-31T09:00:00');
    await platform.enforceRetention();
    expect(await platform.store.list()).toEqual([]);
    expect((await client.getGallery(input.galleryRef)).state).toBe('deleted');
  });

  it('closes a gallery on request', async () => {
    const platform = await testPlatform();
    const school = await generateSchool(tempDir());
    const client = clientFor(platform);
    await new UploadEngine(client).publish(school.input, { retry: FAST_RETRY });
    expect((await client.close(school.input.galleryRef)).state).toBe('closed');
    expect((await familyView(platform, school.students[0]!.accessCode)).status).toBe(410);
  });

  it('refuses a wrong studio token without ever showing the token in errors or logs', async () => {
    const platform = await testPlatform();
    const school = await generateSchool(tempDir());
    const lines: string[] = [];
    const logger = createLogger((l) => lines.push(l), 'debug');
    const wrong = 'preau_wrong-token-that-must-stay-secret';
    const error = await new UploadEngine(clientFor(platform, wrong))
      .publish(school.input, { retry: FAST_RETRY, logger })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).code).toBe('unauthorized');
    expect((error as PublishError).message).toContain('jeton');
    const everything = [String(error), (error as Error).stack ?? '', JSON.stringify(error), ...lines].join(
      '\n',
    );
    expect(everything).not.toContain(wrong);
  });

  it('keeps the real token out of the logs during a publish with retries, and the logger masks it if handed', async () => {
    const platform = await testPlatform({ faults: { errorRate: 0.3, seed: 3 } });
    const school = await generateSchool(tempDir());
    const lines: string[] = [];
    const logger = createLogger((l) => lines.push(l), 'debug');
    await new UploadEngine(clientFor(platform)).publish(school.input, { retry: FAST_RETRY, logger });
    expect(lines.some((l) => l.includes('retry'))).toBe(true);
    expect(lines.join('\n')).not.toContain(platform.token);
    logger.error('request failed', { headers: { Authorization: `Bearer ${platform.token}` } });
    expect(lines.at(-1)).not.toContain(platform.token);
    expect(redact(`Authorization: Bearer ${platform.token}`)).not.toContain(platform.token);
  });

  it('stops with a clear message when a local file changed after the manifest was prepared, publishing nothing', async () => {
    const platform = await testPlatform();
    const school = await generateSchool(tempDir());
    const victim = school.input.manifest.files[0]!;
    const file = school.paths.get(victim.sha256)!;
    // Same size, different bytes: only the hash can tell.
    writeFileSync(file, Buffer.alloc(victim.size, 7));
    const error = await new UploadEngine(clientFor(platform))
      .publish(school.input, { retry: FAST_RETRY })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).code).toBe('local_file');
    expect((error as PublishError).message).toContain('a changé depuis la préparation');
    expect((await clientFor(platform).getGallery(school.input.galleryRef)).liveManifestRef).toBeNull();
    expect(await platform.store.list()).not.toContain(victim.sha256);
  });

  it('refuses a manifest that points at undeclared files or reuses a code, in French', async () => {
    const platform = await testPlatform();
    const school = await generateSchool(tempDir());
    const client = clientFor(platform);
    await client.putGallery(school.input.galleryRef, school.input.gallery);
    const m = school.input.manifest;
    const bad = { ...m, students: m.students.map((s) => ({ ...s, accessCode: m.students[0]!.accessCode })) };
    const error = await client.putManifest(school.input.galleryRef, 'm-bad', bad).catch((e: unknown) => e);
    expect((error as PublishError).code).toBe('invalid_request');
    expect((error as PublishError).message).toContain('code d’accès utilisé deux fois');
  });
});
