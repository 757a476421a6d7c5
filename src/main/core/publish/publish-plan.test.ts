import { describe, expect, it } from 'vitest';
import type { Manifest } from '../../../shared/publish/protocol';
import { buildPlan, manifestRefOf } from './publish-plan';

const sha = (n: number) => n.toString(16).padStart(64, '0');

function manifest(students: { ref: string; photos: number[] }[], classPhoto?: number): Manifest {
  const used = new Set<number>(students.flatMap((s) => s.photos));
  if (classPhoto !== undefined) used.add(classPhoto);
  return {
    protocolVersion: 1,
    retention: { closeDate: '2027-08-20', deleteDate: '2028-12-31' },
    classes: [
      {
        classRef: 'c1',
        label: 'CP',
        classPhotos:
          classPhoto === undefined
            ? []
            : [{ sha256: sha(classPhoto), studentRefs: students.map((s) => s.ref) }],
      },
    ],
    students: students.map((s, i) => ({
      studentRef: s.ref,
      classRef: 'c1',
      accessCode: `CODE-000${i}`,
      photos: s.photos.map((p) => ({ sha256: sha(p) })),
    })),
    files: [...used].map((n) => ({ sha256: sha(n), size: 1000 * n, mediaType: 'image/jpeg' as const })),
  };
}

describe('publish plan', () => {
  it('counts everything as new on a first publish and sends what the platform lacks', () => {
    const local = manifest([{ ref: 'a', photos: [1, 2] }], 3);
    const plan = buildPlan(local, undefined, [{ sha256: sha(2), size: 2000, receivedBytes: 500 }]);
    expect(plan.students.added).toEqual(['a']);
    expect(plan.files).toEqual({ total: 3, added: 3, removed: 0, unchanged: 0 });
    expect(plan.bytesToSend).toBe(1500);
    expect(plan.totalBytes).toBe(6000);
    expect(plan.upToDate).toBe(false);
  });

  it('tells added, changed and removed students apart, including a change of class photo', () => {
    const before = manifest(
      [
        { ref: 'a', photos: [1] },
        { ref: 'b', photos: [2] },
        { ref: 'c', photos: [3] },
      ],
      9,
    );
    const after = manifest(
      [
        { ref: 'a', photos: [1] },
        { ref: 'b', photos: [4] },
        { ref: 'd', photos: [5] },
      ],
      9,
    );
    const plan = buildPlan(after, { manifestRef: manifestRefOf(before), version: 1, manifest: before }, []);
    expect(plan.students).toEqual({ added: ['d'], changed: ['b'], removed: ['c'], unchanged: 1 });
    expect(plan.files).toMatchObject({ added: 2, removed: 2 });
  });

  it('is up to date, with nothing to send, when the live manifest is the same', () => {
    const m = manifest([{ ref: 'a', photos: [1] }]);
    const plan = buildPlan(m, { manifestRef: manifestRefOf(m), version: 4, manifest: m }, undefined);
    expect(plan.upToDate).toBe(true);
    expect(plan.toSend).toEqual([]);
    expect(plan.previousVersion).toBe(4);
  });

  it('names a manifest by its content', () => {
    const a = manifest([{ ref: 'a', photos: [1] }]);
    expect(manifestRefOf(a)).toBe(manifestRefOf(structuredClone(a)));
    expect(manifestRefOf(a)).not.toBe(manifestRefOf(manifest([{ ref: 'a', photos: [2] }])));
  });
});
