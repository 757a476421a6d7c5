/**
 * What a file on a card is, from its name alone: a photo, a sidecar of a photo, or another file.
 * Every file is copied and verified the same way whatever it is; this only decides what the job
 * shows. Sidecars are the files cameras and recorders write next to a photo under its base name
 * (an XMP with ratings, the THM of a clip, a WAV voice note dictated on the back of the camera:
 * « IMG_0042.WAV » belongs to « IMG_0042.JPG » in the same folder); they follow their photo (its
 * final name, its erasure). The rest (a README, a video, a camera's settings file) is listed as
 * « autres fichiers » in words, never as an unreadable image.
 */
import path from 'node:path';
import type { MessageKey } from '../../../shared/i18n';
import { kindOf } from './derivatives';

export const CARD_FILE_ROLES = ['photo', 'sidecar', 'other'] as const;
export type CardFileRole = (typeof CARD_FILE_ROLES)[number];

export const SIDECAR_KINDS = ['xmp', 'thm', 'wav'] as const;
export type SidecarKind = (typeof SIDECAR_KINDS)[number];

export function sidecarKindOf(relPath: string): SidecarKind | null {
  const ext = path.posix.extname(relPath).slice(1).toLowerCase();
  return (SIDECAR_KINDS as readonly string[]).includes(ext) ? (ext as SidecarKind) : null;
}

/** A photo by its extension, a sidecar by its extension (attached later, if its photo is there), else other. */
export function roleOf(relPath: string): CardFileRole {
  if (kindOf(relPath) !== 'other') return 'photo';
  return sidecarKindOf(relPath) ? 'sidecar' : 'other';
}

/**
 * The key a sidecar and its photo share: the folder and the base name without extension, in
 * upper case (cards are FAT: « img_0042.wav » and « IMG_0042.JPG » are one name). A sidecar named
 * after the whole photo name (« IMG_0042.JPG.xmp », as some editors write) has the same key.
 */
export function pairKey(relPath: string): string {
  const dir = path.posix.dirname(relPath);
  let base = path.posix.basename(relPath);
  base = base.slice(0, base.length - path.posix.extname(base).length);
  if (kindOf(base) !== 'other') base = base.slice(0, base.length - path.posix.extname(base).length);
  return `${dir}/${base}`.toUpperCase();
}

/** The final name of a sidecar: its photo's final name with the sidecar's own extension. */
export function sidecarName(photoFinalName: string, sidecarRelPath: string): string {
  const stem = photoFinalName.slice(0, photoFinalName.length - path.extname(photoFinalName).length);
  const ext = path.posix.extname(sidecarRelPath).toUpperCase();
  return `${stem}${/^\.[A-Z0-9]{1,8}$/.test(ext) ? ext : ''}`;
}

const TEXT = new Set(['txt', 'md', 'log', 'csv', 'json', 'xml', 'ini', 'cfg', 'htm', 'html', 'nfo']);
const VIDEO = new Set(['mov', 'mp4', 'mts', 'm2ts', 'avi', 'mxf', 'crm', 'lrv', 'm4v']);
const AUDIO = new Set(['wav', 'mp3', 'm4a', 'aac']);

/** « fichier texte », « vidéo », « fichier sans extension »… with the i18n key and its parameters. */
export function describeOther(relPath: string): { key: MessageKey; params: Record<string, string> } {
  const ext = path.posix.extname(path.posix.basename(relPath)).slice(1).toLowerCase();
  if (!ext) return { key: 'ingest.other.noExtension', params: {} };
  if (ext === 'xmp') return { key: 'ingest.other.orphanXmp', params: {} };
  if (ext === 'thm') return { key: 'ingest.other.orphanThm', params: {} };
  if (AUDIO.has(ext)) return { key: 'ingest.other.audio', params: { ext: ext.toUpperCase() } };
  if (TEXT.has(ext)) return { key: 'ingest.other.text', params: { ext: ext.toUpperCase() } };
  if (VIDEO.has(ext)) return { key: 'ingest.other.video', params: { ext: ext.toUpperCase() } };
  if (ext === 'pdf') return { key: 'ingest.other.pdf', params: {} };
  return { key: 'ingest.other.generic', params: { ext: ext.toUpperCase() } };
}
