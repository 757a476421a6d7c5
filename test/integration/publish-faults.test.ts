import { truncateSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PublishError } from '../../src/main/core/publish/platform-client';
import { UploadEngine } from '../../src/main/core/publish/upload-engine';
import {
  clientFor,
  expectStoreHoldsExactly,
  FAST_RETRY,
  familyView,
  testPlatform,
} from '../helpers/platform';
import { generateSchool, type GeneratedSchool } from '../helpers/school-fixture';
import { tempDir } from '../helpers/temp-dir';
import type { PlatformHandle } from '../../src/main/platform/platform-server';

const CHUNK = 16 * 1024;

function school(): Promise<GeneratedSchool> {
  return generateSchool(tempDir(), {
    classes: 2,
    studentsPerClass: 3,
    content: { minBytes: 8_000, maxBytes: 60_000 },
  });
}

/** Publishes, checking at the finalize call that families still see nothing. */
async function publishChecked(platform: PlatformHandle, s: GeneratedSchool, chunkBytes = CHUNK) {
  const client = clientFor(platform);
  const finalize = client.finalize.bind(client);
  let finalizeCalls = 0;
  client.finalize = async (...args) => {
    if (finalizeCalls++ === 0)
      expect((await familyView(platform, s.students[0]!.accessCode)).status).toBe(401);
    return finalize(...args);
  };
  return new UploadEngine(client).publish(s.input, { chunkBytes, retry: FAST_RETRY, concurrency: 4 });
}

/** Every file present and verified, each byte accepted exactly once, and the family page live. */
async function expectCompleteAndNotDuplicated(platform: PlatformHandle, s: GeneratedSchool) {
  await expectStoreHoldsExactly(platform, s.input.manifest);
  const total = s.input.manifest.files.reduce((n, f) => n + f.size, 0);
  expect(platform.stats().bytesAccepted).toBe(total);
  expect(platform.stats().filesStored).toBe(s.input.manifest.files.length);
  const view = await familyView(platform, s.students[0]!.accessCode);
  expect(view.images.map((i) => i.sha256).sort()).toEqual(
    [...s.students[0]!.photos, ...s.students[0]!.classPhotos].sort(),
  );
}

describe('publishing through faults', () => {
  it('gets through random 500/503 answers, before and after the platform did the work', async () => {
    const platform = await testPlatform({ faults: { errorRate: 0.3, seed: 11 } });
    const s = await school();
    await publishChecked(platform, s);
    expect(platform.stats().faultsInjected).toBeGreaterThan(5);
    // A chunk that landed with only its answer lost is not sent again: the engine asks first.
    expect(platform.stats().duplicateChunks).toBe(0);
    await expectCompleteAndNotDuplicated(platform, s);
  });

  it('gets through connections dropped in the middle of chunks', async () => {
    const platform = await testPlatform({ faults: { dropRate: 0.3, seed: 5 } });
    const s = await school();
    await publishChecked(platform, s);
    expect(platform.stats().faultsInjected).toBeGreaterThan(5);
    await expectCompleteAndNotDuplicated(platform, s);
  });

  it('gets through a slow link, with faults on top', async () => {
    const platform = await testPlatform({
      faults: { bandwidthBytesPerSec: 2 * 1024 * 1024, errorRate: 0.1, dropRate: 0.1, seed: 9 },
    });
    const s = await school();
    await publishChecked(platform, s);
    await expectCompleteAndNotDuplicated(platform, s);
  });

  it('resumes after the app was killed mid-upload, from what the platform already holds', async () => {
    const platform = await testPlatform({ faults: { bandwidthBytesPerSec: 1024 * 1024 } });
    const s = await school();
    const total = s.input.manifest.files.reduce((n, f) => n + f.size, 0);
    const killed = new AbortController();
    const error = await new UploadEngine(clientFor(platform))
      .publish(s.input, {
        chunkBytes: CHUNK,
        retry: FAST_RETRY,
        signal: killed.signal,
        onProgress: (p) => {
          if (p.bytesDone > total * 0.4) killed.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).code).toBe('cancelled');
    expect((await familyView(platform, s.students[0]!.accessCode)).status).toBe(401);
    const already = platform.stats().bytesAccepted;
    expect(already).toBeGreaterThan(0);

    // A new app instance: a new client and engine, knowing nothing of the first run.
    platform.setFaults({ bandwidthBytesPerSec: 0 });
    const resumed = await publishChecked(platform, s);
    // Chunks already in flight when the app died may still have landed after the count above.
    expect(resumed.plan.bytesToSend).toBeLessThanOrEqual(total - already);
    expect(resumed.plan.bytesToSend).toBeGreaterThan(0);
    await expectCompleteAndNotDuplicated(platform, s);
  });

  it('resumes half-sent files after the platform itself restarted, from the bytes it had verified', async () => {
    const first = await testPlatform({ faults: { bandwidthBytesPerSec: 512 * 1024 } });
    const s = await generateSchool(tempDir(), {
      classes: 1,
      studentsPerClass: 2,
      content: { minBytes: 150_000, maxBytes: 200_000 },
    });
    const stopped = new AbortController();
    await new UploadEngine(clientFor(first))
      .publish(s.input, {
        chunkBytes: CHUNK,
        retry: FAST_RETRY,
        signal: stopped.signal,
        onProgress: (p) => {
          if (p.bytesDone > p.bytesTotal * 0.5) stopped.abort();
        },
      })
      .catch(() => undefined);
    await first.close();
    expect((await first.store.listPartials()).length).toBeGreaterThan(0);

    const second = await testPlatform({ dataDir: first.dataDir });
    const resumed = await publishChecked(second, s);
    const total = s.input.manifest.files.reduce((n, f) => n + f.size, 0);
    expect(resumed.plan.bytesToSend).toBeLessThan(total);
    expect(resumed.plan.toSend.some((f) => f.receivedBytes > 0)).toBe(true);
    await expectStoreHoldsExactly(second, s.input.manifest);
    expect(second.stats().bytesAccepted).toBe(resumed.plan.bytesToSend);
  });

  it('sends smaller chunks when a poor link keeps dropping them, and still completes', async () => {
    const platform = await testPlatform({ faults: { dropRate: 0.5, seed: 21 } });
    const size = 1_500_000;
    const s = await generateSchool(tempDir(), {
      classes: 1,
      studentsPerClass: 1,
      photosPerStudent: 1,
      content: { minBytes: size, maxBytes: size },
    });
    await new UploadEngine(clientFor(platform)).publish(s.input, {
      chunkBytes: 1024 * 1024,
      retry: FAST_RETRY,
    });
    await expectCompleteAndNotDuplicated(platform, s);
    // At full size each file is two chunks; more accepted chunks means they shrank after drops.
    expect(platform.stats().chunksAccepted).toBeGreaterThan(4);
  });

  it('sends again, on the next publish, a file the platform lost in a crash before flushing it', async () => {
    const first = await testPlatform();
    const s = await school();
    await new UploadEngine(clientFor(first)).publish(s.input, { retry: FAST_RETRY });
    await first.close();
    // What a power cut can leave of a file that was not yet flushed: an empty file under its name.
    const lost = s.students[0]!.photos[0]!;
    truncateSync(first.store.pathOf(lost), 0);

    const second = await testPlatform({ dataDir: first.dataDir });
    const again = await new UploadEngine(clientFor(second)).publish(s.input, { retry: FAST_RETRY });
    expect(again.plan.upToDate).toBe(false);
    expect(again.plan.toSend.map((f) => f.sha256)).toEqual([lost]);
    expect(again.version).toBe(1);
    await expectStoreHoldsExactly(second, s.input.manifest);
    const view = await familyView(second, s.students[0]!.accessCode);
    expect(view.images.map((i) => i.sha256)).toContain(lost);
  });

  it('sends small files in batches through 500/503 answers and dropped connections, each file once', async () => {
    const platform = await testPlatform({ faults: { errorRate: 0.3, dropRate: 0.3, seed: 17 } });
    const s = await generateSchool(tempDir(), {
      classes: 3,
      studentsPerClass: 5,
      content: { minBytes: 8_000, maxBytes: 60_000 },
    });
    const client = clientFor(platform);
    const finalize = client.finalize.bind(client);
    // Before the first finalize families see nothing; a retried finalize (its answer dropped after the
    // platform applied it) may legitimately find the gallery already online.
    let finalizeCalls = 0;
    client.finalize = async (...args) => {
      if (finalizeCalls++ === 0)
        expect((await familyView(platform, s.students[0]!.accessCode)).status).toBe(401);
      return finalize(...args);
    };
    const result = await new UploadEngine(client).publish(s.input, {
      batchBytes: 100_000,
      retry: FAST_RETRY,
      concurrency: 3,
    });
    expect(result.filesSent).toBe(s.input.manifest.files.length);
    expect(platform.stats().batchesReceived).toBeGreaterThan(1);
    expect(platform.stats().faultsInjected).toBeGreaterThan(2);
    // Only batches travelled: no file was sent on its own.
    expect(platform.stats().chunksAccepted).toBe(s.input.manifest.files.length);
    await expectCompleteAndNotDuplicated(platform, s);
  });
});
