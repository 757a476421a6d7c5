/**
 * Image-rights consent (droit à l'image), per student and per use. Each use is consented separately;
 * each holder of parental authority decides for themself, and since the law of 19 February 2024 a
 * child's image is protected by both parents jointly. The rules live here, as pure functions, so the
 * core, the shoot-day list and the UI all compute the same status.
 */
import { z } from 'zod';
import { isoDateSchema } from './job';

/** Individual photo taken, class photo, online gallery for the family, any other use. */
export const CONSENT_USES = ['photo', 'class_photo', 'online_gallery', 'other'] as const;
export type ConsentUse = (typeof CONSENT_USES)[number];

export const CONSENT_DECISIONS = ['granted', 'refused', 'withdrawn'] as const;
export type ConsentDecision = (typeof CONSENT_DECISIONS)[number];

/** A holder of parental authority (first or second), or the student themself (18+, or an older minor refusing). */
export const CONSENT_HOLDERS = ['parent1', 'parent2', 'self'] as const;
export type ConsentHolder = (typeof CONSENT_HOLDERS)[number];

/**
 * Where a decision comes from: a paper form, an e-mail, the day of the shoot (a form handed in on
 * the day), a consent sheet the school returned (imported), a letter (a withdrawal usually is one).
 */
export const CONSENT_SOURCES = [
  'paper_form',
  'email',
  'shoot_day',
  'imported_sheet',
  'letter',
  'online_form',
  'oral',
  'other',
] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** The sources offered when a class's forms are entered in the grid (one per batch). */
export const GRID_SOURCES = ['paper_form', 'email', 'shoot_day'] as const satisfies readonly ConsentSource[];

/** `allowed` only when every required holder agreed; any refusal or withdrawal blocks; anything missing is pending. */
export const CONSENT_STATUSES = ['allowed', 'pending', 'refused', 'withdrawn'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const consentRecordSchema = z.object({
  id: z.string(),
  studentId: z.string(),
  use: z.enum(CONSENT_USES),
  holder: z.enum(CONSENT_HOLDERS),
  decision: z.enum(CONSENT_DECISIONS),
  /** Date written on the form or the e-mail (ISO). */
  decidedOn: z.string(),
  source: z.enum(CONSENT_SOURCES),
  note: z.string(),
  /** When it was entered in Préau (ISO timestamp): orders records, timestamps withdrawals. */
  recordedAt: z.string(),
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

export const newConsentSchema = z
  .object({
    use: z.enum(CONSENT_USES),
    holder: z.enum(CONSENT_HOLDERS),
    decision: z.enum(['granted', 'refused']),
    decidedOn: isoDateSchema,
    source: z.enum(CONSENT_SOURCES),
    note: z
      .string()
      .transform((v) => v.trim())
      .pipe(z.string().max(500, 'validation.text.tooLong'))
      .default(''),
  })
  .strict();

/** A document's date: dd/mm/yyyy on screen, ISO here; never in the future (checked by the core against its today). */
export const consentDateSchema = isoDateSchema;

/** One decision of a batch: what one holder answered for one use. */
export const consentEntrySchema = z
  .object({
    studentId: z.string().min(1).max(100),
    use: z.enum(CONSENT_USES),
    holder: z.enum(CONSENT_HOLDERS),
    decision: z.enum(['granted', 'refused']),
  })
  .strict();
export type ConsentEntry = z.infer<typeof consentEntrySchema>;

/** How a batch was entered: the class grid, or a consent sheet imported from the school. */
export const CONSENT_BATCH_KINDS = ['grid', 'import'] as const;
export type ConsentBatchKind = (typeof CONSENT_BATCH_KINDS)[number];

export const consentBatchSchema = z.object({
  id: z.string(),
  kind: z.enum(CONSENT_BATCH_KINDS),
  source: z.enum(CONSENT_SOURCES),
  /** The date written on the documents of the batch (ISO). */
  decidedOn: z.string(),
  recordedAt: z.string(),
  records: z.number().int(),
  students: z.number().int(),
  /** Every record of the batch is still the decision in force: it can be undone. */
  undoable: z.boolean(),
});
export type ConsentBatch = z.infer<typeof consentBatchSchema>;

export const consentBatchResultSchema = z.object({
  /** Null when nothing changed (every decision was already the one in force). */
  batch: consentBatchSchema.nullable(),
  /** Records written (a refusal of a use already granted is written as a withdrawal). */
  recorded: z.number().int(),
  withdrawals: z.number().int(),
  /** Decisions that were already the ones in force: nothing written for them. */
  unchanged: z.number().int(),
  students: z.number().int(),
  /** Students whose photos are online and must come down at the next publish. */
  removalsQueued: z.number().int(),
});
export type ConsentBatchResult = z.infer<typeof consentBatchResultSchema>;

/** A decision in force in one cell of the grid. */
export const consentCellSchema = z.object({
  use: z.enum(CONSENT_USES),
  holder: z.enum(CONSENT_HOLDERS),
  decision: z.enum(CONSENT_DECISIONS),
  decidedOn: z.string(),
  source: z.enum(CONSENT_SOURCES),
});
export type ConsentCell = z.infer<typeof consentCellSchema>;

export const consentGridRowSchema = z.object({
  studentId: z.string(),
  order: z.number().int(),
  displayName: z.string(),
  firstName: z.string(),
  adult: z.boolean(),
  authorityHolders: z.union([z.literal(1), z.literal(2)]),
  /** Who decides in the grid's first and second column: the parents, one parent, or the adult student. */
  holders: z.array(z.enum(CONSENT_HOLDERS)),
  /** ONDE "Autorisation photo": the school's hint, offered as a suggestion to confirm, never a record. */
  photoHint: z.enum(['yes', 'no']).nullable(),
  cells: z.array(consentCellSchema),
  statuses: z.record(z.enum(CONSENT_USES), z.enum(CONSENT_STATUSES)),
});
export type ConsentGridRow = z.infer<typeof consentGridRowSchema>;

export const consentGridSchema = z.object({
  classId: z.string(),
  classLabel: z.string(),
  /** Studio setting: one signature per use is enough — the grid shows one column per use. */
  oneSignatureSuffices: z.boolean(),
  rows: z.array(consentGridRowSchema),
  /** The job's last batch (grid or import) that was not undone. */
  lastBatch: consentBatchSchema.nullable(),
  /** Today where the studio is (ISO): the default date of a batch and the latest one accepted. */
  today: z.string(),
});
export type ConsentGrid = z.infer<typeof consentGridSchema>;

/**
 * Who decides in the grid's columns for a student: the adult student alone; else the holders of
 * parental authority (one or two).
 */
export function gridHolders(ctx: Pick<ConsentContext, 'adult' | 'authorityHolders'>): ConsentHolder[] {
  if (ctx.adult) return ['self'];
  return ctx.authorityHolders === 2 ? ['parent1', 'parent2'] : ['parent1'];
}

/** Whose answer a column of a consent sheet holds: the first or second holder, or the family as a whole. */
export const SHEET_HOLDERS = ['parent1', 'parent2', 'family'] as const;
export type SheetHolder = (typeof SHEET_HOLDERS)[number];

/** Fields of a consent sheet that identify the student (matched by INE, else name and birth date, else name). */
export const SHEET_IDENTITY_FIELDS = [
  'ine',
  'familyName',
  'usageName',
  'firstName',
  'fullName',
  'birthDate',
  'className',
] as const;
export type SheetIdentityField = (typeof SHEET_IDENTITY_FIELDS)[number];

const header = z.string().min(1).max(200);

/** Which column of a consent sheet holds what: the student's identity, then each use × holder answered. */
export const consentSheetMappingSchema = z
  .object({
    identity: z.partialRecord(z.enum(SHEET_IDENTITY_FIELDS), header),
    decisions: z
      .array(z.object({ column: header, use: z.enum(CONSENT_USES), holder: z.enum(SHEET_HOLDERS) }).strict())
      .min(1, 'validation.consentSheet.decisions')
      .max(40),
  })
  .strict()
  .refine(
    (m) =>
      (m.identity.familyName !== undefined && m.identity.firstName !== undefined) ||
      m.identity.fullName !== undefined,
    'validation.mapping.names',
  );
export type ConsentSheetMapping = z.infer<typeof consentSheetMappingSchema>;

/** Why a row of a consent sheet was not recorded. */
export const SHEET_UNMATCHED_CODES = [
  'not_found',
  'ambiguous',
  'duplicate',
  'missing_name',
  'bad_date',
  'bad_ine',
] as const;

export const consentSheetPreviewSchema = z.object({
  file: z.string(),
  encoding: z.string(),
  columns: z.array(z.string()),
  mapping: consentSheetMappingSchema.nullable(),
  /** The columns were not recognised: the user says which holds the names and which the answers. */
  needsMapping: z.boolean(),
  mappingProfile: z.string().nullable(),
  decidedOn: z.string(),
  /** Rows read (the header excepted). */
  rows: z.number().int(),
  matched: z.array(
    z.object({
      line: z.number().int(),
      studentId: z.string(),
      name: z.string(),
      classLabel: z.string().nullable(),
      matchedBy: z.enum(['ine', 'name_birth', 'name']),
      granted: z.number().int(),
      refused: z.number().int(),
      /** Decisions that differ from the ones in force (what will be written). */
      changes: z.number().int(),
    }),
  ),
  unmatched: z.array(
    z.object({
      line: z.number().int(),
      name: z.string(),
      code: z.enum(SHEET_UNMATCHED_CODES),
      reason: z.string(),
    }),
  ),
  /** Answers that are neither a yes nor a no (« peut-être », « ? »): left out, said here. */
  invalid: z.array(z.object({ line: z.number().int(), column: z.string(), value: z.string() })),
  /** Decisions that will be (or were) written. */
  records: z.number().int(),
  unchanged: z.number().int(),
  written: z.boolean(),
  batch: consentBatchSchema.nullable(),
});
export type ConsentSheetPreview = z.infer<typeof consentSheetPreviewSchema>;

export interface ConsentContext {
  /** How many holders of parental authority the student has (the user says: 1 or 2). */
  authorityHolders: 1 | 2;
  /** 18 or older on the day the status is computed: consents for themself. */
  adult: boolean;
  /** Studio setting: one holder's agreement is enough (default false: both). */
  oneSignatureSuffices: boolean;
}

/** The decision in force for each holder: the most recently recorded one. */
export function latestDecisions(
  records: readonly Pick<ConsentRecord, 'holder' | 'decision' | 'recordedAt'>[],
): Partial<Record<ConsentHolder, ConsentDecision>> {
  const sorted = [...records].sort((a, b) => a.recordedAt.localeCompare(b.recordedAt));
  const result: Partial<Record<ConsentHolder, ConsentDecision>> = {};
  for (const r of sorted) result[r.holder] = r.decision;
  return result;
}

/** The latest record of each holder for one use: the decision in force, with its date and source. */
export function latestRecords<R extends Pick<ConsentRecord, 'use' | 'holder' | 'recordedAt'>>(
  records: readonly R[],
  use: ConsentUse,
): Partial<Record<ConsentHolder, R>> {
  const result: Partial<Record<ConsentHolder, R>> = {};
  for (const r of [...records]
    .filter((r) => r.use === use)
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)))
    result[r.holder] = r;
  return result;
}

/** Whose agreement is needed for this student. */
export function requiredHolders(ctx: ConsentContext): ConsentHolder[] {
  if (ctx.adult) return ['self'];
  return ctx.authorityHolders === 2 ? ['parent1', 'parent2'] : ['parent1'];
}

/**
 * Status of one use from the records of that use. A refusal or withdrawal by anyone who counts
 * blocks — including an older minor's own refusal, which is honoured even though it is not required.
 */
export function consentStatus(
  records: readonly Pick<ConsentRecord, 'holder' | 'decision' | 'recordedAt'>[],
  ctx: ConsentContext,
): ConsentStatus {
  const latest = latestDecisions(records);
  const required = requiredHolders(ctx);
  const counted: ConsentHolder[] = ctx.adult ? ['self'] : [...required, 'self'];
  const decisions = counted.map((h) => latest[h]);
  if (decisions.includes('withdrawn')) return 'withdrawn';
  if (decisions.includes('refused')) return 'refused';
  const granted = required.filter((h) => latest[h] === 'granted').length;
  if (granted === required.length) return 'allowed';
  if (ctx.oneSignatureSuffices && granted > 0) return 'allowed';
  return 'pending';
}

/** Status of every use at once. */
export function consentStatuses(
  records: readonly Pick<ConsentRecord, 'use' | 'holder' | 'decision' | 'recordedAt'>[],
  ctx: ConsentContext,
): Record<ConsentUse, ConsentStatus> {
  const result = {} as Record<ConsentUse, ConsentStatus>;
  for (const use of CONSENT_USES)
    result[use] = consentStatus(
      records.filter((r) => r.use === use),
      ctx,
    );
  return result;
}

/** A refusal or a withdrawal by anyone who counts: the use is forbidden (pending is not, yet). */
export const FORBIDDING_STATUSES: readonly ConsentStatus[] = ['refused', 'withdrawn'];

export function forbids(status: ConsentStatus | undefined): boolean {
  return status !== undefined && FORBIDDING_STATUSES.includes(status);
}

/** The use a photo a student is put on serves: a class photo needs `class_photo`, any other `photo`. */
export function labelUse(mark: string | null | undefined): 'photo' | 'class_photo' {
  return mark === 'class' ? 'class_photo' : 'photo';
}

export interface LabelingConsent {
  /**
   * `forbidden`: being photographed or this use is refused or withdrawn — never proposed, and put on
   * a photo only after a person confirms; `pending`: a form is missing (proposed, shown as pending);
   * `allowed`: every holder who counts agreed.
   */
  verdict: 'allowed' | 'pending' | 'forbidden';
  /** The use the verdict is about (`photo` first: a child not to be photographed is so for every use). */
  use: ConsentUse;
}

/**
 * What consent says about putting a student on a photo of `use` — the one rule the labeling core,
 * its checks and the labeling screen follow. Online display is the publish gate's rule (only
 * `allowed` goes online); this one is about the photo itself.
 */
export function labelingConsent(
  statuses: Partial<Record<ConsentUse, ConsentStatus>>,
  use: ConsentUse = 'photo',
): LabelingConsent {
  const uses: ConsentUse[] = use === 'photo' ? ['photo'] : ['photo', use];
  const forbidden = uses.find((u) => forbids(statuses[u]));
  if (forbidden) return { verdict: 'forbidden', use: forbidden };
  const pending = uses.find((u) => (statuses[u] ?? 'pending') === 'pending');
  if (pending) return { verdict: 'pending', use: pending };
  return { verdict: 'allowed', use };
}

export interface HolderDecision {
  holder: ConsentHolder;
  /** The decision in force; null: this holder's form was not returned. */
  decision: ConsentDecision | null;
  decidedOn: string | null;
  source: ConsentSource | null;
}

/**
 * For one use, each holder whose decision counts (those required, and a child's own refusal) with
 * the decision in force: the words of a warning say who refused what, or whose form is missing.
 */
export function holderDecisions(
  records: readonly Pick<
    ConsentRecord,
    'use' | 'holder' | 'decision' | 'decidedOn' | 'source' | 'recordedAt'
  >[],
  use: ConsentUse,
  required: readonly ConsentHolder[],
): HolderDecision[] {
  const latest = new Map<ConsentHolder, (typeof records)[number]>();
  for (const r of [...records]
    .filter((x) => x.use === use)
    .sort((a, b) => a.recordedAt.localeCompare(b.recordedAt)))
    latest.set(r.holder, r);
  const holders = [...required];
  const self = latest.get('self');
  if (!holders.includes('self') && self && self.decision !== 'granted') holders.push('self');
  return holders.map((holder) => {
    const r = latest.get(holder);
    return r
      ? { holder, decision: r.decision, decidedOn: r.decidedOn, source: r.source }
      : { holder, decision: null, decidedOn: null, source: null };
  });
}

/** Full years between a birth date and a day (both ISO yyyy-mm-dd). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

export function isAdult(birthDate: string | null, day: string): boolean {
  return birthDate !== null && ageOn(birthDate, day) >= 18;
}

/**
 * What the shoot-day list says about a child: not to be photographed (refused or withdrawn), a form
 * to collect on the day before photographing (pending), or nothing.
 */
export function shootDayMark(photo: ConsentStatus): 'refused' | 'withdrawn' | 'pending' | null {
  return photo === 'allowed' ? null : photo;
}

/** The counts a shoot-day list's header gives: refused (or withdrawn) apart from pending. */
export function shootDayCounts(rows: readonly { photoStatus: ConsentStatus }[]): {
  refused: number;
  pending: number;
} {
  return {
    refused: rows.filter((r) => forbids(r.photoStatus)).length,
    pending: rows.filter((r) => r.photoStatus === 'pending').length,
  };
}

/** Uses whose withdrawal must take the student's photos off the online platform once published. */
export const PUBLISHED_USES: readonly ConsentUse[] = ['photo', 'class_photo', 'online_gallery'];

/** A withdrawal (or a late refusal) that blocks a published use means the photos must come down at the next publish. */
export function needsRemoval(use: ConsentUse, status: ConsentStatus, published: boolean): boolean {
  return published && PUBLISHED_USES.includes(use) && (status === 'withdrawn' || status === 'refused');
}

export const studentConsentSchema = z.object({
  studentId: z.string(),
  authorityHolders: z.union([z.literal(1), z.literal(2)]),
  adult: z.boolean(),
  required: z.array(z.enum(CONSENT_HOLDERS)),
  statuses: z.record(z.enum(CONSENT_USES), z.enum(CONSENT_STATUSES)),
  /** ONDE "Autorisation photo": an unconfirmed hint from the school, not a consent. */
  photoHint: z.enum(['yes', 'no']).nullable(),
  records: z.array(consentRecordSchema),
  /** A removal from the online platform waits for the next publish. */
  removalPending: z.boolean(),
});
export type StudentConsent = z.infer<typeof studentConsentSchema>;
