/**
 * Printed photo cards: the code a card's QR holds, and how the frames of a shoot are given to the
 * card that precedes (or follows) them. Pure logic, no image content: a card says who comes next,
 * capture order on each camera says which frames follow it. Doubt is never guessed: a frame is
 * given to a card only when nothing in its series suggests another child (a second burst after a
 * long gap, a code seen but not read, a card from elsewhere), and every doubtful series is listed.
 *
 * A code is `PREAU1-<job key>-<kind><token>-<check>`: the job key and token are random (Crockford
 * base 32), so a card names nobody and holds no access code; the check character (Luhn mod 32 over
 * job key, kind and token) refuses a misread instead of giving the frames to another child.
 */
import { z } from 'zod';

export const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const JOB_KEY_LENGTH = 6;
export const TOKEN_LENGTH = 8;

/** E: a student (élève), C: a class, A: staff (adultes), P: pause / fin de série, N: a walk-up child. */
export const CARD_KINDS = { E: 'student', C: 'class', A: 'staff', P: 'pause', N: 'walkup' } as const;
export type CardKind = (typeof CARD_KINDS)[keyof typeof CARD_KINDS];
const KIND_LETTER: Record<CardKind, string> = {
  student: 'E',
  class: 'C',
  staff: 'A',
  pause: 'P',
  walkup: 'N',
};

export function checkCharacter(payload: string): string {
  const n = CODE_ALPHABET.length;
  let sum = 0;
  let factor = 2;
  for (let i = payload.length - 1; i >= 0; i -= 1) {
    const value = CODE_ALPHABET.indexOf(payload[i]!);
    if (value < 0) throw new Error('not a code character');
    let addend = factor * value;
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / n) + (addend % n);
    sum += addend;
  }
  return CODE_ALPHABET[(n - (sum % n)) % n]!;
}

export function randomCode(length: number, random: (n: number) => Uint8Array): string {
  const bytes = random(length);
  let out = '';
  for (const b of bytes) out += CODE_ALPHABET[b % CODE_ALPHABET.length]!;
  return out;
}

export function formatCardCode(jobKey: string, kind: CardKind, token: string): string {
  const payload = `${jobKey}${KIND_LETTER[kind]}${token}`;
  return `PREAU1-${jobKey}-${KIND_LETTER[kind]}${token}-${checkCharacter(payload)}`;
}

export type ParsedCode =
  | { type: 'ours'; jobKey: string; kind: CardKind; token: string }
  /** Looks like one of our cards but its check character is wrong: a misread, never trusted. */
  | { type: 'damaged' }
  /** Any other QR (a poster, a product): ignored as a card, listed. */
  | { type: 'not_ours' };

const CODE_RE = new RegExp(
  `^PREAU1-([${CODE_ALPHABET}]{${JOB_KEY_LENGTH}})-([ECAPN])([${CODE_ALPHABET}]{${TOKEN_LENGTH}})-([${CODE_ALPHABET}])$`,
);

export function parseCardCode(text: string): ParsedCode {
  const t = text.trim().toUpperCase();
  if (!t.startsWith('PREAU1-')) return { type: 'not_ours' };
  const m = CODE_RE.exec(t);
  if (!m) return { type: 'damaged' };
  const [, jobKey, letter, token, check] = m as unknown as [
    string,
    string,
    keyof typeof CARD_KINDS,
    string,
    string,
  ];
  if (checkCharacter(`${jobKey}${letter}${token}`) !== check) return { type: 'damaged' };
  return { type: 'ours', jobKey, kind: CARD_KINDS[letter], token };
}

/** What the ingest saw on one frame. */
export const FRAME_READ_STATUSES = ['none', 'card', 'partial', 'not_ours'] as const;
export type FrameReadStatus = (typeof FRAME_READ_STATUSES)[number];

/** Who a card stands for, once its code is looked up in this job. */
export type CardTarget =
  | { kind: 'student'; studentIds: string[]; classIds: (string | null)[] }
  | { kind: 'class'; classId: string }
  | { kind: 'staff' }
  | { kind: 'pause' }
  | { kind: 'walkup'; token: string }
  /** Our format, but another job's key (or a token this job never printed). */
  | { kind: 'foreign' };

export interface FrameInput {
  photoId: string;
  cameraId: string;
  /** Capture time with the camera's clock offset applied; null: order by file name only. */
  timeMs: number | null;
  fileName: string;
  status: FrameReadStatus;
  /** The card this frame shows, when status is 'card'. */
  target: CardTarget | null;
}

export const DOUBT_KINDS = [
  'before_first_card',
  'missing_card',
  'series_length',
  'empty_card',
  'retake',
  'foreign_card',
  'not_ours',
  'partial_read',
  'walkup',
  'do_not_photograph',
] as const;
export type DoubtKind = (typeof DOUBT_KINDS)[number];

export const cardDoubtSchema = z.object({
  kind: z.enum(DOUBT_KINDS),
  /** The card frame concerned, when there is one. */
  cardPhotoId: z.string().nullable(),
  /** The frames concerned (not the card frame itself). */
  photoIds: z.array(z.string()),
  studentIds: z.array(z.string()),
  cameraId: z.string(),
});
export type CardDoubt = z.infer<typeof cardDoubtSchema>;

export interface Series {
  cardPhotoIds: string[];
  target: CardTarget | null;
  photoIds: string[];
  cameraId: string;
}

export interface Assignment {
  /** Frames showing a card: never a pose, never on a form, never published. */
  cardFrames: string[];
  /** Frames given to a card's target, by photo. */
  proposals: Map<string, CardTarget>;
  /** The card frame that gave each proposal. */
  cardOf: Map<string, string>;
  series: Series[];
  doubts: CardDoubt[];
}

export interface AssignOptions {
  /** The studio shoots the card after the child: frames before a card are its series. */
  cardAfterChild: boolean;
  /** A gap longer than this between two frames of one series means another subject (a card forgotten). */
  subjectGapMs: number;
  /** Students whose consent says « ne pas photographier ». */
  doNotPhotograph: ReadonlySet<string>;
}

function byCapture(a: FrameInput, b: FrameInput): number {
  return (
    (a.timeMs ?? Number.MAX_SAFE_INTEGER) - (b.timeMs ?? Number.MAX_SAFE_INTEGER) ||
    a.fileName.localeCompare(b.fileName) ||
    a.photoId.localeCompare(b.photoId)
  );
}

function sameTarget(a: CardTarget | null, b: CardTarget | null): boolean {
  return a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b);
}

function targetStudents(t: CardTarget | null): string[] {
  return t?.kind === 'student' ? t.studentIds : [];
}

/** Splits frames on gaps longer than `gapMs` (frames without time stay with their neighbours). */
function bursts(frames: FrameInput[], gapMs: number): FrameInput[][] {
  const out: FrameInput[][] = [];
  let prev: FrameInput | null = null;
  for (const f of frames) {
    const gap = prev && prev.timeMs !== null && f.timeMs !== null ? f.timeMs - prev.timeMs : 0;
    if (!prev || gap > gapMs) out.push([f]);
    else out[out.length - 1]!.push(f);
    prev = f;
  }
  return out;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Gives each camera's frames to the card before them (or after them, `cardAfterChild`), in capture
 * order. A series keeps only the burst next to its card; later bursts (a long gap: another child
 * whose card was forgotten) are left unassigned and flagged.
 */
export function assignByCards(frames: readonly FrameInput[], options: AssignOptions): Assignment {
  const cameras = new Map<string, FrameInput[]>();
  for (const f of frames) cameras.set(f.cameraId, [...(cameras.get(f.cameraId) ?? []), f]);
  const out: Assignment = { cardFrames: [], proposals: new Map(), cardOf: new Map(), series: [], doubts: [] };
  const doubt = (d: Omit<CardDoubt, 'studentIds'> & { studentIds?: string[] }) =>
    out.doubts.push({ studentIds: [], ...d });

  for (const [cameraId, list] of [...cameras].sort(([a], [b]) => a.localeCompare(b))) {
    const ordered = [...list].sort(byCapture);
    if (options.cardAfterChild) ordered.reverse();
    // Runs: consecutive card frames of one target are one card; other frames go to the run before.
    const runs: {
      cards: FrameInput[];
      target: CardTarget | null;
      boundary: boolean;
      frames: FrameInput[];
    }[] = [];
    let head: FrameInput[] = [];
    for (const f of ordered) {
      const last = runs[runs.length - 1];
      if (f.status === 'card' || f.status === 'partial') {
        out.cardFrames.push(f.photoId);
        const target = f.status === 'card' ? f.target : null;
        if (last && last.frames.length === 0 && last.target !== null && sameTarget(last.target, target)) {
          last.cards.push(f);
          continue;
        }
        if (last && last.frames.length === 0 && last.cards.length > 0) {
          // Two different cards with no photo between: the first card's child has no photo here.
          doubt({
            kind: 'empty_card',
            cardPhotoId: last.cards[0]!.photoId,
            photoIds: [],
            cameraId,
            studentIds: targetStudents(last.target),
          });
        }
        runs.push({ cards: [f], target, boundary: true, frames: [] });
        if (f.status === 'partial')
          doubt({ kind: 'partial_read', cardPhotoId: f.photoId, photoIds: [], cameraId });
        continue;
      }
      if (f.status === 'not_ours')
        doubt({ kind: 'not_ours', cardPhotoId: null, photoIds: [f.photoId], cameraId });
      if (last) last.frames.push(f);
      else head.push(f);
    }
    if (options.cardAfterChild) {
      head = head.reverse();
      for (const r of runs) {
        r.frames.reverse();
        r.cards.reverse();
      }
      runs.reverse();
    }
    // A camera without any card was labeled by hand (a job may mix both): nothing to doubt there.
    if (head.length > 0 && runs.length > 0)
      doubt({ kind: 'before_first_card', cardPhotoId: null, photoIds: head.map((f) => f.photoId), cameraId });

    for (const run of runs) {
      const ids = run.frames.map((f) => f.photoId);
      const cardPhotoId = run.cards[0]!.photoId;
      const series: Series = {
        cardPhotoIds: run.cards.map((c) => c.photoId),
        target: run.target,
        photoIds: ids,
        cameraId,
      };
      out.series.push(series);
      const t = run.target;
      if (t === null) {
        // A code seen but not read: its frames belong to someone we cannot name.
        const d = out.doubts.find((x) => x.kind === 'partial_read' && x.cardPhotoId === cardPhotoId);
        if (d) d.photoIds = ids;
        continue;
      }
      if (t.kind === 'pause') continue;
      if (t.kind === 'foreign') {
        doubt({ kind: 'foreign_card', cardPhotoId, photoIds: ids, cameraId });
        continue;
      }
      if (t.kind === 'walkup') {
        doubt({ kind: 'walkup', cardPhotoId, photoIds: ids, cameraId });
        continue;
      }
      const held = t.kind === 'student' ? t.studentIds.filter((id) => options.doNotPhotograph.has(id)) : [];
      if (held.length > 0) {
        doubt({ kind: 'do_not_photograph', cardPhotoId, photoIds: ids, cameraId, studentIds: held });
        continue;
      }
      // The burst next to the card is its child's; a later burst is someone else's.
      const groups = bursts(run.frames, options.subjectGapMs);
      const mine = options.cardAfterChild ? (groups[groups.length - 1] ?? []) : (groups[0] ?? []);
      const rest = run.frames.filter((f) => !mine.includes(f));
      for (const f of mine) {
        out.proposals.set(f.photoId, t);
        out.cardOf.set(f.photoId, cardPhotoId);
      }
      if (rest.length > 0)
        doubt({
          kind: 'missing_card',
          cardPhotoId,
          photoIds: rest.map((f) => f.photoId),
          cameraId,
          studentIds: targetStudents(t),
        });
    }
  }

  // Series length against the job's usual one (student series only).
  const studentSeries = out.series.filter((s) => s.target?.kind === 'student');
  const lengths = studentSeries.map((s) => s.photoIds.filter((id) => out.proposals.has(id)).length);
  const usual = median(lengths);
  if (usual >= 2)
    studentSeries.forEach((s, i) => {
      const n = lengths[i]!;
      if (
        n > 0 &&
        (n >= usual * 2 || n <= usual / 2) &&
        !out.doubts.some((d) => d.cardPhotoId === s.cardPhotoIds[0] && d.kind === 'missing_card')
      )
        doubt({
          kind: 'series_length',
          cardPhotoId: s.cardPhotoIds[0]!,
          photoIds: s.photoIds,
          cameraId: s.cameraId,
          studentIds: targetStudents(s.target),
        });
    });

  // The same child's card twice (a retake): both series are theirs, listed.
  const seen = new Map<string, Series[]>();
  for (const s of studentSeries) {
    const key = targetStudents(s.target).join('+');
    seen.set(key, [...(seen.get(key) ?? []), s]);
  }
  for (const [, list] of seen)
    if (list.length > 1)
      doubt({
        kind: 'retake',
        cardPhotoId: list[0]!.cardPhotoIds[0]!,
        photoIds: list.flatMap((s) => s.photoIds),
        cameraId: list[0]!.cameraId,
        studentIds: targetStudents(list[0]!.target),
      });
  return out;
}

export const cardSettingsSchema = z.object({
  /** The studio shoots the card after the child (frames before a card are its series). */
  cardAfterChild: z.boolean(),
  /** Card labels are accepted as soon as the cards are read, without review. */
  autoAccept: z.boolean(),
});
export type CardSettings = z.infer<typeof cardSettingsSchema>;

export const cardReviewSchema = z.object({
  settings: cardSettingsSchema,
  /** Frames whose codes were read (the ingest reads every new frame). */
  framesRead: z.number().int(),
  /** Frames showing a card: never offered as a pose, never on a form, never published. */
  cardPhotoIds: z.array(z.string()),
  /** Per class (null: staff and cards without a class), what the cards propose. */
  classes: z.array(
    z.object({
      classId: z.string().nullable(),
      /** Students with at least one framed proposed by their card. */
      students: z.number().int(),
      photos: z.number().int(),
      /** Proposals not accepted yet (and not blocked by a person's label). */
      pending: z.number().int(),
    }),
  ),
  doubts: z.array(
    cardDoubtSchema.extend({
      /** The student a one-key fix would give the frames to (a person confirms), if any. */
      suggestedStudentId: z.string().nullable(),
    }),
  ),
});
export type CardReview = z.infer<typeof cardReviewSchema>;

/** What the ingest read on the frames of one memory card: the ingest screen says it. */
export const cardsReadSchema = z.object({
  /** The job printed cards (otherwise frames are not read and nothing is said). */
  printed: z.boolean(),
  /** Readable photos of the memory card, and how many of them were read so far. */
  frames: z.number().int(),
  read: z.number().int(),
  /** Frames showing one of the job's cards. */
  cards: z.number().int(),
  /** Frames where a code was seen but not read in full, and codes that are not the job's. */
  partial: z.number().int(),
  notOurs: z.number().int(),
});
export type CardsRead = z.infer<typeof cardsReadSchema>;
