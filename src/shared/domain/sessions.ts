/**
 * Structure of a shoot from capture times only — no image is ever looked at. A session is a run of
 * photos separated from the next by a gap longer than `sessionGapMs` (usually one class); a subject
 * is a burst inside a session separated by more than `subjectGapMs` (usually one student). People
 * correct the result with cuts anchored on photo ids ("split before this photo", "merge at this
 * photo"), so a decision survives any later change of thresholds or camera offsets.
 * Photos whose time is unknown or uncertain are put aside ("à trier") rather than guessed into a
 * class. Pure functions: the core and the UI (live threshold preview) compute the same result.
 */
import { z } from 'zod';

export const DEFAULT_THRESHOLDS = { sessionGapSeconds: 180, subjectGapSeconds: 8 } as const;

export const thresholdsSchema = z.object({
  /** A gap longer than this (seconds) starts a new session. */
  sessionGapSeconds: z.number().min(1).max(86_400).default(DEFAULT_THRESHOLDS.sessionGapSeconds),
  /** A gap longer than this (seconds) starts a new subject (burst) inside a session. */
  subjectGapSeconds: z.number().min(0).max(3_600).default(DEFAULT_THRESHOLDS.subjectGapSeconds),
});
export type Thresholds = z.output<typeof thresholdsSchema>;

export const CUT_LEVELS = ['session', 'subject'] as const;
export type CutLevel = (typeof CUT_LEVELS)[number];
/** `split`: a boundary before the anchor photo; `merge`: no boundary before it. */
export const CUT_KINDS = ['split', 'merge'] as const;
export type CutKind = (typeof CUT_KINDS)[number];

export interface Cut {
  level: CutLevel;
  photoId: string;
  kind: CutKind;
}

export interface TimedPhoto {
  id: string;
  fileName: string;
  /** Wall-clock capture time in ms as read from the file (null when unknown). */
  captureMs: number | null;
  /** Clock correction of the photo's camera (ms added to `captureMs`). */
  offsetMs: number;
  /** Time from a fallback source (CreateDate, file date): not trusted for sorting into classes. */
  uncertain: boolean;
}

export interface SplitSubject {
  /** Id of the subject's first photo: stable as long as that photo starts it. */
  id: string;
  photoIds: string[];
}

export interface SplitSession {
  id: string;
  photoIds: string[];
  subjects: SplitSubject[];
  /** Corrected times of the first and last photo (ms). */
  startMs: number;
  endMs: number;
}

export interface SplitResult {
  sessions: SplitSession[];
  /** Photos without a trustworthy capture time, by file name: the user sorts them. */
  aside: string[];
}

/** Capture time on the shared timeline: the camera's wall time plus its clock offset. */
export function correctedMs(p: Pick<TimedPhoto, 'captureMs' | 'offsetMs'>): number | null {
  return p.captureMs === null ? null : p.captureMs + p.offsetMs;
}

function byTimeThenName(a: { ms: number; fileName: string }, b: { ms: number; fileName: string }): number {
  return a.ms - b.ms || (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0);
}

/**
 * Splits photos into sessions and subjects. A boundary exists before a photo when the gap from the
 * previous photo exceeds the threshold (equal times never split), unless a cut says otherwise; a
 * session boundary is always a subject boundary too.
 */
export function splitShoot(
  photos: readonly TimedPhoto[],
  thresholds: Thresholds,
  cuts: readonly Cut[] = [],
): SplitResult {
  const timed: { id: string; fileName: string; ms: number }[] = [];
  const aside: { id: string; fileName: string }[] = [];
  for (const p of photos) {
    const ms = correctedMs(p);
    if (ms === null || p.uncertain) aside.push(p);
    else timed.push({ id: p.id, fileName: p.fileName, ms });
  }
  timed.sort(byTimeThenName);
  aside.sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));

  const sessionCut = new Map<string, CutKind>();
  const subjectCut = new Map<string, CutKind>();
  for (const c of cuts) (c.level === 'session' ? sessionCut : subjectCut).set(c.photoId, c.kind);
  const sessionGap = thresholds.sessionGapSeconds * 1000;
  const subjectGap = thresholds.subjectGapSeconds * 1000;

  const sessions: SplitSession[] = [];
  let session: SplitSession | undefined;
  let subject: SplitSubject | undefined;
  let previous: number | undefined;
  for (const p of timed) {
    const gap = previous === undefined ? Infinity : p.ms - previous;
    const sessionRule = sessionCut.get(p.id);
    const newSession = !session || (sessionRule ? sessionRule === 'split' : gap > sessionGap);
    const subjectRule = subjectCut.get(p.id);
    const newSubject = newSession || (subjectRule ? subjectRule === 'split' : gap > subjectGap);
    if (newSession || !session) {
      session = { id: p.id, photoIds: [], subjects: [], startMs: p.ms, endMs: p.ms };
      sessions.push(session);
    }
    if (newSubject || !subject) {
      subject = { id: p.id, photoIds: [] };
      session.subjects.push(subject);
    }
    session.photoIds.push(p.id);
    session.endMs = p.ms;
    subject.photoIds.push(p.id);
    previous = p.ms;
  }
  return { sessions, aside: aside.map((p) => p.id) };
}
