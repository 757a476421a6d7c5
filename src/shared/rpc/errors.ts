/**
 * The one error shape that crosses the RPC boundary. Every failure in the core becomes an `RpcError`:
 * a stable `code` the UI can translate, the parameters its message needs, and a French message ready
 * to show (the CLI prints it as is; the UI re-renders it in the user's language from code + params).
 */
import { z } from 'zod';

export const ERROR_CODES = [
  'invalid_params',
  'unknown_method',
  'unauthorized',
  'not_found',
  'not_a_job_folder',
  'folder_not_empty',
  'already_a_job',
  'folder_missing',
  'not_a_folder',
  'db_too_new',
  'db_corrupt',
  'read_only',
  'disk_full',
  'locked',
  'job_not_open',
  'cancelled',
  'unsupported',
  'internal',
  'roster_empty',
  'roster_unsupported',
  'roster_old_excel',
  'roster_bad_quote',
  'roster_bad_xml',
  'roster_needs_mapping',
  'roster_mapping_column_missing',
  'roster_zip_without_roster',
  'roster_too_large',
  'roster_zip_too_big',
  'roster_zip_entries',
  'roster_zip_nested',
  'roster_zip_encrypted',
  'roster_no_classes',
  'class_exists',
  'consent_adult_self',
  'consent_minor_self',
  'consent_one_holder',
  'consent_date_future',
  'consent_undo_not_last',
  'consent_undo_superseded',
  'consent_sheet_needs_mapping',
  'label_consent_forbidden',
  /** The connection to the core dropped before the answer came (browser host restarted or stopped). */
  'disconnected',
  'source_lost',
  'ingest_disk_full',
  'ingest_disk_full_previews',
  /** A check of the originals found damaged or missing copies (before a production run, a purge). */
  'originals_damaged',
  /** A scanned or typed order number that no production run made. */
  'production_unknown_order',
  /** A lab profile name that is not among the studio's profiles. */
  'production_unknown_profile',
  'path_too_long',
  /** A path the user gave is wrong for what it is used for (CLI argument or path field). */
  'name_too_long',
  'parent_missing',
  'output_is_folder',
  'input_is_folder',
  'file_missing',
  'unreadable',
  /** A folder of a job is a symbolic link leading out of the job folder. */
  'link_outside',
  /** The folder browser of the browser host lists only the home folder and mounted volumes. */
  'folder_not_allowed',
  /** A call too big to send to the core (refused by the UI before it is sent). */
  'request_too_large',
  'code_length',
  'code_character',
  'code_typo',
  'code_unknown',
  'price_list_sibling_not_allowed',
  'forms_association_missing',
  'forms_no_class',
  'forms_disk_full',
  'order_unknown_product',
  'order_unknown_pose',
  'order_not_found',
  'order_ambiguous',
  'order_status_refused',
  'order_no_line',
  'orders_sync_nothing_published',
  'orders_sync_failed',
  'order_close_failed',
  'platform_failed',
  'access_controller_missing',
  'proofing_not_student_photo',
  'proofing_too_many_poses',
  'proofing_not_class_photo',
  'proofing_crop_outside',
  'proofing_crop_ratio',
  'publish_no_platform',
  'publish_failed',
  'publish_gallery_closed',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type ErrorParams = z.infer<typeof errorParamsSchema>;

export const validationIssueSchema = z.object({
  /** Dotted path of the offending field, e.g. `schoolName` or `shootDates.0`. Empty for the whole input. */
  path: z.string(),
  message: z.string(),
});
export type ValidationIssue = z.infer<typeof validationIssueSchema>;

export const rpcErrorSchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  params: errorParamsSchema.optional(),
  issues: z.array(validationIssueSchema).optional(),
});
export type RpcError = z.infer<typeof rpcErrorSchema>;
