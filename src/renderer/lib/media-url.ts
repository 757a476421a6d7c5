/**
 * URL of an image from the media route: Electron serves it on its own `preau-media://app` protocol
 * (the UI itself is not on an http origin there); the browser host serves it on the page's origin,
 * so a relative path carries the session cookie and satisfies `img-src 'self'`.
 */
import { mediaPath, type MediaRef } from '../../shared/media';
import { findBridge } from '../rpc/ipc-transport';

export const ELECTRON_MEDIA_BASE = 'preau-media://app';

export function mediaUrl(ref: MediaRef, inElectron: boolean = findBridge() !== undefined): string {
  return `${inElectron ? ELECTRON_MEDIA_BASE : ''}${mediaPath(ref)}`;
}
