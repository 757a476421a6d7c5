import { describe, expect, it } from 'vitest';
import { applyConsentGate } from './consent-gate';

describe('consent gate', () => {
  const students = [
    { studentRef: 'alice', onlineGallery: true },
    { studentRef: 'bruno', onlineGallery: false },
    { studentRef: 'chloe', onlineGallery: true },
  ];

  it('puts online only the students with an online-gallery consent and lists the others with the reason', () => {
    const r = applyConsentGate({ students, classPhotos: [] });
    expect(r.allowedStudents).toEqual(['alice', 'chloe']);
    expect(r.excludedStudents).toEqual([{ studentRef: 'bruno', reason: 'no_online_consent' }]);
  });

  it('publishes a class photo only when every student on it consents', () => {
    const r = applyConsentGate({
      students,
      classPhotos: [
        { photoRef: 'cp-a', studentRefs: ['alice', 'chloe'] },
        { photoRef: 'cp-b', studentRefs: ['alice', 'bruno', 'chloe'] },
      ],
    });
    expect(r.allowedClassPhotos).toEqual(['cp-a']);
    expect(r.heldBackClassPhotos).toEqual([
      { photoRef: 'cp-b', reason: 'students_without_online_consent', studentRefs: ['bruno'] },
    ]);
  });

  it('holds back a class photo showing a student the roster does not know', () => {
    const r = applyConsentGate({
      students,
      classPhotos: [{ photoRef: 'cp', studentRefs: ['alice', 'zoe'] }],
    });
    expect(r.allowedClassPhotos).toEqual([]);
    expect(r.heldBackClassPhotos).toEqual([
      { photoRef: 'cp', reason: 'unknown_students', studentRefs: ['zoe'] },
    ]);
  });

  it('holds back a class photo nobody is listed on, and excludes everyone when nobody consents', () => {
    const r = applyConsentGate({
      students: students.map((s) => ({ ...s, onlineGallery: false })),
      classPhotos: [{ photoRef: 'empty', studentRefs: [] }],
    });
    expect(r.allowedStudents).toEqual([]);
    expect(r.excludedStudents.map((e) => e.studentRef)).toEqual(['alice', 'bruno', 'chloe']);
    expect(r.allowedClassPhotos).toEqual([]);
    expect(r.heldBackClassPhotos).toEqual([
      { photoRef: 'empty', reason: 'no_students_listed', studentRefs: [] },
    ]);
  });
});
