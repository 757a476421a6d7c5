/**
 * "No AI, ever": portraits of minors are biometric data, so the product ships no face detection,
 * recognition, scoring or machine-learning inference of any kind. This check reads the installed
 * dependency tree (package-lock.json) and names every package that would break that promise.
 */
export const FORBIDDEN_PACKAGE_PATTERNS: readonly RegExp[] = [
  /^@tensorflow\//,
  /^@tensorflow-models\//,
  /^face-api\.js$/,
  /^@vladmandic\/(human|face-api)/,
  /^onnxruntime(-[a-z]+)?$/,
  /^@xenova\/transformers$/,
  /^@huggingface\/(transformers|inference)$/,
  /^@mediapipe\//,
  /^opencv(4nodejs|-js|-wasm|\.js)?$/,
  /^@u4\/opencv4nodejs$/,
  /^@techstark\/opencv-js$/,
  /^ml5$/,
  /^brain\.js$/,
  /^synaptic$/,
  /^face-recognition$/,
  /^facenet/,
  /^pico\.js$/,
  /^tracking$/,
  /^clmtrackr$/,
  /^blazeface$/,
  /^node-llama-cpp$/,
  /^@aws-sdk\/client-rekognition$/,
  /^@azure\/cognitiveservices-face$/,
  /^@google-cloud\/vision$/,
];

export function isForbiddenPackage(name: string): boolean {
  return FORBIDDEN_PACKAGE_PATTERNS.some((pattern) => pattern.test(name));
}

interface Lockfile {
  packages?: Record<string, { name?: string; version?: string }>;
}

/** Names of forbidden packages anywhere in a package-lock.json (v2/v3) tree. */
export function findForbiddenPackages(lockfile: Lockfile): string[] {
  const found = new Set<string>();
  for (const [key, entry] of Object.entries(lockfile.packages ?? {})) {
    const fromPath = key.split('node_modules/').at(-1) ?? '';
    for (const name of [fromPath, entry.name ?? '']) if (name && isForbiddenPackage(name)) found.add(name);
  }
  return [...found].sort();
}
