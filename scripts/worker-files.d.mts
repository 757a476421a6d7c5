/** Worker thread files, as paths from the repository's root. */
export const WORKER_FILES: readonly string[];
/** Copies every worker file into `outDir`, next to the bundle that starts it. */
export function copyWorkers(outDir: string): void;
