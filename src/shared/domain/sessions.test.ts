import { describe, expect, it } from 'vitest';
import { correctedMs, splitShoot, type Cut, type TimedPhoto, type Thresholds } from './sessions';

const T: Thresholds = { sessionGapSeconds: 180, subjectGapSeconds: 8 };

/** A photo at `HH:MM:SS(.mmm)` on 2026-03-12 (or another day), from camera offset `offsetMs`. */
function at(id: string, time: string, extra: Partial<TimedPhoto> = {}, day = '2026-03-12'): TimedPhoto {
  return {
    id,
    fileName: `${id}.jpg`,
    captureMs: Date.parse(`${day}T${time}Z`),
    offsetMs: 0,
    uncertain: false,
    ...extra,
  };
}

const ids = (r: ReturnType<typeof splitShoot>) => r.sessions.map((s) => s.subjects.map((b) => b.photoIds));

describe('splitShoot', () => {
  it('splits sessions on long gaps and subjects on short ones', () => {
    const photos = [
      at('a1', '09:00:00'),
      at('a2', '09:00:01'),
      at('b1', '09:00:20'),
      at('b2', '09:00:21.500'),
      // 10 minutes later: next class
      at('c1', '09:10:00'),
      at('d1', '09:10:30'),
    ];
    expect(ids(splitShoot(photos, T))).toEqual([
      [
        ['a1', 'a2'],
        ['b1', 'b2'],
      ],
      [['c1'], ['d1']],
    ]);
  });

  it('a gap exactly equal to the threshold does not split; one millisecond more does', () => {
    const photos = [at('a', '09:00:00'), at('b', '09:00:08'), at('c', '09:00:16.001')];
    expect(ids(splitShoot(photos, T))).toEqual([[['a', 'b'], ['c']]]);
  });

  it('applies the camera clock offset before sorting and splitting', () => {
    // Camera B is 95 s ahead: its 09:01:40 is really 09:00:05, inside camera A's burst.
    const photos = [at('a1', '09:00:00'), at('b1', '09:01:40', { offsetMs: -95_000 }), at('a2', '09:00:09')];
    const result = splitShoot(photos, T);
    expect(ids(result)).toEqual([[['a1', 'b1', 'a2']]]);
    expect(correctedMs(photos[1]!)).toBe(Date.parse('2026-03-12T09:00:05Z'));
  });

  it('keeps photos with equal timestamps together, ordered by file name', () => {
    const photos = [at('z', '09:00:00'), at('m', '09:00:00'), at('a', '09:00:00'), at('late', '09:00:30')];
    expect(ids(splitShoot(photos, { sessionGapSeconds: 180, subjectGapSeconds: 0 }))).toEqual([
      [['a', 'm', 'z'], ['late']],
    ]);
  });

  it('keeps a burst spanning midnight in one subject', () => {
    const photos = [
      at('before', '23:59:58.800', {}, '2026-03-12'),
      at('after', '00:00:01.200', {}, '2026-03-13'),
      at('next', '00:00:30', {}, '2026-03-13'),
    ];
    expect(ids(splitShoot(photos, T))).toEqual([[['before', 'after'], ['next']]]);
  });

  it('puts photos without a capture time, or with an uncertain one, aside instead of guessing', () => {
    const photos = [
      at('a', '09:00:00'),
      { id: 'none', fileName: 'b-none.jpg', captureMs: null, offsetMs: 0, uncertain: true },
      at('filedate', '09:00:01', { uncertain: true, fileName: 'a-file.jpg' }),
      at('b', '09:00:02'),
    ];
    const result = splitShoot(photos, T);
    expect(ids(result)).toEqual([[['a', 'b']]]);
    expect(result.aside).toEqual(['filedate', 'none']);
  });

  it('honours split and merge decisions, and keeps them when thresholds change', () => {
    const photos = [
      at('a1', '09:00:00'),
      at('a2', '09:00:02'),
      at('a3', '09:00:04'),
      at('b1', '09:00:30'),
      at('c1', '09:05:00'),
    ];
    const cuts: Cut[] = [
      { level: 'subject', photoId: 'a3', kind: 'split' },
      { level: 'subject', photoId: 'b1', kind: 'merge' },
      { level: 'session', photoId: 'c1', kind: 'merge' },
    ];
    expect(ids(splitShoot(photos, T, cuts))).toEqual([[['a1', 'a2'], ['a3', 'b1'], ['c1']]]);
    // Much looser and much tighter thresholds: the people's decisions still hold.
    expect(ids(splitShoot(photos, { sessionGapSeconds: 60, subjectGapSeconds: 1 }, cuts))).toEqual([
      [['a1'], ['a2'], ['a3', 'b1'], ['c1']],
    ]);
    expect(ids(splitShoot(photos, { sessionGapSeconds: 3600, subjectGapSeconds: 600 }, cuts))).toEqual([
      [
        ['a1', 'a2'],
        ['a3', 'b1', 'c1'],
      ],
    ]);
  });

  it('a session split is also a subject split, and a subject merge cannot cross a session boundary', () => {
    const photos = [at('a1', '09:00:00'), at('a2', '09:00:01'), at('a3', '09:00:02')];
    const cuts: Cut[] = [
      { level: 'session', photoId: 'a2', kind: 'split' },
      { level: 'subject', photoId: 'a2', kind: 'merge' },
    ];
    const result = splitShoot(photos, T, cuts);
    expect(ids(result)).toEqual([[['a1']], [['a2', 'a3']]]);
    expect(result.sessions.map((s) => s.id)).toEqual(['a1', 'a2']);
  });

  it('returns nothing for an empty shoot', () => {
    expect(splitShoot([], T)).toEqual({ sessions: [], aside: [] });
  });
});
