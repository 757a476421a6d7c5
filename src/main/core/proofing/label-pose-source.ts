/**
 * The pose source of order forms and publishing over hand labels and proofing choices: each
 * student's offered poses (a person's choice, else their best rated photos in capture order) as
 * previews on disk with their rotation, and each class's picked class photo with the students it
 * shows (its labels, else the class's roster) for the consent gate.
 */
import type { ClassPhotoPick, FormPose } from '../../../shared/domain/order-form';
import { cachePaths } from '../ingest/derivatives';
import type { OpenJob } from '../jobs/job-folder';
import type { PoseSource } from '../forms/pose-source';
import type { ProofingService } from './proofing.service';
import { ProofingRepository } from './proofing.repository';

export class LabelPoseSource implements PoseSource {
  constructor(private readonly proofing: ProofingService) {}

  posesOf(job: OpenJob, studentIds: readonly string[]): Promise<Map<string, FormPose[]>> {
    const out = new Map<string, FormPose[]>();
    for (const [studentId, poses] of this.proofing.posesOf(job, studentIds))
      out.set(
        studentId,
        poses.map((p, i) => ({
          number: i + 1,
          imagePath: cachePaths(job.dir, p.photoId).preview,
          photoId: p.photoId,
          rotation: p.rotation,
        })),
      );
    return Promise.resolve(out);
  }

  classPhotosOf(job: OpenJob): Promise<ClassPhotoPick[]> {
    const repo = job.repo(ProofingRepository);
    const labels = repo.studentsByPhoto();
    const roster = repo.students();
    const picks: ClassPhotoPick[] = [];
    for (const [classId, c] of this.proofing.classPhotos(job)) {
      if (!c.pickedPhotoId) continue;
      const labeled = labels.get(c.pickedPhotoId) ?? [];
      picks.push({
        classId,
        photoId: c.pickedPhotoId,
        imagePath: cachePaths(job.dir, c.pickedPhotoId).preview,
        studentIds:
          labeled.length > 0 ? labeled : roster.filter((s) => s.classId === classId).map((s) => s.id),
        rotation: this.proofing.rotationOf(job, c.pickedPhotoId),
      });
    }
    return Promise.resolve(picks);
  }
}
