/**
 * Sends a file chosen with `<input type="file">` to the browser host (`POST /upload`), which keeps
 * it privately and answers the path the core will read. Failures become the usual UI errors.
 */
import { RpcCallError } from '../../../shared/rpc/client';

export async function uploadFile(file: File): Promise<{ path: string; name: string; size: number }> {
  let response: Response;
  try {
    response = await fetch(`/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/octet-stream' },
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new RpcCallError({ code: 'disconnected', message: '', params: {} });
  }
  if (response.status === 413) {
    throw new RpcCallError({ code: 'roster_too_large', message: '', params: { file: file.name } });
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string };
    throw new RpcCallError({
      code: 'internal',
      message: '',
      params: { ref: body.error ?? String(response.status) },
    });
  }
  return (await response.json()) as { path: string; name: string; size: number };
}
