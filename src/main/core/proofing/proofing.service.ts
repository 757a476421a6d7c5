/**
 * Use cases of proofing: which poses each student is offered on the order form, star ratings,
 * rotations, crops per print ratio and the class photo of each class. Proofing builds on the hand
 * labeling (who is on which photo, which photos are class photos or rejected) and never decides on
 * image content: without a person's choice the poses are the student's photos, best rated first,
 * then in capture order, one per moment when two cameras shot the same instant.
 */
import sharp from 'sharp';
import {
  cropProblem,
  DEFAULT_MAX_POSES,
  distinctMoments,
  PRINT_RATIOS,
  rotateRectClockwise,
  type CropRect,
  type PrintRatioId,
  type ProofingOverview,
  type Rotation,
} from '../../../shared/domain/proofing';
import type { PhotoMark } from '../../../shared/domain/labeling';
import { AppError } from '../../lib/errors';
import { cachePaths } from '../ingest/derivatives';
import type { OpenJob } from '../jobs/job-folder';
import type { LabelingService } from '../labeling/labeling.service';
import { ProofingRepository, type PhotoRow } from './proofing.repository';

/** Marks that keep a photo out of a student's individual poses. */
const NOT_A_POSE: readonly (PhotoMark | null)[] = ['class', 'staff', 'rejected'];

/** How a print ratio is named in messages: « 13×18 », « carré ». */
export function ratioLabel(id: PrintRatioId): string {
  const r = PRINT_RATIOS.find((x) => x.id === id)!;
  return id === 'square' ? 'carré' : `${r.short}×${r.long}`;
}

/** Best rated first, then capture order on the shared timeline (photos without a capture time last), then file name. */
function byStarsThenCapture(a: PhotoRow, b: PhotoRow): number {
  return (
    b.stars - a.stars ||
    (a.correctedMs ?? Number.MAX_SAFE_INTEGER) - (b.correctedMs ?? Number.MAX_SAFE_INTEGER) ||
    a.fileName.localeCompare(b.fileName)
  );
}

interface ProofingState {
  repo: ProofingRepository;
  max: number;
  photos: Map<string, PhotoRow>;
  /** Capture order of every photo. */
  order: Map<string, number>;
  byStudent: Map<string, string[]>;
  chosen: Map<string, string[]>;
  /** Two cameras' frames this close (the job's burst threshold) are one moment. */
  momentMs: number;
}

export interface StudentPoses {
  /** Usable photos of the student, in capture order. */
  photoIds: string[];
  poses: string[];
  chosen: boolean;
}

export interface ClassPhotos {
  classPhotoIds: string[];
  pickedPhotoId: string | null;
  chosen: boolean;
}

export class ProofingService {
  constructor(
    private readonly labeling: LabelingService,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private state(job: OpenJob): ProofingState {
    const repo = job.repo(ProofingRepository);
    const rows = repo.photos();
    return {
      repo,
      max: repo.maxPoses() ?? DEFAULT_MAX_POSES,
      photos: new Map(rows.map((r) => [r.id, r])),
      order: new Map(rows.map((r, i) => [r.id, i])),
      byStudent: repo.photosByStudent(),
      chosen: repo.chosenPoses(),
      momentMs: this.labeling.thresholdsOf(job).subjectGapSeconds * 1000,
    };
  }

  private usable(s: ProofingState, studentId: string): string[] {
    return (s.byStudent.get(studentId) ?? [])
      .filter((id) => {
        const p = s.photos.get(id);
        return p !== undefined && !NOT_A_POSE.includes(p.mark);
      })
      .sort((a, b) => s.order.get(a)! - s.order.get(b)!);
  }

  private posesIn(s: ProofingState, studentId: string): StudentPoses {
    const photoIds = this.usable(s, studentId);
    const allowed = new Set(photoIds);
    // A choice survives later labeling changes only for the photos still usable.
    const chosen = (s.chosen.get(studentId) ?? []).filter((id) => allowed.has(id)).slice(0, s.max);
    if (chosen.length > 0) return { photoIds, poses: chosen, chosen: true };
    const best = photoIds.map((id) => s.photos.get(id)!).sort(byStarsThenCapture);
    const poses = distinctMoments(best, s.max, s.momentMs).map((p) => p.id);
    return { photoIds, poses, chosen: false };
  }

  /** The poses offered to each student (ordered, favorite first) with each pose's rotation. */
  posesOf(
    job: OpenJob,
    studentIds: readonly string[],
  ): Map<string, { photoId: string; rotation: Rotation }[]> {
    const s = this.state(job);
    const out = new Map<string, { photoId: string; rotation: Rotation }[]>();
    for (const id of studentIds) {
      const poses = this.posesIn(s, id).poses;
      if (poses.length > 0)
        out.set(
          id,
          poses.map((photoId) => ({ photoId, rotation: s.photos.get(photoId)!.rotation })),
        );
    }
    return out;
  }

  /** Class photos per class (photos marked « photo de classe » in the class's sessions) and the pick. */
  classPhotos(job: OpenJob): Map<string, ClassPhotos> {
    const repo = job.repo(ProofingRepository);
    const rows = repo.photos().filter((p) => p.mark === 'class');
    const classOf = this.labeling.photoClasses(job);
    const byClass = new Map<string, PhotoRow[]>();
    for (const p of rows) {
      const classId = classOf.get(p.id);
      if (classId) byClass.set(classId, [...(byClass.get(classId) ?? []), p]);
    }
    const picks = repo.classPicks();
    const out = new Map<string, ClassPhotos>();
    for (const [classId, photos] of byClass) {
      const ids = photos.map((p) => p.id);
      const pick = picks.get(classId);
      const chosen = pick !== undefined && ids.includes(pick);
      out.set(classId, {
        classPhotoIds: ids,
        pickedPhotoId: chosen ? pick : ([...photos].sort(byStarsThenCapture)[0]?.id ?? null),
        chosen,
      });
    }
    return out;
  }

  /** Rotation of a photo (for proofs of class photos). */
  rotationOf(job: OpenJob, photoId: string): Rotation {
    return job.repo(ProofingRepository).rotation(photoId);
  }

  overview(job: OpenJob, classId?: string): ProofingOverview {
    const s = this.state(job);
    const roster = s.repo.students().filter((st) => classId === undefined || st.classId === classId);
    const students = roster.map((st) => ({
      studentId: st.id,
      classId: st.classId,
      ...this.posesIn(s, st.id),
    }));
    const classes = [...this.classPhotos(job)]
      .filter(([id]) => classId === undefined || id === classId)
      .map(([id, c]) => ({ classId: id, ...c }));
    const shown = new Set([
      ...students.flatMap((st) => st.photoIds),
      ...classes.flatMap((c) => c.classPhotoIds),
    ]);
    const crops = new Map<string, { ratio: PrintRatioId; rect: CropRect }[]>();
    for (const c of s.repo.crops())
      if (shown.has(c.photoId))
        crops.set(c.photoId, [...(crops.get(c.photoId) ?? []), { ratio: c.ratio, rect: c.rect }]);
    const photos = [...shown].map((id) => {
      const p = s.photos.get(id)!;
      return {
        photoId: id,
        stars: p.stars,
        rotation: p.rotation,
        crops: crops.get(id) ?? [],
        width: p.width,
        height: p.height,
        captureMs: p.captureMs,
      };
    });
    return { maxPoses: s.max, students, classes, photos };
  }

  setMaxPoses(job: OpenJob, max: number): void {
    job.repo(ProofingRepository).setMaxPoses(max, this.now().toISOString());
  }

  setPoses(job: OpenJob, studentId: string, photoIds: readonly string[]): void {
    const s = this.state(job);
    if (!s.repo.studentExists(studentId)) throw new AppError('not_found', { what: `élève ${studentId}` });
    const wanted = [...new Set(photoIds)];
    if (wanted.length > s.max) throw new AppError('proofing_too_many_poses', { max: s.max });
    const usable = new Set(this.usable(s, studentId));
    const wrong = wanted.find((id) => !usable.has(id));
    if (wrong !== undefined)
      throw new AppError('proofing_not_student_photo', { photo: s.photos.get(wrong)?.fileName ?? wrong });
    s.repo.transaction(() => s.repo.setPoses(studentId, wanted, this.now().toISOString()));
  }

  private requirePhotos(repo: ProofingRepository, ids: readonly string[]): void {
    const missing = ids.find((id) => !repo.photoExists(id));
    if (missing !== undefined) throw new AppError('not_found', { what: `photo ${missing}` });
  }

  rate(job: OpenJob, photoIds: readonly string[], stars: number): void {
    const repo = job.repo(ProofingRepository);
    this.requirePhotos(repo, photoIds);
    const now = this.now().toISOString();
    repo.transaction(() => {
      for (const id of new Set(photoIds)) repo.setStars(id, stars, now);
    });
  }

  /** Sets the rotation; each crop turns with the photo so it frames the same part of it. */
  rotate(job: OpenJob, photoIds: readonly string[], rotation: Rotation): void {
    const repo = job.repo(ProofingRepository);
    this.requirePhotos(repo, photoIds);
    const now = this.now().toISOString();
    repo.transaction(() => {
      for (const id of new Set(photoIds)) {
        const turns = ((rotation - repo.rotation(id) + 360) % 360) / 90;
        if (turns === 0) continue;
        for (const c of repo.crops(id)) {
          let rect = c.rect;
          for (let i = 0; i < turns; i += 1) rect = rotateRectClockwise(rect);
          repo.setCrop(id, c.ratio, rect, now);
        }
        repo.setRotation(id, rotation, now);
      }
    });
  }

  /** Pixel size of the photo as shown in proofing (its preview, turned by its rotation). */
  private async shownSize(job: OpenJob, photo: PhotoRow): Promise<{ width: number; height: number }> {
    let width = photo.width;
    let height = photo.height;
    try {
      const meta = await sharp(cachePaths(job.dir, photo.id).preview).metadata();
      width = meta.autoOrient.width;
      height = meta.autoOrient.height;
    } catch {
      // No preview (not made yet or purged): the size ingest recorded.
    }
    if (!width || !height) throw new AppError('not_found', { what: `aperçu de la photo ${photo.fileName}` });
    return photo.rotation === 90 || photo.rotation === 270
      ? { width: height, height: width }
      : { width, height };
  }

  async setCrop(job: OpenJob, photoId: string, ratio: PrintRatioId, rect: CropRect | null): Promise<void> {
    const s = this.state(job);
    const photo = s.photos.get(photoId);
    if (!photo) throw new AppError('not_found', { what: `photo ${photoId}` });
    if (rect) {
      const size = await this.shownSize(job, photo);
      const problem = cropProblem(ratio, rect, size.width, size.height);
      if (problem === 'outside') throw new AppError('proofing_crop_outside', { ratio: ratioLabel(ratio) });
      if (problem === 'ratio') throw new AppError('proofing_crop_ratio', { ratio: ratioLabel(ratio) });
    }
    s.repo.setCrop(photoId, ratio, rect, this.now().toISOString());
  }

  pickClassPhoto(job: OpenJob, classId: string, photoId: string | null): void {
    const repo = job.repo(ProofingRepository);
    if (!repo.classExists(classId)) throw new AppError('not_found', { what: `classe ${classId}` });
    if (photoId !== null && !(this.classPhotos(job).get(classId)?.classPhotoIds ?? []).includes(photoId))
      throw new AppError('proofing_not_class_photo');
    repo.pickClassPhoto(classId, photoId, this.now().toISOString());
  }
}
