/**
 * The publish protocol between the studio and a sales platform (the hosted one or the local
 * sandbox), as runtime schemas shared by the client and the sandbox so neither can drift from the
 * other. The prose reference is docs/publish-api.md; every route below has its request and response
 * schema here. Everything is JSON except chunk bodies (raw bytes) and the family pages (HTML).
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;
export const API_PREFIX = '/api/v1';

/** Largest chunk a platform must accept; clients may send smaller ones. */
export const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
/** Largest single file (a high-definition JPEG or an order-form PDF is far below). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

/** Request headers of a chunk upload. */
export const CHUNK_HEADERS = {
  offset: 'x-chunk-offset',
  sha256: 'x-chunk-sha256',
} as const;

/**
 * Batch upload of small whole files in one request (a school is mostly photos of a few hundred
 * KB: one request per file costs more than the bytes). The body is the files back to back; this
 * header lists them in body order as `sha256:size`, comma-separated.
 */
export const BATCH_HEADER = 'x-batch-files';
/** Most files in one batch (keeps the header well under the 16 KiB HTTP header limit). */
export const MAX_BATCH_FILES = 100;
/** Largest batch body; the same as a chunk, so a batch costs the platform no more memory than one. */
export const MAX_BATCH_BYTES = 8 * 1024 * 1024;

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 en hexadécimal minuscule attendu');
/** Client-chosen identifiers (gallery, manifest, class, student): opaque, URL-safe, no personal data. */
export const refSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'identifiant : lettres, chiffres, « _ » ou « - »');
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date AAAA-MM-JJ attendue');
/**
 * A family's private access code as printed on the order form. Compared after normalisation
 * (upper case, spaces and dashes removed), so "ab12-cd34" and "AB12CD34" are the same code.
 */
export const accessCodeSchema = z
  .string()
  .min(8)
  .max(40)
  .regex(/^[A-Za-z0-9 -]+$/, 'code : lettres, chiffres, espaces ou tirets');

export function normalizeAccessCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]+/g, '');
}

export const MEDIA_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export const mediaTypeSchema = z.enum(MEDIA_TYPES);
export type MediaType = z.infer<typeof mediaTypeSchema>;

export const manifestFileSchema = z.object({
  sha256: sha256Schema,
  size: z.number().int().min(1).max(MAX_FILE_BYTES),
  mediaType: mediaTypeSchema,
});
export type ManifestFile = z.infer<typeof manifestFileSchema>;

export const classPhotoSchema = z.object({
  sha256: sha256Schema,
  /** Every student on the photo; the platform removes the photo when any of them is removed. */
  studentRefs: z.array(refSchema),
});

export const manifestClassSchema = z.object({
  classRef: refSchema,
  /** What families read, e.g. "CM1 B". */
  label: z.string().min(1).max(80),
  classPhotos: z.array(classPhotoSchema),
});
export type ManifestClass = z.infer<typeof manifestClassSchema>;

/**
 * A product a family may order online, as its paper form shows it (the job's price list; sibling
 * products only on a family's form where the school allows them). `perPose`: the family picks a
 * pose number for it (a print, a pochette); false for a class photo or a sibling photo.
 */
export const offeredProductSchema = z.object({
  ref: z
    .string()
    .min(1)
    .max(8)
    .regex(/^[A-Za-z0-9]+$/),
  label: z.string().min(1).max(80),
  /** Unit price TTC in euro cents. */
  priceCents: z.number().int().min(0).max(100_000),
  perPose: z.boolean(),
});
export type OfferedProduct = z.infer<typeof offeredProductSchema>;

export const manifestStudentSchema = z.object({
  studentRef: refSchema,
  classRef: refSchema,
  accessCode: accessCodeSchema,
  /** Shown on the family page as a greeting; first name only is enough (data minimisation). */
  displayName: z.string().max(80).optional(),
  photos: z.array(z.object({ sha256: sha256Schema, pose: z.number().int().min(1).optional() })),
  /** The student's order form (PDF), downloadable from the family page. */
  orderFormSha256: sha256Schema.optional(),
  /**
   * What this family may order online (absent: the gallery takes no online order for them).
   * Photos carry the pose numbers printed on the paper form.
   */
  products: z.array(offeredProductSchema).max(30).optional(),
});
export type ManifestStudent = z.infer<typeof manifestStudentSchema>;

export const retentionSchema = z.object({
  /** Last day families can open the gallery (inclusive, platform time zone). */
  closeDate: isoDateSchema,
  /** From this day on, every file of the gallery is deleted from the platform. */
  deleteDate: isoDateSchema,
});

export const manifestSchema = z
  .object({
    protocolVersion: z.literal(PROTOCOL_VERSION),
    retention: retentionSchema,
    /** Last day families may order online (inclusive, platform time zone); absent: no online order. */
    orderDeadline: isoDateSchema.optional(),
    classes: z.array(manifestClassSchema),
    students: z.array(manifestStudentSchema),
    files: z.array(manifestFileSchema),
  })
  .superRefine((m, ctx) => {
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    if (m.retention.deleteDate < m.retention.closeDate)
      issue('la date de suppression précède la date de fermeture', ['retention', 'deleteDate']);
    const files = new Set<string>();
    m.files.forEach((f, i) => {
      if (files.has(f.sha256)) issue('fichier déclaré deux fois', ['files', i]);
      files.add(f.sha256);
    });
    const classes = new Set(m.classes.map((c) => c.classRef));
    const students = new Set<string>();
    const codes = new Set<string>();
    m.students.forEach((s, i) => {
      if (students.has(s.studentRef)) issue('élève déclaré deux fois', ['students', i, 'studentRef']);
      students.add(s.studentRef);
      const code = normalizeAccessCode(s.accessCode);
      if (codes.has(code)) issue('code d’accès utilisé deux fois', ['students', i, 'accessCode']);
      codes.add(code);
      if (!classes.has(s.classRef)) issue('classe inconnue', ['students', i, 'classRef']);
      s.photos.forEach((p, j) => {
        if (!files.has(p.sha256)) issue('fichier non déclaré', ['students', i, 'photos', j]);
      });
      if (s.orderFormSha256 && !files.has(s.orderFormSha256))
        issue('fichier non déclaré', ['students', i, 'orderFormSha256']);
    });
    m.classes.forEach((c, i) =>
      c.classPhotos.forEach((p, j) => {
        if (!files.has(p.sha256)) issue('fichier non déclaré', ['classes', i, 'classPhotos', j]);
      }),
    );
  });
export type Manifest = z.infer<typeof manifestSchema>;

// ---- Errors ---------------------------------------------------------------------------------

export const PLATFORM_ERROR_CODES = [
  'unauthorized',
  'not_found',
  'invalid_request',
  'conflict',
  'offset_mismatch',
  'chunk_hash_mismatch',
  'file_hash_mismatch',
  'file_not_declared',
  'missing_files',
  'gallery_closed',
  'ordering_closed',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'internal',
] as const;
export type PlatformErrorCode = (typeof PLATFORM_ERROR_CODES)[number];

/** Body of every non-2xx JSON answer. */
export const errorResponseSchema = z.object({
  error: z.object({
    code: z.enum(PLATFORM_ERROR_CODES),
    message: z.string(),
    /** For `offset_mismatch`: the offset the platform expects next. */
    expectedOffset: z.number().int().min(0).optional(),
    /** For `missing_files`: what is still missing. */
    missing: z.array(sha256Schema).optional(),
  }),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

// ---- Routes ---------------------------------------------------------------------------------

/** GET /api/v1/studio — checks the token. */
export const studioResponseSchema = z.object({
  protocolVersion: z.literal(PROTOCOL_VERSION),
  studioName: z.string(),
  maxChunkBytes: z.number().int().positive(),
});

/**
 * Whom families ask about their gallery: the association that sells (the data controller named on
 * the order forms), never a person's own details unless they are the association's. Optional: a
 * studio of an earlier version does not send it, and a platform of an earlier version ignores it.
 */
export const galleryContactSchema = z.object({
  name: z.string().min(1).max(200),
  email: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
});
export type GalleryContact = z.infer<typeof galleryContactSchema>;

/** PUT /api/v1/galleries/:galleryRef — create or update the school's gallery. */
export const putGalleryRequestSchema = z.object({
  schoolName: z.string().min(1).max(200),
  town: z.string().max(200),
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/),
  contact: galleryContactSchema.optional(),
});
export type PutGalleryRequest = z.infer<typeof putGalleryRequestSchema>;

export const GALLERY_STATES = ['open', 'closed', 'deleted'] as const;

export const galleryResponseSchema = z.object({
  galleryRef: refSchema,
  schoolName: z.string(),
  town: z.string(),
  schoolYear: z.string(),
  state: z.enum(GALLERY_STATES),
  /** The manifest families currently see; null before the first finalize. */
  liveManifestRef: refSchema.nullable(),
  liveVersion: z.number().int().nullable(),
  publishedAt: z.string().nullable(),
  /** Address of the family page. */
  familyUrl: z.string(),
});
export type GalleryResponse = z.infer<typeof galleryResponseSchema>;

/** PUT /api/v1/galleries/:galleryRef/manifests/:manifestRef — body: a manifest. */
export const fileStatusSchema = z.object({
  sha256: sha256Schema,
  size: z.number().int().positive(),
  /** Verified bytes already held: upload resumes from here. */
  receivedBytes: z.number().int().min(0),
});
export type FileStatus = z.infer<typeof fileStatusSchema>;

export const MANIFEST_STATES = ['draft', 'live', 'superseded'] as const;

export const manifestStatusResponseSchema = z.object({
  manifestRef: refSchema,
  state: z.enum(MANIFEST_STATES),
  version: z.number().int().nullable(),
  /** Files the platform does not hold in full yet. */
  missing: z.array(fileStatusSchema),
});
export type ManifestStatusResponse = z.infer<typeof manifestStatusResponseSchema>;

/** GET /api/v1/galleries/:galleryRef/manifests/live — the manifest families see. */
export const liveManifestResponseSchema = z.object({
  manifestRef: refSchema,
  version: z.number().int(),
  manifest: manifestSchema,
});
export type LiveManifestResponse = z.infer<typeof liveManifestResponseSchema>;

/** PUT /api/v1/galleries/:galleryRef/files/:sha256 (headers x-chunk-offset, x-chunk-sha256; raw body). */
export const chunkResponseSchema = fileStatusSchema.extend({
  complete: z.boolean(),
});
export type ChunkResponse = z.infer<typeof chunkResponseSchema>;

/** One entry of the batch header. */
export interface BatchItem {
  sha256: string;
  size: number;
}

/** Writes the batch header for files sent in this order. */
export function formatBatchHeader(items: readonly BatchItem[]): string {
  return items.map((i) => `${i.sha256}:${i.size}`).join(',');
}

/** Reads the batch header; null when it is malformed, empty, too long or lists a file twice. */
export function parseBatchHeader(header: string | undefined): BatchItem[] | null {
  if (!header) return null;
  const items: BatchItem[] = [];
  const seen = new Set<string>();
  for (const part of header.split(',')) {
    const m = /^([0-9a-f]{64}):(\d{1,10})$/.exec(part.trim());
    if (!m) return null;
    const size = Number(m[2]);
    if (size < 1 || size > MAX_BATCH_BYTES || seen.has(m[1]!)) return null;
    seen.add(m[1]!);
    items.push({ sha256: m[1]!, size });
  }
  return items.length > 0 && items.length <= MAX_BATCH_FILES ? items : null;
}

/**
 * PUT /api/v1/galleries/:galleryRef/batch — the outcome of each file of a batch, in header order.
 * Each file stands alone: a file that fails its check carries `error` and is not stored, the
 * others are. Retrying the whole batch is safe (files already stored answer `complete: true`).
 */
export const batchFileResultSchema = chunkResponseSchema.extend({
  error: z
    .object({
      code: z.enum(PLATFORM_ERROR_CODES),
      message: z.string(),
      expectedOffset: z.number().int().min(0).optional(),
    })
    .optional(),
});
export type BatchFileResult = z.infer<typeof batchFileResultSchema>;

export const batchResponseSchema = z.object({ files: z.array(batchFileResultSchema) });
export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** POST /api/v1/galleries/:galleryRef/manifests/:manifestRef/finalize */
export const finalizeResponseSchema = z.object({
  manifestRef: refSchema,
  version: z.number().int().positive(),
  publishedAt: z.string(),
});
export type FinalizeResponse = z.infer<typeof finalizeResponseSchema>;

/**
 * POST /api/v1/galleries/:galleryRef/students/:studentRef/remove — optional body. `erasure`: the
 * platform forgets the student's access codes entirely (a family typing one is told the code is
 * unknown, as for a code that never existed); `withdrawal` (the default): the codes are remembered
 * as withdrawn, so the family is told kindly whom to ask.
 */
export const removeStudentRequestSchema = z
  .object({ reason: z.enum(['withdrawal', 'erasure']).default('withdrawal') })
  .strict();
export type RemoveStudentRequest = z.input<typeof removeStudentRequestSchema>;

/** POST /api/v1/galleries/:galleryRef/students/:studentRef/remove */
export const removeStudentResponseSchema = z.object({
  studentRef: refSchema,
  /** Whether the student was in the live manifest (false: nothing to remove, still a success). */
  removed: z.boolean(),
  liveManifestRef: refSchema.nullable(),
  version: z.number().int().nullable(),
  /** Class photos withdrawn with the student. */
  classPhotosRemoved: z.number().int().min(0),
});
export type RemoveStudentResponse = z.infer<typeof removeStudentResponseSchema>;

// ---- Online orders ----------------------------------------------------------------------------

/** One line of an online order: a product offered to the family, a pose, a quantity. */
export const platformOrderLineSchema = z.object({
  ref: z.string().min(1).max(8),
  /** Pose number as printed on the paper form; null for a product that is not a print of one pose. */
  pose: z.number().int().min(1).max(99).nullable(),
  quantity: z.number().int().min(1).max(99),
  unitCents: z.number().int().min(0),
  totalCents: z.number().int().min(0),
});
export type PlatformOrderLine = z.infer<typeof platformOrderLineSchema>;

/** `paid` when placed; cancellations and refunds are later events, never deletions. */
export const PLATFORM_ORDER_STATUSES = ['paid', 'cancelled', 'refunded'] as const;
export type PlatformOrderStatus = (typeof PLATFORM_ORDER_STATUSES)[number];

/** An online order as the platform holds it now (its latest state). */
export const platformOrderSchema = z.object({
  /** The platform's own order id: the studio's order book is idempotent by it. */
  orderId: refSchema,
  galleryRef: refSchema,
  /** The gallery entry (student, or siblings sharing one code) that ordered. */
  studentRef: refSchema,
  lines: z.array(platformOrderLineSchema).min(1).max(60),
  totalCents: z.number().int().min(0),
  paymentStatus: z.enum(PLATFORM_ORDER_STATUSES),
  /** The payment provider's reference (the sandbox's simulated payments start with `SIMUL-`). */
  paymentRef: z.string().max(80),
  /** Why it was cancelled or refunded ('' while paid). */
  reason: z.string().max(500),
  placedAt: z.string(),
  updatedAt: z.string(),
});
export type PlatformOrder = z.infer<typeof platformOrderSchema>;

/** Largest page of `GET …/orders`. */
export const MAX_ORDERS_PAGE = 500;

/**
 * GET /api/v1/galleries/:galleryRef/orders?cursor=C&limit=N — the orders that changed after the
 * cursor ('' or absent: from the start), oldest change first, each order once in a page with its
 * latest state. `nextCursor` resumes after the last order returned; an order shows again only
 * when it changes later (a cancellation, a refund).
 */
export const ordersPageResponseSchema = z.object({
  orders: z.array(platformOrderSchema),
  nextCursor: z.string().max(40),
  hasMore: z.boolean(),
});
export type OrdersPageResponse = z.infer<typeof ordersPageResponseSchema>;

/**
 * POST /api/v1/galleries/:galleryRef/orders/:orderId/cancel and …/refund (studio token; the
 * hosted platform's back office does the same): records the event with its reason.
 */
export const orderEventRequestSchema = z.object({ reason: z.string().trim().min(1).max(500) }).strict();

/** POST /api/v1/galleries/:galleryRef/close */
export const closeResponseSchema = galleryResponseSchema;

export const apiPaths = {
  studio: () => `${API_PREFIX}/studio`,
  gallery: (g: string) => `${API_PREFIX}/galleries/${encodeURIComponent(g)}`,
  manifest: (g: string, m: string) =>
    `${API_PREFIX}/galleries/${encodeURIComponent(g)}/manifests/${encodeURIComponent(m)}`,
  liveManifest: (g: string) => `${API_PREFIX}/galleries/${encodeURIComponent(g)}/manifests/live`,
  finalize: (g: string, m: string) =>
    `${API_PREFIX}/galleries/${encodeURIComponent(g)}/manifests/${encodeURIComponent(m)}/finalize`,
  file: (g: string, sha256: string) => `${API_PREFIX}/galleries/${encodeURIComponent(g)}/files/${sha256}`,
  batch: (g: string) => `${API_PREFIX}/galleries/${encodeURIComponent(g)}/batch`,
  removeStudent: (g: string, s: string) =>
    `${API_PREFIX}/galleries/${encodeURIComponent(g)}/students/${encodeURIComponent(s)}/remove`,
  close: (g: string) => `${API_PREFIX}/galleries/${encodeURIComponent(g)}/close`,
  orders: (g: string, cursor = '', limit = MAX_ORDERS_PAGE) =>
    `${API_PREFIX}/galleries/${encodeURIComponent(g)}/orders?cursor=${encodeURIComponent(cursor)}&limit=${limit}`,
  orderEvent: (g: string, orderId: string, kind: 'cancel' | 'refund') =>
    `${API_PREFIX}/galleries/${encodeURIComponent(g)}/orders/${encodeURIComponent(orderId)}/${kind}`,
} as const;
