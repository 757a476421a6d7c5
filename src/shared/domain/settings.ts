/** Studio-wide settings, kept in the studio index (not in any job folder). */
import { z } from 'zod';
import { DEFAULT_RETENTION_POLICY, retentionPolicySchema } from './retention';

export const LANGUAGES = ['fr', 'en'] as const;
export const languageSchema = z.enum(LANGUAGES);
export type Language = z.infer<typeof languageSchema>;

const optionalText = (max: number) =>
  z
    .string()
    .transform((v) => v.trim())
    .pipe(z.string().max(max, 'validation.text.tooLong'));

export const photographerSchema = z.object({
  name: optionalText(120),
  company: optionalText(120),
  email: optionalText(200).refine(
    (v) => v === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
    'validation.email',
  ),
  phone: optionalText(40),
  siret: optionalText(20).refine(
    (v) => v === '' || /^\d{14}$/.test(v.replace(/\s/g, '')),
    'validation.siret',
  ),
});
export type Photographer = z.infer<typeof photographerSchema>;

export const publishTargetSchema = z.object({
  /** `sandbox` is the local platform started by the app; `hosted` is the studio's account on the real platform. */
  kind: z.enum(['sandbox', 'hosted']),
  url: z.string().max(500),
});
export type PublishTarget = z.infer<typeof publishTargetSchema>;

export const studioSettingsSchema = z.object({
  language: languageSchema,
  photographer: photographerSchema,
  /** Where new job folders are created by default. */
  libraryDir: z.string(),
  publishTarget: publishTargetSchema,
  /** Image-rights consent: one holder of parental authority's agreement is enough (default: every holder must agree). */
  consentOneSignatureSuffices: z.boolean().default(false),
  /** Backup folder last used for card ingest (second copy on an external drive); empty for none. */
  ingestBackupDir: z.string().max(4096).default(''),
  /** How long each job's personal data is kept (studio default, applied to every job). */
  retentionPolicy: retentionPolicySchema.default(DEFAULT_RETENTION_POLICY),
});
export type StudioSettings = z.infer<typeof studioSettingsSchema>;

export const studioSettingsPatchSchema = z
  .object({
    language: languageSchema,
    photographer: photographerSchema.partial(),
    libraryDir: z.string().trim().min(1, 'validation.path.required').max(4096),
    publishTarget: publishTargetSchema,
    consentOneSignatureSuffices: z.boolean(),
    ingestBackupDir: z.string().trim().max(4096),
    retentionPolicy: retentionPolicySchema,
  })
  .partial();
export type StudioSettingsPatch = z.input<typeof studioSettingsPatchSchema>;
