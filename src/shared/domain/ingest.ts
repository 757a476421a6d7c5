/**
 * Ingest of memory cards and the photos it registers: what the UI, the CLI and the core exchange
 * about cards (their manifest and verdict), cameras (their clock offset) and photos (light rows
 * for a 20 000-photo grid; images themselves come from the media route).
 */
import { z } from 'zod';

/** Default rename template: capture date and time, camera label, folder + counter of the camera. */
export const DEFAULT_NAME_TEMPLATE = '{date}-{time}_{camera}_{folder}{number}';
export const NAME_TOKENS = ['date', 'time', 'subsec', 'camera', 'folder', 'number', 'original'] as const;

export const nameTemplateSchema = z
  .string()
  .trim()
  .min(1)
  .max(120)
  .refine(
    (v) => [...v.matchAll(/\{(\w+)\}/g)].every((m) => (NAME_TOKENS as readonly string[]).includes(m[1]!)),
    'validation.invalidValue',
  )
  .refine((v) => !/[\\/:*?"<>|]/.test(v.replace(/\{\w+\}/g, '')), 'validation.invalidValue');

export const ingestParamsSchema = z.object({
  /** A mounted card, its DCIM folder, or any folder of photos. */
  source: z.string().min(1).max(4096),
  /** Second destination written at the same time (an existing folder, e.g. on an external drive). */
  backupDir: z.string().min(1).max(4096).nullable().default(null),
  template: nameTemplateSchema.default(DEFAULT_NAME_TEMPLATE),
});
export type IngestParams = z.output<typeof ingestParamsSchema>;

export const fileIssueSchema = z.object({
  /** Path on the card, relative to its root (`DCIM/100CANON/IMG_0001.JPG`). */
  file: z.string(),
  reason: z.string(),
});
export type FileIssue = z.infer<typeof fileIssueSchema>;

export const ingestResultSchema = z.object({
  cardId: z.string(),
  cardNumber: z.number(),
  cameraLabel: z.string().nullable(),
  copied: z.number(),
  verified: z.number(),
  duplicates: z.number(),
  unreadable: z.array(fileIssueSchema),
  failed: z.array(fileIssueSchema),
  /**
   * Files of a card seen before whose copy in the job or the backup was missing or damaged, made
   * again from the card and verified before the verdict (absent from results of older versions).
   */
  repaired: z.array(fileIssueSchema).default([]),
  /** Files of a card seen before whose registered copies were read back and checked in this run. */
  checked: z.number().default(0),
  /** Sidecars (XMP, THM, WAV voice note) copied, verified and attached to their photo; reason: what it is. */
  sidecars: z.array(fileIssueSchema).default([]),
  /** « Autres fichiers »: copied and verified, not photos (a README, a video…); reason: what it is, in words. */
  others: z.array(fileIssueSchema).default([]),
  photos: z.number(),
  safeToFormat: z.boolean(),
  /** "carte 3 (boîtier B) copiée et vérifiée — peut être formatée", or what failed. */
  verdict: z.string(),
});
export type IngestResult = z.infer<typeof ingestResultSchema>;

export const scanResultSchema = z.object({
  /** The card's root as understood by the core (the folder holding DCIM when there is one). */
  root: z.string(),
  isCard: z.boolean(),
  /** Number of this card in the job when it was ingested before. */
  knownCardNumber: z.number().nullable(),
  files: z.number(),
  bytes: z.number(),
  newFiles: z.number(),
  newBytes: z.number(),
  alreadyIngested: z.number(),
});
export type ScanResult = z.infer<typeof scanResultSchema>;

export const cardSchema = z.object({
  id: z.string(),
  number: z.number(),
  sourcePath: z.string(),
  cameraLabel: z.string().nullable(),
  firstIngestAt: z.string(),
  lastIngestAt: z.string(),
  files: z.number(),
  verified: z.number(),
  duplicates: z.number(),
  failed: z.number(),
  safeToFormat: z.boolean(),
  verdict: z.string().nullable(),
});
export type Card = z.infer<typeof cardSchema>;

export const manifestEntrySchema = z.object({
  file: z.string(),
  size: z.number(),
  sha256: z.string().nullable(),
  status: z.enum(['verified', 'duplicate', 'failed']),
  reason: z.string().nullable(),
  destinations: z.array(z.string()),
  verifiedAt: z.string().nullable(),
  /** `direct` when the read-back bypassed the OS cache, `cached` when it could not. */
  verifyMode: z.string().nullable(),
  photoId: z.string().nullable(),
});
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

export const cameraSchema = z.object({
  id: z.string(),
  label: z.string(),
  make: z.string(),
  model: z.string(),
  serial: z.string(),
  offsetSeconds: z.number(),
  photos: z.number(),
});
export type Camera = z.infer<typeof cameraSchema>;

export const photoRowSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  originalName: z.string(),
  kind: z.string(),
  /** Capture time corrected by the camera's offset, local wall time `YYYY-MM-DDTHH:MM:SS.sss`. */
  capturedAt: z.string().nullable(),
  /** True when the time came from CreateDate or the file date, not DateTimeOriginal. */
  timeUncertain: z.boolean(),
  cameraLabel: z.string().nullable(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  readable: z.boolean(),
  unreadableReason: z.string().nullable(),
  hasThumb: z.boolean(),
  hasPreview: z.boolean(),
  /** Card names of the sidecars attached to this photo (`IMG_0042.WAV`, `IMG_0042.XMP`). */
  sidecars: z.array(z.string()).default([]),
});
export type PhotoRow = z.infer<typeof photoRowSchema>;

/** A mounted removable volume holding a DCIM folder (a camera card), as the volume watcher sees it. */
export const volumeSchema = z.object({
  /** Mount point (the card's root). */
  path: z.string(),
  /** Volume name as the system shows it (`EOS_DIGITAL`). */
  name: z.string(),
  files: z.number(),
  bytes: z.number(),
  /** When the watcher first saw it (ISO), so the UI can offer only cards inserted while it runs. */
  seenAt: z.string(),
});
export type Volume = z.infer<typeof volumeSchema>;
