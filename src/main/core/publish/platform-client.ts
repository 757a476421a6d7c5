/**
 * The studio's side of the publish protocol over axios: one typed method per route, every answer
 * checked against the shared schemas. Failures become `PublishError`s carrying the route, the
 * status and the platform's code — never the request headers, so the API token cannot leak into a
 * log line or an error message (axios errors carry the whole request config, so they are never
 * passed on as they are).
 */
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import type { z } from 'zod';
import {
  apiPaths,
  BATCH_HEADER,
  batchResponseSchema,
  CHUNK_HEADERS,
  chunkResponseSchema,
  closeResponseSchema,
  ordersPageResponseSchema,
  platformOrderSchema,
  type OrdersPageResponse,
  type PlatformOrder,
  errorResponseSchema,
  finalizeResponseSchema,
  galleryResponseSchema,
  liveManifestResponseSchema,
  manifestStatusResponseSchema,
  removeStudentResponseSchema,
  type RemoveStudentRequest,
  studioResponseSchema,
  formatBatchHeader,
  type BatchItem,
  type BatchResponse,
  type ChunkResponse,
  type FinalizeResponse,
  type GalleryResponse,
  type LiveManifestResponse,
  type Manifest,
  type ManifestStatusResponse,
  type PlatformErrorCode,
  type PutGalleryRequest,
  type RemoveStudentResponse,
} from '../../../shared/publish/protocol';

export type PublishErrorCode = PlatformErrorCode | 'network' | 'cancelled' | 'bad_response' | 'local_file';

export class PublishError extends Error {
  constructor(
    readonly code: PublishErrorCode,
    message: string,
    readonly details: { status?: number; route?: string; expectedOffset?: number; missing?: string[] } = {},
  ) {
    super(message);
    this.name = 'PublishError';
  }

  /** Worth another try: the network failed, or the platform is overloaded or broken for a moment. */
  get retryable(): boolean {
    if (this.code === 'network') return true;
    const status = this.details.status ?? 0;
    return status >= 500 || status === 429;
  }
}

/**
 * Why the platform failed, as the code and numbers the user's message is made of (`cause` picks the
 * words of `errors.publish_failed` and `errors.orders_sync_failed` in the reader's language): the
 * error's own message, in French with the route, is for the log only.
 */
export function platformCause(error: PublishError): { cause: string; status?: number; count?: number } {
  const status = error.details.status ?? 0;
  switch (error.code) {
    case 'unauthorized':
    case 'network':
    case 'bad_response':
    case 'local_file':
    case 'ordering_closed':
      return { cause: error.code };
    case 'file_hash_mismatch':
      if (status === 0) return { cause: 'files_refused', count: error.details.missing?.length ?? 0 };
      break;
    default:
      break;
  }
  if (status >= 500 || status === 429) return { cause: 'unavailable', status };
  if (status > 0) return { cause: 'refused', status };
  return { cause: 'other' };
}

export interface PlatformClientOptions {
  baseUrl: string;
  token: string;
  /** Sockets kept open per platform (at least the upload concurrency). */
  maxSockets?: number;
  timeoutMs?: number;
}

const FRENCH_STATUS: Partial<Record<PublishErrorCode, string>> = {
  unauthorized: 'la plateforme refuse le jeton du studio : vérifiez le jeton dans les réglages',
  gallery_closed: 'la galerie est fermée sur la plateforme',
  network: 'la plateforme ne répond pas (réseau coupé ?)',
};

export class PlatformClient {
  private readonly http: AxiosInstance;

  constructor(options: PlatformClientOptions) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 10 };
    this.http = axios.create({
      baseURL: options.baseUrl.replace(/\/+$/, ''),
      timeout: options.timeoutMs ?? 120_000,
      headers: { Authorization: `Bearer ${options.token}` },
      // Every status is handled here, so axios never builds an error around the request config.
      validateStatus: () => true,
      maxBodyLength: Infinity,
      maxContentLength: 64 * 1024 * 1024,
      maxRedirects: 0,
      httpAgent: new http.Agent(agentOptions),
      httpsAgent: new https.Agent(agentOptions),
      proxy: false,
    });
  }

  private async request<S extends z.ZodType>(
    route: string,
    schema: S,
    config: {
      method: 'GET' | 'PUT' | 'POST';
      data?: unknown;
      headers?: Record<string, string>;
      signal?: AbortSignal | undefined;
    },
  ): Promise<z.infer<S>> {
    let response: AxiosResponse<unknown>;
    try {
      response = await this.http.request({ url: route, ...config });
    } catch (error) {
      if (config.signal?.aborted || axios.isCancel(error))
        throw new PublishError('cancelled', 'publication annulée', { route });
      const code = (error as { code?: string }).code ?? 'erreur réseau';
      throw new PublishError('network', `${FRENCH_STATUS.network} — ${config.method} ${route} : ${code}`, {
        route,
      });
    }
    if (response.status >= 200 && response.status < 300) {
      const parsed = schema.safeParse(response.data);
      if (!parsed.success)
        throw new PublishError(
          'bad_response',
          `réponse inattendue de la plateforme pour ${config.method} ${route}`,
          {
            status: response.status,
            route,
          },
        );
      return parsed.data;
    }
    const body = errorResponseSchema.safeParse(response.data);
    const code: PublishErrorCode = body.success
      ? body.data.error.code
      : response.status >= 500
        ? 'internal'
        : 'bad_response';
    const message =
      FRENCH_STATUS[code] ?? (body.success ? body.data.error.message : `erreur HTTP ${response.status}`);
    throw new PublishError(code, `${message} (${config.method} ${route}, HTTP ${response.status})`, {
      status: response.status,
      route,
      ...(body.success && body.data.error.expectedOffset !== undefined
        ? { expectedOffset: body.data.error.expectedOffset }
        : {}),
      ...(body.success && body.data.error.missing ? { missing: body.data.error.missing } : {}),
    });
  }

  studio(signal?: AbortSignal) {
    return this.request(apiPaths.studio(), studioResponseSchema, { method: 'GET', signal });
  }

  getGallery(galleryRef: string, signal?: AbortSignal): Promise<GalleryResponse> {
    return this.request(apiPaths.gallery(galleryRef), galleryResponseSchema, { method: 'GET', signal });
  }

  putGallery(galleryRef: string, body: PutGalleryRequest, signal?: AbortSignal): Promise<GalleryResponse> {
    return this.request(apiPaths.gallery(galleryRef), galleryResponseSchema, {
      method: 'PUT',
      data: body,
      signal,
    });
  }

  getLiveManifest(galleryRef: string, signal?: AbortSignal): Promise<LiveManifestResponse> {
    return this.request(apiPaths.liveManifest(galleryRef), liveManifestResponseSchema, {
      method: 'GET',
      signal,
    });
  }

  putManifest(
    galleryRef: string,
    manifestRef: string,
    manifest: Manifest,
    signal?: AbortSignal,
  ): Promise<ManifestStatusResponse> {
    return this.request(apiPaths.manifest(galleryRef, manifestRef), manifestStatusResponseSchema, {
      method: 'PUT',
      data: manifest,
      signal,
    });
  }

  getManifestStatus(
    galleryRef: string,
    manifestRef: string,
    signal?: AbortSignal,
  ): Promise<ManifestStatusResponse> {
    return this.request(apiPaths.manifest(galleryRef, manifestRef), manifestStatusResponseSchema, {
      method: 'GET',
      signal,
    });
  }

  putChunk(
    galleryRef: string,
    sha256: string,
    offset: number,
    chunkSha256: string,
    data: Buffer,
    signal?: AbortSignal,
  ): Promise<ChunkResponse> {
    return this.request(apiPaths.file(galleryRef, sha256), chunkResponseSchema, {
      method: 'PUT',
      data,
      headers: {
        'content-type': 'application/octet-stream',
        [CHUNK_HEADERS.offset]: String(offset),
        [CHUNK_HEADERS.sha256]: chunkSha256,
      },
      signal,
    });
  }

  /** Sends small whole files in one request (`PUT …/batch`); `body` is their bytes in `items` order. */
  async putBatch(
    galleryRef: string,
    items: readonly BatchItem[],
    body: Buffer,
    signal?: AbortSignal,
  ): Promise<BatchResponse> {
    const answer = await this.request(apiPaths.batch(galleryRef), batchResponseSchema, {
      method: 'PUT',
      data: body,
      headers: { 'content-type': 'application/octet-stream', [BATCH_HEADER]: formatBatchHeader(items) },
      signal,
    });
    if (answer.files.length !== items.length || answer.files.some((f, i) => f.sha256 !== items[i]!.sha256))
      throw new PublishError('bad_response', 'réponse inattendue de la plateforme pour un lot de fichiers', {
        route: apiPaths.batch(galleryRef),
      });
    return answer;
  }

  finalize(galleryRef: string, manifestRef: string, signal?: AbortSignal): Promise<FinalizeResponse> {
    return this.request(apiPaths.finalize(galleryRef, manifestRef), finalizeResponseSchema, {
      method: 'POST',
      signal,
    });
  }

  removeStudent(
    galleryRef: string,
    studentRef: string,
    reason: 'withdrawal' | 'erasure' = 'withdrawal',
    signal?: AbortSignal,
  ): Promise<RemoveStudentResponse> {
    return this.request(apiPaths.removeStudent(galleryRef, studentRef), removeStudentResponseSchema, {
      method: 'POST',
      data: { reason } satisfies RemoveStudentRequest,
      signal,
    });
  }

  /** One page of the orders changed after `cursor` ('' from the start). */
  orders(
    galleryRef: string,
    cursor: string,
    limit?: number,
    signal?: AbortSignal,
  ): Promise<OrdersPageResponse> {
    return this.request(apiPaths.orders(galleryRef, cursor, limit), ordersPageResponseSchema, {
      method: 'GET',
      signal,
    });
  }

  /** Cancels or refunds an online order on the platform (the event is kept with its reason). */
  orderEvent(
    galleryRef: string,
    orderId: string,
    kind: 'cancel' | 'refund',
    reason: string,
    signal?: AbortSignal,
  ): Promise<PlatformOrder> {
    return this.request(apiPaths.orderEvent(galleryRef, orderId, kind), platformOrderSchema, {
      method: 'POST',
      data: { reason },
      signal,
    });
  }

  close(galleryRef: string, signal?: AbortSignal): Promise<GalleryResponse> {
    return this.request(apiPaths.close(galleryRef), closeResponseSchema, { method: 'POST', signal });
  }

  /** Closes kept-alive sockets (end of a publish, tests). */
  destroy(): void {
    const defaults = this.http.defaults;
    (defaults.httpAgent as http.Agent | undefined)?.destroy();
    (defaults.httpsAgent as https.Agent | undefined)?.destroy();
  }
}
