/**
 * What the ingest hands to whoever reads printed codes on frames (the cards feature): the preview's
 * pixels, already decoded for the preview (no second decode of the original), and a way to decode
 * the original again at a higher resolution, used only for a frame that looks like a card but gave
 * nothing. Called inside the ingest's image concurrency, before the photo counts as done.
 */
import type { OpenJob } from '../jobs/job-folder';

export interface FramePixels {
  data: Uint8Array;
  width: number;
  height: number;
  /** 1 (grey), 3 (RGB) or 4 (RGBA). */
  channels: number;
}

export interface FrameCodePort {
  read(
    job: OpenJob,
    photoId: string,
    pixels: FramePixels,
    sharper: () => Promise<FramePixels>,
  ): Promise<void>;
}
