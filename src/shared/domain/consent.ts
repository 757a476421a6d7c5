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

export const CONSENT_SOURCES = ['paper_form', 'email', 'online_form', 'oral', 'other'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

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
