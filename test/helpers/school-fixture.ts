/**
 * A generated school to publish: classes, students with private codes, individual and class
 * photos as real files on disk (random bytes of JPEG-like sizes, or small real JPEGs made with
 * sharp when a browser must display them), and the PublishInput the job integration will build.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { Manifest, ManifestFile } from '../../src/shared/publish/protocol';
import type { PublishInput } from '../../src/main/core/publish/upload-engine';

export interface SchoolOptions {
  classes?: number;
  studentsPerClass?: number;
  photosPerStudent?: number;
  /** 'jpeg' = small real images; otherwise a size range in bytes for random content. */
  content?: 'jpeg' | { minBytes: number; maxBytes: number };
}

export interface GeneratedStudent {
  studentRef: string;
  classRef: string;
  accessCode: string;
  photos: string[];
  classPhotos: string[];
}

export interface GeneratedSchool {
  input: PublishInput;
  students: GeneratedStudent[];
  /** Local file path of every SHA-256. */
  paths: Map<string, string>;
  dir: string;
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export function accessCode(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]!);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}

let colour = 0;
async function fileContent(content: SchoolOptions['content']): Promise<Buffer> {
  if (content === 'jpeg') {
    colour++;
    return sharp({
      create: {
        width: 96,
        height: 72,
        channels: 3,
        background: { r: (colour * 53) % 256, g: (colour * 97) % 256, b: (colour * 29) % 256 },
      },
    })
      .jpeg({ quality: 80 })
      .toBuffer();
  }
  const range = content ?? { minBytes: 2_000, maxBytes: 60_000 };
  const size = range.minBytes + Math.floor(Math.random() * (range.maxBytes - range.minBytes + 1));
  const data = randomBytes(size);
  // A JPEG start-of-image marker, so the files look like what they stand for.
  data[0] = 0xff;
  data[1] = 0xd8;
  return data;
}

export async function generateSchool(dir: string, options: SchoolOptions = {}): Promise<GeneratedSchool> {
  const { classes = 2, studentsPerClass = 3, photosPerStudent = 2 } = options;
  const filesDir = path.join(dir, 'files');
  mkdirSync(filesDir, { recursive: true });
  const files: ManifestFile[] = [];
  const paths = new Map<string, string>();
  const addFile = async (name: string) => {
    const data = await fileContent(options.content);
    const sha = sha256(data);
    const file = path.join(filesDir, `${name}.jpg`);
    writeFileSync(file, data);
    files.push({ sha256: sha, size: data.length, mediaType: 'image/jpeg' });
    paths.set(sha, file);
    return sha;
  };
  const manifest: Manifest = {
    protocolVersion: 1,
    retention: { closeDate: '2099-08-20', deleteDate: '2100-12-31' },
    classes: [],
    students: [],
    files,
  };
  const students: GeneratedStudent[] = [];
  for (let c = 1; c <= classes; c++) {
    const classRef = `classe-${c}`;
    const refs = Array.from({ length: studentsPerClass }, (_, i) => `eleve-${c}-${i + 1}`);
    const classSha = await addFile(`${classRef}-groupe`);
    manifest.classes.push({
      classRef,
      label: `CM${c}`,
      classPhotos: [{ sha256: classSha, studentRefs: refs }],
    });
    for (const studentRef of refs) {
      const photos: string[] = [];
      for (let p = 1; p <= photosPerStudent; p++) photos.push(await addFile(`${studentRef}-pose-${p}`));
      const code = accessCode();
      manifest.students.push({
        studentRef,
        classRef,
        accessCode: code,
        displayName: `Élève ${studentRef.slice(6)}`,
        photos: photos.map((sha, i) => ({ sha256: sha, pose: i + 1 })),
      });
      students.push({ studentRef, classRef, accessCode: code, photos, classPhotos: [classSha] });
    }
  }
  return {
    input: {
      galleryRef: 'ecole-pasteur-2026',
      gallery: { schoolName: 'École Pasteur', town: 'Brest', schoolYear: '2026-2027' },
      manifest,
      localPaths: paths,
    },
    students,
    paths,
    dir,
  };
}
