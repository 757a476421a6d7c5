/**
 * Use cases of printed photo cards: the job's random key and one token per card, the cards PDFs
 * (one per class, roster order), reading each frame's codes at ingest (from the preview's pixels,
 * a sharper look only for a frame that shows a code it could not read), the review of what the
 * cards propose with every doubtful series, and accepting a class's card labels in one undoable
 * edit. Nothing here looks at a face: a card says who comes next, capture order does the rest.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  assignByCards,
  formatCardCode,
  JOB_KEY_LENGTH,
  parseCardCode,
  randomCode,
  TOKEN_LENGTH,
  type CardReview,
  type CardsRead,
  type CardSettings,
  type CardTarget,
  type FrameInput,
  type FrameReadStatus,
} from '../../../shared/domain/cards';
import { forbids } from '../../../shared/domain/consent';
import type { Language } from '../../../shared/domain/settings';
import { translate } from '../../../shared/i18n';
import { ensurePrivateDir, writeFileAtomic } from '../../lib/atomic';
import { AppError, withFsErrors } from '../../lib/errors';
import type { FrameCodePort, FramePixels } from '../ingest/frame-codes.port';
import type { OpenJob } from '../jobs/job-folder';
import { jobPaths } from '../jobs/job-paths';
import { readJob } from '../jobs/job.repository';
import type { CardProposal, LabelingService } from '../labeling/labeling.service';
import type { ConsentService } from '../roster/consent.service';
import { RosterRepository } from '../roster/roster.repository';
import { safeFileName } from '../../lib/file-name';
import { displayName } from '../roster/roster.service';
import { CardsRepository, type CardCodeRow } from './cards.repository';
import { renderCardsPdf, type CardLayout, type PrintedCard } from './cards.pdf';
import { readCodes, type FrameCodes } from './qr-reader';

/** Blank walk-up cards printed per class. */
export const WALKUPS_PER_CLASS = 2;

const random = (n: number) => new Uint8Array(randomBytes(n));

export interface BuiltCards {
  files: { classId: string | null; path: string; cards: number }[];
}

export class CardsService {
  constructor(
    private readonly consent: ConsentService,
    private readonly labeling: LabelingService,
    private readonly now: () => Date = () => new Date(),
    /** How codes are read from pixels (tests count calls). */
    private readonly read: (pixels: FramePixels) => Promise<FrameCodes> = readCodes,
  ) {}

  private repo(job: OpenJob): CardsRepository {
    return job.repo(CardsRepository);
  }

  /** The job's card settings, its random key made the first time. */
  private ensureSettings(job: OpenJob): { jobKey: string } & CardSettings {
    const repo = this.repo(job);
    let s = repo.settings();
    if (!s) {
      repo.createSettings(randomCode(JOB_KEY_LENGTH, random), this.now().toISOString());
      s = repo.settings()!;
    }
    return s;
  }

  settings(job: OpenJob): CardSettings {
    const { cardAfterChild, autoAccept } = this.ensureSettings(job);
    return { cardAfterChild, autoAccept };
  }

  setSettings(job: OpenJob, settings: CardSettings): void {
    this.ensureSettings(job);
    this.repo(job).saveSettings(settings, this.now().toISOString());
  }

  /** One token per student, class, the staff, the pause and the walk-up blanks (made once, kept). */
  ensureCodes(job: OpenJob): CardCodeRow[] {
    const repo = this.repo(job);
    const roster = job.repo(RosterRepository);
    this.ensureSettings(job);
    const now = this.now().toISOString();
    repo.transaction(() => {
      const codes = repo.codes();
      const has = (kind: CardCodeRow['kind'], key: string | null, count = 1) =>
        codes.filter((c) => c.kind === kind && (c.studentId ?? c.classId) === key).length >= count;
      const add = (kind: CardCodeRow['kind'], studentId: string | null, classId: string | null) => {
        const row = { token: randomCode(TOKEN_LENGTH, random), kind, studentId, classId };
        repo.insertCode(row, now);
        codes.push(row);
      };
      for (const s of roster.students()) if (!has('student', s.id)) add('student', s.id, null);
      for (const c of roster.classes()) {
        if (!has('class', c.id)) add('class', null, c.id);
        while (!has('walkup', c.id, WALKUPS_PER_CLASS)) add('walkup', null, c.id);
      }
      if (!has('staff', null)) add('staff', null, null);
      if (!has('pause', null)) add('pause', null, null);
    });
    return repo.codes();
  }

  /** The cards of one class in roster order (or of every class), `without` left out (erasure). */
  cardsOf(job: OpenJob, classId: string, without?: string): PrintedCard[] {
    const codes = this.ensureCodes(job);
    const { jobKey } = this.ensureSettings(job);
    const roster = job.repo(RosterRepository);
    const klass = roster.classes().find((c) => c.id === classId);
    if (!klass) throw new AppError('not_found', { what: `classe ${classId}` });
    const code = (row: CardCodeRow) => formatCardCode(jobKey, row.kind, row.token);
    const byStudent = new Map(codes.filter((c) => c.kind === 'student').map((c) => [c.studentId!, c]));
    const students = roster
      .students({ classId })
      .filter((s) => s.id !== without)
      .sort((a, b) => a.rosterOrder - b.rosterOrder);
    const cards: PrintedCard[] = [];
    const classCode = codes.find((c) => c.kind === 'class' && c.classId === classId)!;
    cards.push({ kind: 'class', code: code(classCode), classLabel: klass.label });
    for (const s of students)
      cards.push({
        kind: 'student',
        code: code(byStudent.get(s.id)!),
        firstName: s.firstName,
        familyName: displayName(s),
        classLabel: klass.label,
      });
    // A sibling card per family with a child in this class (printed with the class of its first child).
    const printed = new Set<string>();
    for (const s of students) {
      if (printed.has(s.id)) continue;
      const family = [s.id, ...roster.siblingsOf(s.id)].filter((id) => id !== without);
      if (family.length < 2) continue;
      const members = family
        .map((id) => roster.student(id))
        .filter((m): m is NonNullable<typeof m> => m !== undefined && byStudent.has(m.id));
      if (members.length < 2) continue;
      for (const m of members) printed.add(m.id);
      cards.push({
        kind: 'siblings',
        codes: members.map((m) => code(byStudent.get(m.id)!)),
        names: members.map((m) => `${m.firstName} ${displayName(m)}`),
        classLabel: klass.label,
      });
    }
    for (const w of codes.filter((c) => c.kind === 'walkup' && c.classId === classId))
      cards.push({ kind: 'walkup', code: code(w), classLabel: klass.label });
    cards.push({ kind: 'pause', code: code(codes.find((c) => c.kind === 'pause')!) });
    cards.push({ kind: 'staff', code: code(codes.find((c) => c.kind === 'staff')!) });
    return cards;
  }

  pdfPath(job: OpenJob, classLabel: string, lang: Language): string {
    return path.join(
      jobPaths(job).folder('cards'),
      `${translate(lang, 'cards.pdf.fileName')}-${safeFileName(classLabel)}.pdf`,
    );
  }

  /** Writes one cards PDF per class (all classes when none is named), atomically, into exports/cartes. */
  async build(
    job: OpenJob,
    options: { classIds?: readonly string[]; layout?: CardLayout; lang: Language },
  ): Promise<BuiltCards> {
    const roster = job.repo(RosterRepository);
    const classes = roster.classes().filter((c) => !options.classIds || options.classIds.includes(c.id));
    if (classes.length === 0) throw new AppError('roster_no_classes');
    const unknown = options.classIds?.find((id) => !classes.some((c) => c.id === id));
    if (unknown) throw new AppError('not_found', { what: `classe ${unknown}` });
    const school = readJob(job.db).schoolName;
    const files: BuiltCards['files'] = [];
    for (const c of classes) {
      const cards = this.cardsOf(job, c.id);
      const target = this.pdfPath(job, c.label, options.lang);
      const bytes = await renderCardsPdf(
        { schoolName: school, cards },
        options.layout ?? 'sheet',
        options.lang,
      );
      await withFsErrors(target, async () => {
        await ensurePrivateDir(path.dirname(target));
        await writeFileAtomic(target, bytes);
      });
      files.push({ classId: c.id, path: target, cards: cards.length });
    }
    return { files };
  }

  /** The cards PDF of a class made again without `without`, for erasure; null when it does not exist. */
  async remakeWithout(job: OpenJob, classId: string, without: string, lang: Language): Promise<Buffer> {
    const school = readJob(job.db).schoolName;
    return renderCardsPdf({ schoolName: school, cards: this.cardsOf(job, classId, without) }, 'sheet', lang);
  }

  existingPdf(job: OpenJob, classLabel: string): { path: string; lang: Language }[] {
    return (['fr', 'en'] as const)
      .map((lang) => ({ path: this.pdfPath(job, classLabel, lang), lang }))
      .filter((f) => existsSync(f.path));
  }

  // ------------------------------------------------------------------ reading at ingest

  /** What one frame's codes say, in this job. */
  classify(job: OpenJob, codes: FrameCodes): { status: FrameReadStatus; texts: string[] } {
    const parsed = codes.texts.map((t) => ({ text: t, code: parseCardCode(t) }));
    const ours = parsed.filter((p) => p.code.type === 'ours').map((p) => p.text);
    if (ours.length > 0) return { status: 'card', texts: ours };
    // A code of our format whose check character fails, or a located code not read: never trusted.
    if (parsed.some((p) => p.code.type === 'damaged') || codes.partial)
      return { status: 'partial', texts: [] };
    if (parsed.length > 0) return { status: 'not_ours', texts: [] };
    return { status: 'none', texts: [] };
  }

  /** Reads one frame's codes (ingest): a quick look, then sharper ones only if a code was seen but not read. */
  async readFrame(
    job: OpenJob,
    photoId: string,
    pixels: FramePixels,
    sharper: () => Promise<FramePixels>,
  ): Promise<void> {
    // A job that never printed cards cannot have its own cards on a frame: its photos are labeled
    // by hand, and the ingest does not pay for a reading nobody uses.
    if (!this.repo(job).hasCodes()) return;
    // Two looks, the second only when the first saw a code it could not read in full: the preview,
    // then the original decoded at twice the preview's size. (A first look at a shrunk preview was
    // measured: shrinking costs what it saves in reading.)
    const looks = [() => Promise.resolve(pixels), sharper];
    let verdict: { status: FrameReadStatus; texts: string[] } | null = null;
    for (const look of looks) {
      let again: { status: FrameReadStatus; texts: string[] };
      try {
        again = this.classify(job, await this.read(await look()));
      } catch (error) {
        // A later look failed (a format only libheif reads): the verdict so far stands.
        if (verdict) break;
        throw error;
      }
      if (!verdict || again.status !== 'none') verdict = again;
      if (verdict.status !== 'partial') break;
    }
    this.repo(job).saveFrame(photoId, verdict!.status, verdict!.texts, this.now().toISOString());
  }

  frameReader(): FrameCodePort {
    return {
      read: async (job, photoId, pixels, sharper) => {
        try {
          await this.readFrame(job, photoId, pixels, sharper);
        } catch {
          // Reading codes never stops an ingest: the frame is simply left unread.
        }
      },
    };
  }

  // ------------------------------------------------------------------ assignment and review

  private analyse(job: OpenJob) {
    const repo = this.repo(job);
    const { jobKey, cardAfterChild } = this.ensureSettings(job);
    const codes = new Map(repo.codes().map((c) => [c.token, c]));
    const roster = job.repo(RosterRepository);
    const classOf = new Map(roster.students({ includeArchived: true }).map((s) => [s.id, s.classId]));
    const targetOf = (texts: string[]): CardTarget => {
      const students: string[] = [];
      let other: CardTarget | null = null;
      for (const text of texts) {
        const p = parseCardCode(text);
        if (p.type !== 'ours') continue;
        const row = p.jobKey === jobKey ? codes.get(p.token) : undefined;
        if (!row || row.kind !== p.kind) return { kind: 'foreign' };
        if (row.kind === 'student' && row.studentId) students.push(row.studentId);
        else if (row.kind === 'class' && row.classId) other = { kind: 'class', classId: row.classId };
        else if (row.kind === 'staff') other = { kind: 'staff' };
        else if (row.kind === 'pause') other = { kind: 'pause' };
        else if (row.kind === 'walkup') other = { kind: 'walkup', token: row.token };
      }
      if (students.length > 0) {
        const ids = [...new Set(students)].sort();
        return { kind: 'student', studentIds: ids, classIds: ids.map((id) => classOf.get(id) ?? null) };
      }
      return other ?? { kind: 'foreign' };
    };
    const frames = repo.frames();
    const inputs: FrameInput[] = frames.map((f) => ({
      photoId: f.photoId,
      cameraId: f.cameraId,
      timeMs: f.timeMs,
      fileName: f.fileName,
      status: f.status ?? 'none',
      target: f.status === 'card' ? targetOf(f.codes) : null,
    }));
    const doNotPhotograph = new Set(
      roster
        .students()
        .filter((s) => forbids(this.consent.get(job, s.id).statuses.photo))
        .map((s) => s.id),
    );
    const result = assignByCards(inputs, {
      cardAfterChild,
      subjectGapMs: this.labeling.thresholdsOf(job).subjectGapSeconds * 1000,
      doNotPhotograph,
    });
    return { result, framesRead: frames.filter((f) => f.status !== null).length, roster };
  }

  private proposals(job: OpenJob, classId?: string | null): CardProposal[] {
    const { result } = this.analyse(job);
    const out: CardProposal[] = [];
    for (const [photoId, t] of result.proposals) {
      if (t.kind === 'student') {
        if (classId !== undefined && !t.classIds.includes(classId)) continue;
        out.push({ photoId, studentIds: t.studentIds, mark: t.studentIds.length > 1 ? 'sibling' : null });
      } else if (t.kind === 'class') {
        if (classId !== undefined && classId !== t.classId) continue;
        out.push({ photoId, studentIds: [], mark: 'class', classId: t.classId });
      } else if (t.kind === 'staff') {
        if (classId !== undefined && classId !== null) continue;
        out.push({ photoId, studentIds: [], mark: 'staff' });
      }
    }
    return out;
  }

  /** What the ingest read on the frames of one memory card. */
  readOnCard(job: OpenJob, cardId: string): CardsRead {
    const repo = this.repo(job);
    const counts = new Map(repo.statusCountsOfCard(cardId).map((r) => [r.status, r.n]));
    const of = (status: FrameReadStatus | null) => counts.get(status) ?? 0;
    const frames = [...counts.values()].reduce((a, b) => a + b, 0);
    return {
      printed: repo.hasCodes(),
      frames,
      read: frames - of(null),
      cards: of('card'),
      partial: of('partial'),
      notOurs: of('not_ours'),
    };
  }

  review(job: OpenJob): CardReview {
    const { result, framesRead, roster } = this.analyse(job);
    const labels = this.labeling.labelSourcesOf(job);
    const marks = this.labeling.marksOf(job);
    const classes = new Map<string | null, { students: Set<string>; photos: number; pending: number }>();
    const entry = (id: string | null) => {
      let e = classes.get(id);
      if (!e) classes.set(id, (e = { students: new Set(), photos: 0, pending: 0 }));
      return e;
    };
    for (const [photoId, t] of result.proposals) {
      const current = labels.get(photoId);
      const byPerson = [...(current?.values() ?? [])].includes('person');
      if (t.kind === 'student') {
        const e = entry(t.classIds[0] ?? null);
        for (const id of t.studentIds) e.students.add(id);
        e.photos += 1;
        if (!byPerson && t.studentIds.some((id) => !current?.has(id))) e.pending += 1;
      } else if (t.kind === 'class' || t.kind === 'staff') {
        const e = entry(t.kind === 'class' ? t.classId : null);
        e.photos += 1;
        if (!byPerson && !marks.has(photoId)) e.pending += 1;
      }
    }
    // A one-key fix for frames after a forgotten card: the next child in roster order (a person confirms).
    const nextInClass = (studentId: string): string | null => {
      const s = roster.student(studentId);
      if (!s?.classId) return null;
      const list = roster.students({ classId: s.classId }).sort((a, b) => a.rosterOrder - b.rosterOrder);
      const i = list.findIndex((x) => x.id === studentId);
      return list[i + 1]?.id ?? null;
    };
    const settledByPerson = (photoIds: readonly string[]) =>
      photoIds.length > 0 &&
      photoIds.every(
        (id) =>
          (marks.has(id) && !result.proposals.has(id)) ||
          [...(labels.get(id)?.values() ?? [])].some((source) => source === 'person'),
      );
    const settings = this.settings(job);
    const order = roster.classes().map((c) => c.id);
    return {
      settings,
      framesRead,
      cardPhotoIds: result.cardFrames,
      classes: [...classes]
        .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : order.indexOf(a) - order.indexOf(b)))
        .map(([classId, e]) => ({
          classId,
          students: e.students.size,
          photos: e.photos,
          pending: e.pending,
        })),
      // A doubt a person settled (every one of its frames labeled, or marked, by them) is no longer one.
      doubts: result.doubts
        .filter((d) => !settledByPerson(d.photoIds))
        .map((d) => ({
          ...d,
          suggestedStudentId:
            d.kind === 'missing_card' && d.studentIds.length === 1
              ? nextInClass(d.studentIds[0]!)
              : d.kind === 'retake' || d.kind === 'series_length'
                ? (d.studentIds[0] ?? null)
                : null,
        })),
    };
  }

  /** Accepts the card labels of one class (`null`: staff; absent: every class) as one undoable edit. */
  accept(job: OpenJob, classId?: string | null): { photoIds: string[]; skipped: number } {
    return this.labeling.assignFromCards(job, this.proposals(job, classId));
  }

  /** Card frames: never a pose, never on a form, never published, never printed. */
  cardFrames(job: OpenJob): string[] {
    return this.analyse(job).result.cardFrames;
  }
}
