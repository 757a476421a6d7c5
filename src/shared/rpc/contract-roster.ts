/**
 * Contract entries of the school, roster and consent feature (spread into `contract`). Paths are
 * files on the machine running the core: the UI picks them, the core reads them.
 */
import { z } from 'zod';
import {
  CONSENT_HOLDERS,
  CONSENT_SOURCES,
  CONSENT_USES,
  consentBatchResultSchema,
  consentBatchSchema,
  consentDateSchema,
  consentEntrySchema,
  consentGridSchema,
  consentSheetMappingSchema,
  consentSheetPreviewSchema,
  newConsentSchema,
  studentConsentSchema,
} from '../domain/consent';
import { isoDateSchema, jobIdSchema } from '../domain/job';
import {
  classInputSchema,
  classSchema,
  columnMappingSchema,
  rosterPreviewSchema,
  shootListSchema,
  siblingSuggestionSchema,
  STAFF_ROLES,
  studentPatchSchema,
  studentSchema,
} from '../domain/roster';
import { schoolPatchSchema, schoolSchema } from '../domain/school';
import { idSchema, noParams, ok, userPathSchema } from './schemas';

const personName = z
  .string()
  .transform((v) => v.normalize('NFC').replace(/\s+/g, ' ').trim())
  .pipe(z.string().min(1, 'validation.required').max(100, 'validation.text.tooLong'));

const rosterSource = {
  jobId: jobIdSchema,
  /** The roster file (CSV, TSV, XLSX, SIECLE XML or its zip). */
  path: userPathSchema,
  /** Column mapping for a file whose columns are not recognised (field → header as written). */
  mapping: columnMappingSchema.optional(),
  /** Name of a saved mapping profile to apply instead. */
  profile: z.string().min(1).max(200).optional(),
};

export const rosterContract = {
  /** The school of a job and its selling association, with what is still missing for order forms. */
  'school.get': { params: z.object({ jobId: jobIdSchema }).strict(), result: schoolSchema },

  /** Changes school details (name, town, UAI, type, association, sibling photos); returns them all. */
  'school.update': {
    params: z.object({ jobId: jobIdSchema, patch: schoolPatchSchema }).strict(),
    result: schoolSchema,
  },

  /**
   * Reads a roster file and describes what importing it would do (encoding, format, counts per class,
   * rejected rows with line and reason, duplicates, students without a class, merge with the job's
   * students). Writes nothing. `needsMapping` shows as an empty `mapping` with the file's `columns`.
   */
  'roster.preview': { params: z.object(rosterSource).strict(), result: rosterPreviewSchema },

  /**
   * Imports (merges) a roster: matched students keep their idSchema and consent, new ones are added,
   * missing ones are listed in `merge.missing` for the user to archive (never deleted). An explicit
   * mapping is saved as a profile and offered again for files with the same headers. With `dryRun`,
   * the same as `roster.preview`. A file with any error writes nothing.
   */
  'roster.import': {
    params: z
      .object({
        ...rosterSource,
        /** Name to save the mapping under (defaults to the file name). */
        profileName: z.string().trim().min(1).max(200).optional(),
        dryRun: z.boolean().default(false),
      })
      .strict(),
    result: rosterPreviewSchema,
  },

  /** Saved column-mapping profiles (studio-wide), most recently used first. */
  'roster.mappings': {
    params: noParams,
    result: z.array(
      z.object({ name: z.string(), mapping: z.record(z.string(), z.string()), lastUsedAt: z.string() }),
    ),
  },

  /** Classes of the job with their student counts and staff. */
  'classes.list': { params: z.object({ jobId: jobIdSchema }).strict(), result: z.array(classSchema) },

  /** Adds a class by hand. Refuses a label already used. */
  'classes.add': {
    params: classInputSchema.extend({ jobId: jobIdSchema }).strict(),
    result: classSchema,
  },

  /** Renames a class, changes its level, or replaces its staff (teacher, assistant…) for the class photo. */
  'classes.update': {
    params: z
      .object({
        jobId: jobIdSchema,
        classId: idSchema,
        label: personName.optional(),
        level: z.string().trim().max(30).optional(),
        staff: z
          .array(z.object({ name: personName, role: z.enum(STAFF_ROLES) }).strict())
          .max(20)
          .optional(),
      })
      .strict(),
    result: classSchema,
  },

  /** Students of the job (or of one class), in roster order, with consent status per use and siblings. */
  'students.list': {
    params: z
      .object({
        jobId: jobIdSchema,
        classId: idSchema.optional(),
        includeArchived: z.boolean().default(false),
      })
      .strict(),
    result: z.array(studentSchema),
  },

  /** Adds a student by hand (a pupil missing from the school's export). */
  'students.add': {
    params: z
      .object({
        jobId: jobIdSchema,
        classId: idSchema.nullable(),
        familyName: personName,
        usageName: z.string().trim().max(100).default(''),
        firstName: personName,
        level: z.string().trim().max(30).default(''),
        birthDate: isoDateSchema.nullable().default(null),
      })
      .strict(),
    result: studentSchema,
  },

  /** Edits a student: names, level, birth date, number of holders of parental authority, archived. */
  'students.update': {
    params: z.object({ jobId: jobIdSchema, studentId: idSchema, patch: studentPatchSchema }).strict(),
    result: studentSchema,
  },

  /** Archives (or restores, `archived: false`) several students at once, e.g. those missing from a re-import. Nothing is deleted. */
  'students.archive': {
    params: z
      .object({
        jobId: jobIdSchema,
        studentIds: z.array(idSchema).min(1).max(5000),
        archived: z.boolean().default(true),
      })
      .strict(),
    result: z.object({ count: z.number().int() }),
  },

  /** Moves a student to another class (or to none), at the end of its roster order. */
  'students.move': {
    params: z.object({ jobId: jobIdSchema, studentId: idSchema, classId: idSchema.nullable() }).strict(),
    result: studentSchema,
  },

  /** Merges a duplicate into the student kept: consent records and sibling links follow; the duplicate is removed. */
  'students.merge': {
    params: z.object({ jobId: jobIdSchema, keepId: idSchema, duplicateId: idSchema }).strict(),
    result: studentSchema,
  },

  /** Possible siblings (same family name in this school) for the user to confirm; nothing is linked automatically. */
  'siblings.suggest': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: z.array(siblingSuggestionSchema),
  },

  /** Links (or unlinks, `linked: false`) students as siblings, as confirmed by the user. */
  'siblings.link': {
    params: z
      .object({
        jobId: jobIdSchema,
        studentIds: z.array(idSchema).min(2).max(10),
        linked: z.boolean().default(true),
      })
      .strict(),
    result: ok,
  },

  /** A student's consent: status per use, who must agree, the full history, any pending removal. */
  'consent.get': {
    params: z.object({ jobId: jobIdSchema, studentId: idSchema }).strict(),
    result: studentConsentSchema,
  },

  /** Records one holder's decision (granted or refused) for one use, with its date and source. */
  'consent.record': {
    params: newConsentSchema.extend({ jobId: jobIdSchema, studentId: idSchema }).strict(),
    result: studentConsentSchema,
  },

  /**
   * Withdraws a holder's consent for one use, dated by its letter or e-mail (`decidedOn`, today when
   * absent, never in the future), with how it came and a note; effective at once. If the student's
   * photos are already online, a removal is queued for the next publish.
   */
  'consent.withdraw': {
    params: z
      .object({
        jobId: jobIdSchema,
        studentId: idSchema,
        use: z.enum(CONSENT_USES),
        holder: z.enum(CONSENT_HOLDERS),
        decidedOn: consentDateSchema.optional(),
        source: z.enum(CONSENT_SOURCES),
        note: z.string().trim().max(500).default(''),
      })
      .strict(),
    result: studentConsentSchema,
  },

  /**
   * A class as the consent grid shows it: students in roster order, who decides in each column
   * (parents, one parent, the adult student), the decision in force per use and holder, the ONDE
   * hint (a suggestion, never a record) and the job's last batch, which may be undone.
   */
  'consent.grid': {
    params: z.object({ jobId: jobIdSchema, classId: idSchema }).strict(),
    result: consentGridSchema,
  },

  /**
   * Records a batch of decisions (a class's paper forms entered in the grid) with one source and one
   * document date (never in the future), in one transaction with one audit row (counts only). A
   * decision already in force is skipped; a refusal of a use already granted is a withdrawal; one
   * impossible entry (a second holder the student does not have) writes nothing.
   */
  'consent.recordMany': {
    params: z
      .object({
        jobId: jobIdSchema,
        source: z.enum(CONSENT_SOURCES),
        decidedOn: consentDateSchema,
        note: z.string().trim().max(500).default(''),
        entries: z.array(consentEntrySchema).min(1).max(20000),
      })
      .strict(),
    result: consentBatchResultSchema,
  },

  /**
   * Undoes the job's last batch (grid or imported sheet) while none of its decisions was changed
   * since: its records and the removals it queued go; the audit trail keeps both traces.
   */
  'consent.undoBatch': {
    params: z.object({ jobId: jobIdSchema, batchId: idSchema }).strict(),
    result: consentBatchSchema,
  },

  /**
   * Reads a consent sheet returned by the school (CSV/XLSX) and matches its rows to students (INE,
   * else name and birth date, else a name unique in the job or `classId`); answers oui/non, x,
   * 1/0, accord/refus. With `dryRun` (default) writes nothing and says what would be recorded and
   * what could not be matched; otherwise records the matched answers as one batch with source
   * « feuille de consentement importée » and the sheet's date. An explicit mapping is saved.
   */
  'consent.importSheet': {
    params: z
      .object({
        jobId: jobIdSchema,
        path: userPathSchema,
        mapping: consentSheetMappingSchema.optional(),
        profile: z.string().min(1).max(200).optional(),
        profileName: z.string().trim().min(1).max(200).optional(),
        classId: idSchema.optional(),
        decidedOn: consentDateSchema,
        dryRun: z.boolean().default(true),
      })
      .strict(),
    result: consentSheetPreviewSchema,
  },

  /**
   * Writes the consent sheet of each class (A4 PDF in the association's name: one row per child,
   * a yes/no box per use and holder as in the grid, signature lines) into the job's `exports/`.
   */
  'consent.sheetPdf': {
    params: z.object({ jobId: jobIdSchema, classIds: z.array(idSchema).max(200).optional() }).strict(),
    result: z.object({ path: z.string() }),
  },

  /** Removals from the online platform waiting for the next publish (consent withdrawn after publication). */
  'consent.removals': {
    params: z.object({ jobId: jobIdSchema }).strict(),
    result: z.array(
      z.object({ id: z.string(), studentId: z.string(), use: z.string(), requestedAt: z.string() }),
    ),
  },

  /** Shoot-day list data per class for the screen: roster order, « ne pas photographier » marks. */
  'shootList.get': {
    params: z.object({ jobId: jobIdSchema, classIds: z.array(idSchema).max(200).optional() }).strict(),
    result: z.array(shootListSchema),
  },

  /** Writes the shoot-day list (A4 PDF, one section per class) into the job's `exports/`; returns its path. */
  'shootList.pdf': {
    params: z.object({ jobId: jobIdSchema, classIds: z.array(idSchema).max(200).optional() }).strict(),
    result: z.object({ path: z.string() }),
  },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;
