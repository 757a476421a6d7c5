/**
 * Classes, students and roster imports. A student holds only what the product needs (names,
 * class, level, optional birth date and national id for matching re-imports); everything else a
 * school export carries is dropped at import.
 */
import { z } from 'zod';
import { CONSENT_STATUSES, CONSENT_USES } from './consent';
import { isoDateSchema } from './job';

const name = (max = 100) =>
  z
    .string()
    .transform((v) => v.normalize('NFC').replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'validation.required').max(max, 'validation.text.tooLong'));

export const STAFF_ROLES = ['teacher', 'assistant', 'other'] as const;

export const staffSchema = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(STAFF_ROLES),
});
export type Staff = z.infer<typeof staffSchema>;

export const classSchema = z.object({
  id: z.string(),
  label: z.string(),
  code: z.string(),
  level: z.string(),
  students: z.number().int(),
  staff: z.array(staffSchema),
});
export type SchoolClass = z.infer<typeof classSchema>;

export const studentSchema = z.object({
  id: z.string(),
  classId: z.string().nullable(),
  familyName: z.string(),
  usageName: z.string(),
  firstName: z.string(),
  /** Usage name when the school gave one, else the family name: what is printed and sorted on. */
  displayName: z.string(),
  level: z.string(),
  birthDate: z.string().nullable(),
  ine: z.string().nullable(),
  archived: z.boolean(),
  rosterOrder: z.number().int(),
  authorityHolders: z.union([z.literal(1), z.literal(2)]),
  photoHint: z.enum(['yes', 'no']).nullable(),
  consent: z.record(z.enum(CONSENT_USES), z.enum(CONSENT_STATUSES)),
  siblings: z.array(z.string()),
});
export type Student = z.infer<typeof studentSchema>;

export const classInputSchema = z
  .object({
    label: name(60),
    level: z
      .string()
      .transform((v) => v.trim())
      .pipe(z.string().max(30))
      .default(''),
  })
  .strict();

export const studentPatchSchema = z
  .object({
    familyName: name(),
    usageName: z
      .string()
      .transform((v) => v.normalize('NFC').replace(/\s+/g, ' ').trim())
      .pipe(z.string().max(100, 'validation.text.tooLong')),
    firstName: name(),
    level: z.string().trim().max(30),
    birthDate: isoDateSchema.nullable(),
    archived: z.boolean(),
    authorityHolders: z.union([z.literal(1), z.literal(2)]),
  })
  .partial()
  .strict();

/** Fields a roster column can be mapped to. `fullName` is a combined "NOM Prénom" column (Pronote). */
export const MAPPING_FIELDS = [
  'familyName',
  'usageName',
  'firstName',
  'fullName',
  'className',
  'classCode',
  'level',
  'birthDate',
  'ine',
  'photoHint',
] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];

/** Field → header of the column that holds it (as written in the file). */
export const columnMappingSchema = z
  .partialRecord(z.enum(MAPPING_FIELDS), z.string().min(1).max(200))
  .refine(
    (m) => (m.familyName !== undefined && m.firstName !== undefined) || m.fullName !== undefined,
    'validation.mapping.names',
  );
export type ColumnMapping = z.infer<typeof columnMappingSchema>;

export const ROSTER_FORMATS = ['onde', 'siecle_xml', 'siecle_csv', 'csv', 'xlsx'] as const;
export type RosterFormat = (typeof ROSTER_FORMATS)[number];

export const rosterPreviewSchema = z.object({
  file: z.string(),
  /** e.g. `UTF-8`, `UTF-8 (BOM)`, `Windows-1252`, `UTF-16LE`, `ISO-8859-15`. */
  encoding: z.string(),
  format: z.enum(ROSTER_FORMATS),
  /** Columns (or XML fields) the file has, as written. */
  columns: z.array(z.string()),
  /** Columns that were read; every other one (addresses, phones, e-mails, decisions…) is dropped. */
  usedColumns: z.array(z.string()),
  mapping: z.partialRecord(z.enum(MAPPING_FIELDS), z.string()).nullable(),
  /** The columns were not recognised: the user maps them (names at least) before importing. */
  needsMapping: z.boolean(),
  /** Set when a saved mapping profile was applied (matched by the file's headers). */
  mappingProfile: z.string().nullable(),
  classes: z.array(z.object({ label: z.string(), students: z.number().int(), isNew: z.boolean() })),
  students: z.number().int(),
  withoutClass: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), code: z.string(), reason: z.string() })),
  duplicates: z.array(z.object({ line: z.number().int(), firstLine: z.number().int(), name: z.string() })),
  /** SIECLE students with an exit date (DATE_SORTIE): gone, not imported. */
  left: z.number().int(),
  /** Photo authorisation hints read from ONDE: never valid consents. */
  photoHints: z.number().int(),
  merge: z.object({
    matched: z.number().int(),
    added: z.number().int(),
    /** In the job but not in this file: listed for the user to archive, never deleted. */
    missing: z.array(z.object({ id: z.string(), name: z.string(), classLabel: z.string().nullable() })),
  }),
  written: z.boolean(),
});
export type RosterPreview = z.infer<typeof rosterPreviewSchema>;

export const siblingSuggestionSchema = z.object({
  familyName: z.string(),
  students: z.array(z.object({ id: z.string(), name: z.string(), classLabel: z.string().nullable() })),
});

export const shootListSchema = z.object({
  classId: z.string(),
  classLabel: z.string(),
  staff: z.array(staffSchema),
  rows: z.array(
    z.object({
      studentId: z.string(),
      order: z.number().int(),
      familyName: z.string(),
      firstName: z.string(),
      /** False: not to be photographed as things stand — refused or withdrawn, or pending (the form to collect first); `photoStatus` says which. */
      mayPhotograph: z.boolean(),
      photoStatus: z.enum(CONSENT_STATUSES),
      classPhotoStatus: z.enum(CONSENT_STATUSES),
    }),
  ),
});
export type ShootList = z.infer<typeof shootListSchema>;
