/** Address of a photo's thumbnail or preview: the Electron media protocol, or the browser host's own origin. */
import { mediaPath } from '../../../shared/media';
import { findBridge } from '../../rpc/ipc-transport';

export function mediaUrl(jobId: string, kind: 'thumb' | 'preview', id: string): string {
  const base = findBridge() ? 'preau-media://app' : '';
  return `${base}${mediaPath({ jobId, kind, id })}`;
}
